/* db_org: departments, services, counters and settings.  Each object comes
 * back as JSON built by the SQL functions of migration 003 (one shape per
 * object, whatever the query). */
#ifndef QS_DB_ORG_H
#define QS_DB_ORG_H

#include <json-c/json.h>

#include "filters.h"
#include "qs_db.h"


/* A field of a PATCH: set says it was given; NULL text means SQL NULL. */
struct qs_opt_text {
	int set;
	const char *v;
};
struct qs_opt_long {
	int set;
	long v;
};

struct qs_department_in {
	struct qs_opt_text name, timezone, opening_hours; /* opening_hours: JSON text */
	struct qs_opt_long sla_wait_minutes, active;
};
struct qs_service_in {
	struct qs_opt_text name, prefix, description;
	struct qs_opt_long avg_service_minutes, active;
};
struct qs_counter_in {
	struct qs_opt_text name, service_ids;             /* service_ids: "{1,2}" */
	long n_service_ids;                               /* distinct ids in it */
	struct qs_opt_long active;
};

enum qs_rc db_department_list(struct qs_db *db, long only_id, const struct qs_page *pg,
                              json_object **out, struct qs_err *err);
enum qs_rc db_department_get(struct qs_db *db, long id, json_object **out, struct qs_err *err);
enum qs_rc db_department_insert(struct qs_db *db, const struct qs_department_in *in,
                                json_object **out, struct qs_err *err);
enum qs_rc db_department_update(struct qs_db *db, long id, const struct qs_department_in *in,
                                json_object **out, struct qs_err *err);
enum qs_rc db_timezone_valid(struct qs_db *db, const char *tz, int *valid, struct qs_err *err);

enum qs_rc db_service_list(struct qs_db *db, long department_id, const struct qs_page *pg,
                           json_object **out, struct qs_err *err);
enum qs_rc db_service_get(struct qs_db *db, long id, json_object **out, struct qs_err *err);
enum qs_rc db_service_insert(struct qs_db *db, long department_id, const struct qs_service_in *in,
                             json_object **out, struct qs_err *err);
enum qs_rc db_service_update(struct qs_db *db, long id, const struct qs_service_in *in,
                             json_object **out, struct qs_err *err);
/* How many of ids ("{1,2}") are active services of the department. */
enum qs_rc db_services_count_active(struct qs_db *db, long department_id, const char *ids,
                                    long *count, struct qs_err *err);

enum qs_rc db_counter_list(struct qs_db *db, long department_id, const struct qs_page *pg,
                           json_object **out, struct qs_err *err);
enum qs_rc db_counter_get(struct qs_db *db, long id, json_object **out, struct qs_err *err);
enum qs_rc db_counter_insert(struct qs_db *db, long department_id, const char *name, long *id,
                             struct qs_err *err);
enum qs_rc db_counter_update(struct qs_db *db, long id, const struct qs_counter_in *in,
                             struct qs_err *err);
enum qs_rc db_counter_set_services(struct qs_db *db, long id, const char *ids,
                                   struct qs_err *err);
/* state: "open" (staff_id = user), "paused" or "closed" (staff_id cleared).
 * *changed = 0 when the counter is inactive or held by someone else. */
enum qs_rc db_counter_set_state(struct qs_db *db, long id, const char *state, long user_id,
                                int *changed, struct qs_err *err);

/* The department of a service, counter or user (0 for an admin user).
 * QS_E_NOT_FOUND when there is no such object. */
enum qs_object { QS_OBJ_SERVICE, QS_OBJ_COUNTER, QS_OBJ_USER };
enum qs_rc db_object_department(struct qs_db *db, enum qs_object kind, long id, long *dept,
                                struct qs_err *err);

enum qs_rc db_settings_get(struct qs_db *db, json_object **out, struct qs_err *err);
/* Upsert every key of patch (JSON object text). */
enum qs_rc db_settings_update(struct qs_db *db, const char *patch, struct qs_err *err);

#endif
