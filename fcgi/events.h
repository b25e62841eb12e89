/* events: publish a committed change to Redis, on qstream:dept:{id}. */
#ifndef QS_EVENTS_H
#define QS_EVENTS_H

#include <json-c/json.h>

#include "ctx.h"
#include "ticket.h"

/* Build and publish {"type", "department_id", "seq", "ts", "ticket",
 * "counter", "waiting"}.  Consumes ticket and counter (either may be NULL);
 * waiting_json is the JSON text of the waiting counts ({"7": 12}), as
 * db_department_next_seq() returns it.  Call only after COMMIT.  A failed
 * publish is logged and counted, never an error: the change is committed
 * and clients repair through `seq`. */
void qs_event_publish(struct qs_ctx *ctx, const char *req_id, const char *type,
                      long department_id, long seq, json_object *ticket,
                      json_object *counter, const char *waiting_json);

/* An event whose body is one more key (consumes value). */
void qs_event_publish_with(struct qs_ctx *ctx, const char *req_id, const char *type,
                           long department_id, long seq, const char *key, json_object *value,
                           const char *waiting_json);

/* {"type": "alerts_updated", ..., "alerts_total": N}: the department's
 * service-level alerts changed (the alert job, see svc_alerts_tick()).  The
 * event reaches every socket of the channel, public screens too, so it
 * carries only how many there are: the alerts themselves (counters idle,
 * tickets waiting) are read with a token from GET /dashboard/alerts. */
void qs_event_publish_alerts(struct qs_ctx *ctx, long department_id, long seq, long total,
                             const char *waiting_json);

/* The event of a ticket change: the staff view of t, its counter as
 * {id, name} (or null). */
void qs_event_publish_ticket(struct qs_ctx *ctx, const char *req_id, const char *type,
                             const struct qs_ticket *t, long seq, const char *waiting_json);

/* Tell the WebSocket bridges that tokens died, so that sockets authenticated
 * with them lose the staff view now rather than at expiry: one login session
 * (session_id > 0), or every token of the user older than token_version.
 * Published on qstream:auth after COMMIT; best effort, like every event: a
 * bridge that misses it still drops the staff view when the token expires. */
void qs_event_publish_revoked(struct qs_ctx *ctx, long user_id, long session_id,
                              long token_version);

#endif
