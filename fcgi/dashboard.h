/* dashboard: what the dashboard queries answer, shared by db_dashboard,
 * svc_dashboard and view_dashboard.  Every figure is defined in SQL
 * (sql/migrations/005_dashboards.sql); these structs only carry them. */
#ifndef QS_DASHBOARD_H
#define QS_DASHBOARD_H

#include "dates.h"

/* The figures of a group of tickets (qs_dashboard_figures()); a time, share
 * or rating that no ticket has is NAN (null in JSON). */
struct qs_figures {
	long arrivals, served, no_shows, cancelled, ratings, complaints;
	double avg_wait_s, p90_wait_s, avg_service_s, avg_call_to_start_s;
	double sla_met_pct, avg_rating;
};

/* The departments a report covers: one (department_id > 0) or all active
 * ones (0), with what the reply states about them. */
struct qs_dash_scope {
	long department_id;
	long departments;               /* how many are covered */
	char today[QS_DATE_LEN];        /* the department's local date (all: the latest) */
	char timezone[64];              /* "" when several */
	int sla_wait_minutes;           /* 0 when several */
};

/* Figures of now, whatever the date asked for. */
struct qs_dash_live {
	long waiting_now, serving_now, open_counters, open_complaints;
};

struct qs_dash_service_row {
	long service_id, department_id, waiting_now;
	const char *name, *prefix;
	struct qs_figures f;
};

struct qs_dash_hour_row {
	int hour;                       /* local hour label 0..23 */
	const char *start;              /* RFC 3339 UTC, NULL when several zones */
	long arrivals, served;
	double avg_wait_s;
};

struct qs_dash_department_row {
	long department_id;
	const char *name, *timezone;
	struct qs_dash_live live;
	struct qs_figures f;
};

struct qs_dash_day_row {
	const char *date;
	struct qs_figures f;
};

struct qs_dash_staff_row {
	long user_id;
	const char *full_name;
	struct qs_figures f;
};

/* One ticket of the CSV export; every field is text as it goes into the
 * file ("" for none). */
#define QS_EXPORT_COLUMNS 22
extern const char *const qs_export_header[QS_EXPORT_COLUMNS];

#endif
