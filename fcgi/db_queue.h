/* db_queue: the SQL of a ticket's life after it was taken: calls, service,
 * transfers, the customer's own actions, and staff performance. */
#ifndef QS_DB_QUEUE_H
#define QS_DB_QUEUE_H

#include <json-c/json.h>

#include "filters.h"
#include "qs_db.h"
#include "ticket.h"

/* A ticket locked FOR UPDATE for a transition. */
struct qs_ticket_lock {
	long id, department_id, service_id, counter_id, served_by;
	char status[16];
	int recall_count, delays_used, rated;
};

/* By id or by public id; QS_E_NOT_FOUND. */
enum qs_rc db_queue_lock(struct qs_db *db, long id, const char *public_id,
                         struct qs_ticket_lock *out, struct qs_err *err);

/* In one query: the counter's department if user holds it open (*dept, 0
 * when not), and the user's called or serving ticket (*active, 0 when
 * none). */
enum qs_rc db_queue_desk_of(struct qs_db *db, long counter_id, long user_id, long *dept,
                            long *active, struct qs_err *err);
/* Does the counter serve the service (no listed services: all)? */
enum qs_rc db_queue_counter_serves(struct qs_db *db, long counter_id, long service_id, int *yes,
                                   struct qs_err *err);

/* Call the first waiting ticket the counter serves (FOR UPDATE SKIP LOCKED:
 * two callers never get the same one), then the department's seq, then
 * COMMIT, in one round trip (sql qs_ticket_call_next).  *found 0 when
 * nobody waits (nothing changed; the transaction is over all the same). */
enum qs_rc db_queue_call_next_commit(struct qs_db *db, long department_id, long counter_id,
                                     long user_id, int *found, long *seq, char **waiting,
                                     struct qs_ticket *out, struct qs_err *err);
enum qs_rc db_queue_call(struct qs_db *db, long id, long counter_id, long user_id,
                         struct qs_err *err);
/* status: "called" (one more recall) or "no_show" (recalled too often) */
enum qs_rc db_queue_recall(struct qs_db *db, long id, const char *status, struct qs_err *err);
enum qs_rc db_queue_start(struct qs_db *db, long id, struct qs_err *err);
enum qs_rc db_queue_complete(struct qs_db *db, long id, const char *notes, struct qs_err *err);
enum qs_rc db_queue_no_show(struct qs_db *db, long id, struct qs_err *err);
enum qs_rc db_queue_cancel(struct qs_db *db, long id, struct qs_err *err);
enum qs_rc db_queue_transfer(struct qs_db *db, long id, long service_id, struct qs_err *err);
enum qs_rc db_queue_requeue(struct qs_db *db, long id, int last, struct qs_err *err);
enum qs_rc db_queue_delay(struct qs_db *db, long id, struct qs_err *err);
enum qs_rc db_queue_rate(struct qs_db *db, long id, long rating, const char *comment,
                         struct qs_err *err);

/* Count a completed (or no-show) ticket in its staff member's day. */
enum qs_rc db_perf_count(struct qs_db *db, long ticket_id, int completed, struct qs_err *err);

/* The id of the ticket with this public id, or 0. */
enum qs_rc db_queue_id_by_public(struct qs_db *db, const char *public_id, long *id,
                                 struct qs_err *err);

/* Ticket ids for the staff list, waiting ones first in queue order. */
enum qs_rc db_queue_list(struct qs_db *db, const struct qs_ticket_filter *f, long limit,
                         long offset, long *ids, int *n, long *total, struct qs_err *err);

/* Complaints (JSON from qs_complaint_json). */
enum qs_rc db_complaint_insert(struct qs_db *db, long ticket_id, long department_id,
                               const char *category, const char *message, json_object **out,
                               struct qs_err *err);
enum qs_rc db_complaint_list(struct qs_db *db, long department_id, const char *status,
                             long limit, long offset, json_object **out, struct qs_err *err);
/* The complaint's department; QS_E_NOT_FOUND. */
enum qs_rc db_complaint_department(struct qs_db *db, long id, long *dept, struct qs_err *err);
enum qs_rc db_complaint_resolve(struct qs_db *db, long id, const char *resolution, long user_id,
                                json_object **out, struct qs_err *err);

/* An integer system setting. */
enum qs_rc db_setting_long(struct qs_db *db, const char *key, long *value, struct qs_err *err);

#endif
