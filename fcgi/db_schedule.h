/* db_schedule: shifts, schedules and staffing (sql/migrations/006).  The
 * Shift and Schedule shapes are built by qs_shift_json() and
 * qs_schedule_json() in SQL, their one owner. */
#ifndef QS_DB_SCHEDULE_H
#define QS_DB_SCHEDULE_H

#include <json-c/json.h>

#include "filters.h"
#include "qs_db.h"

struct qs_shift_row {
	long id, department_id;
	int active;
	char start_time[6], end_time[6];
};

/* {items: [Shift], total}; active only unless all. */
enum qs_rc db_shift_list(struct qs_db *db, long dept, int all, const struct qs_page *pg,
                         json_object **out, struct qs_err *err);
enum qs_rc db_shift_get(struct qs_db *db, long id, struct qs_shift_row *out, struct qs_err *err);
enum qs_rc db_shift_json(struct qs_db *db, long id, json_object **out, struct qs_err *err);
/* QS_E_CONFLICT: an active shift of that name exists. */
enum qs_rc db_shift_insert(struct qs_db *db, long dept, const char *name, const char *start,
                           const char *end, long *id, struct qs_err *err);
/* NULL leaves a field as it is. */
enum qs_rc db_shift_update(struct qs_db *db, long id, const char *name, const char *start,
                           const char *end, const char *active, struct qs_err *err);
/* How many schedules of the shift have not ended yet, and the first one's
 * date. */
enum qs_rc db_shift_future(struct qs_db *db, long id, long *count, char first[11],
                           struct qs_err *err);

/* The user as a schedule needs them: department, role and whether active. */
enum qs_rc db_schedule_person(struct qs_db *db, long user_id, long *dept, int *active,
                              struct qs_err *err);
/* A counter's department and whether it is in use (QS_E_NOT_FOUND). */
enum qs_rc db_schedule_counter(struct qs_db *db, long counter_id, long *dept, int *active,
                               struct qs_err *err);
/* Insert (the span from the shift's times in the department's zone); an
 * overlap of the person's spans is QS_E_CONFLICT. */
enum qs_rc db_schedule_insert(struct qs_db *db, long dept, long user_id, long shift_id,
                              const char *day, long counter_id, long created_by, long *id,
                              struct qs_err *err);
/* The person's schedule that a new one (shift on day) would overlap: its id
 * and "<shift name> on <date>". */
enum qs_rc db_schedule_overlapping(struct qs_db *db, long user_id, long shift_id,
                                   const char *day, long *other, char *what, size_t whatlen,
                                   struct qs_err *err);
enum qs_rc db_schedule_owner(struct qs_db *db, long id, long *dept, long *user_id,
                             struct qs_err *err);
enum qs_rc db_schedule_delete(struct qs_db *db, long id, struct qs_err *err);
/* [Schedule] of the ids ("{1,2}"), in id order. */
enum qs_rc db_schedule_json_list(struct qs_db *db, const char *ids, json_object **out,
                                 struct qs_err *err);

/* {items: [Schedule], total}: dept (0: any), user (0: anyone), local dates
 * from..to, ordered by start. */
enum qs_rc db_schedule_list(struct qs_db *db, long dept, long user_id, const char *from,
                            const char *to, const struct qs_page *pg, json_object **out,
                            struct qs_err *err);

struct qs_staffing_row {
	int hour;
	const char *start;              /* RFC 3339 UTC */
	long scheduled;
	double expected_arrivals, aht_seconds;
};
/* The department's zone, target and today. */
enum qs_rc db_staffing_department(struct qs_db *db, long dept, char tz[64], int *sla_minutes,
                                  char today[11], struct qs_err *err);
enum qs_rc db_staffing_hours(struct qs_db *db, long dept, const char *day,
                             void (*fn)(const struct qs_staffing_row *, void *), void *arg,
                             struct qs_err *err);

/* A department's name and zone, the zone's offset at `from`, and its offset
 * changes from a year before `from` to two days after `to` (hourly
 * resolution), for a calendar file.  *transitions is malloc'ed (caller
 * frees); dept 0: UTC, no department. */
struct qs_ics_transition;
enum qs_rc db_schedule_zone(struct qs_db *db, long dept, const char *from, const char *to,
                            char name[201], char tz[64], int *offset_s,
                            struct qs_ics_transition **transitions, size_t *n,
                            struct qs_err *err);

#endif
