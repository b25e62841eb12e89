/* svc_org: the rules of the organisation: departments, services, counters
 * and system settings, with the access matrix of the contract.  Objects of
 * a department the caller may not see answer 404, as if they did not exist.
 * Every function returns the object as JSON in *out (a new object). */
#ifndef QS_SVC_ORG_H
#define QS_SVC_ORG_H

#include <json-c/json.h>

#include "ctx.h"
#include "db_org.h"
#include "qs_http.h"

/* Read access: admins everything, everyone else their own department. */
enum qs_rc svc_scope_read(const struct qs_principal *who, long department_id,
                          struct qs_err *err);
/* Manage access (services, counters, staff): admins everything, managers
 * their own department, staff nothing (403). */
enum qs_rc svc_scope_manage(const struct qs_principal *who, long department_id,
                            struct qs_err *err);

enum qs_rc svc_department_list(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_page *pg, json_object **out, struct qs_err *err);
enum qs_rc svc_department_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                              json_object **out, struct qs_err *err);
/* id 0: create. */
enum qs_rc svc_department_save(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                               const struct qs_department_in *in, json_object *opening_hours,
                               json_object **out, struct qs_err *err);

/* Services and counters of a department, and one of them (QS_OBJ_SERVICE or
 * QS_OBJ_COUNTER), for anyone who may read that department. */
enum qs_rc svc_dept_object_list(struct qs_ctx *ctx, const struct qs_principal *who,
                                enum qs_object kind, long dept, const struct qs_page *pg,
                                json_object **out, struct qs_err *err);
enum qs_rc svc_dept_object_get(struct qs_ctx *ctx, const struct qs_principal *who,
                               enum qs_object kind, long id, json_object **out,
                               struct qs_err *err);

/* dept: create in that department; id: update that service. */
enum qs_rc svc_service_save(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                            long id, const struct qs_service_in *in, json_object **out,
                            struct qs_err *err);

enum qs_rc svc_counter_save(struct qs_ctx *ctx, const char *req_id,
                            const struct qs_principal *who, long dept, long id,
                            const struct qs_counter_in *in, json_object **out,
                            struct qs_err *err);
/* state: "open", "paused" or "closed"; publishes counter_update. */
enum qs_rc svc_counter_set_state(struct qs_ctx *ctx, const char *req_id,
                                 const struct qs_principal *who, long id, const char *state,
                                 json_object **out, struct qs_err *err);

/* The refusal of an action that needs `counter` (as qs_counter_json shows
 * it) held open by user_id: 409 conflict with the reason counter_inactive,
 * counter_taken (someone else holds it), counter_paused (the caller holds it
 * paused) or counter_not_open. */
enum qs_rc svc_counter_refusal(json_object *counter, long user_id, struct qs_err *err);

enum qs_rc svc_settings_get(struct qs_ctx *ctx, json_object **out, struct qs_err *err);
enum qs_rc svc_settings_update(struct qs_ctx *ctx, json_object *patch, json_object **out,
                               struct qs_err *err);

/* {"mon": [["08:00","17:00"]], ...}: weekday keys only, spans of valid
 * HH:MM with from < to, not overlapping.  Adds a detail for `field`. */
enum qs_rc qs_opening_hours_check(json_object *hours, const char *field, struct qs_err *err);

#endif
