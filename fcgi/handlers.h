/* handlers: one function per route; see routes.c for the table. */
#ifndef QS_HANDLERS_H
#define QS_HANDLERS_H

#include "qs_http.h"

enum qs_rc h_health(struct qs_req *req, struct qs_err *err);
enum qs_rc h_metrics(struct qs_req *req, struct qs_err *err);
enum qs_rc h_openapi(struct qs_req *req, struct qs_err *err);
enum qs_rc h_public_departments(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_display(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_login(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_refresh(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_logout(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_logout_all(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_me(struct qs_req *req, struct qs_err *err);
enum qs_rc h_auth_password(struct qs_req *req, struct qs_err *err);
enum qs_rc h_departments_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_departments_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_departments_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_departments_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_departments_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_services_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_services_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_services_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_services_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_services_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_open(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_pause(struct qs_req *req, struct qs_err *err);
enum qs_rc h_counters_close(struct qs_req *req, struct qs_err *err);
enum qs_rc h_settings_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_settings_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_users_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_users_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_users_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_users_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_users_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_call_next(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_call(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_recall(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_start(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_complete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_no_show(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_cancel(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_transfer(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_requeue(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_tickets_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_track_get(struct qs_req *req, struct qs_err *err);
enum qs_rc h_track_cancel(struct qs_req *req, struct qs_err *err);
enum qs_rc h_track_delay(struct qs_req *req, struct qs_err *err);
enum qs_rc h_track_rating(struct qs_req *req, struct qs_err *err);
enum qs_rc h_track_complaint(struct qs_req *req, struct qs_err *err);
enum qs_rc h_complaints_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_complaints_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_dashboard_summary(struct qs_req *req, struct qs_err *err);
enum qs_rc h_dashboard_staff(struct qs_req *req, struct qs_err *err);
enum qs_rc h_dashboard_trend(struct qs_req *req, struct qs_err *err);
enum qs_rc h_dashboard_alerts(struct qs_req *req, struct qs_err *err);
enum qs_rc h_dashboard_export(struct qs_req *req, struct qs_err *err);
enum qs_rc h_shifts_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_shifts_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_shifts_update(struct qs_req *req, struct qs_err *err);
enum qs_rc h_shifts_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_list(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_create(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_bulk(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_delete(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_me(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_me_ics(struct qs_req *req, struct qs_err *err);
enum qs_rc h_schedules_coverage(struct qs_req *req, struct qs_err *err);
enum qs_rc h_assistant_ask(struct qs_req *req, struct qs_err *err);
enum qs_rc h_assistant_staffing(struct qs_req *req, struct qs_err *err);

/* Shared by handlers: parse the JSON body and read it against fields (*body
 * is set even on a validation error; the caller puts it). */
struct qs_field;
enum qs_rc h_read_body(struct qs_req *req, const struct qs_field *fields, size_t n,
                       json_object **body, struct qs_err *err);

/* Shared by handlers: ?limit= (1..200, default 50) and ?offset=. */
struct qs_page;
enum qs_rc h_page(const struct qs_req *req, struct qs_page *pg, struct qs_err *err);

/* Shared by handlers: parse a path parameter as a positive id. */
enum qs_rc h_param_id(const struct qs_req *req, int i, long *id, struct qs_err *err);

#endif
