/* view_dashboard: the JSON shapes of the dashboard replies.  Each function
 * names every field its shape includes (the contract's "Dashboards"). */
#ifndef QS_VIEW_DASHBOARD_H
#define QS_VIEW_DASHBOARD_H

#include <json-c/json.h>

#include "dashboard.h"

/* The figures of a day (the summary's totals and each day of the trend):
 * arrivals, served, no_shows, cancelled, avg_wait_seconds, p90_wait_seconds,
 * avg_service_seconds, sla_met_pct, avg_rating, ratings; added to o. */
void qs_dash_figures_add(json_object *o, const struct qs_figures *f);

/* waiting_now, serving_now, open_counters, open_complaints; added to o. */
void qs_dash_live_add(json_object *o, const struct qs_dash_live *l);

json_object *qs_dash_service_json(const struct qs_dash_service_row *r);
json_object *qs_dash_hour_json(const struct qs_dash_hour_row *r);
json_object *qs_dash_department_json(const struct qs_dash_department_row *r);
json_object *qs_dash_day_json(const struct qs_dash_day_row *r);
json_object *qs_dash_staff_json(const struct qs_dash_staff_row *r);
/* The caller's own figures (staff): served, avg_service_seconds,
 * avg_rating, ratings, no_shows. */
json_object *qs_dash_me_json(const struct qs_figures *f);

#endif
