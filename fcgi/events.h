/* events: publish a committed change to Redis, on qstream:dept:{id}. */
#ifndef QS_EVENTS_H
#define QS_EVENTS_H

#include <json-c/json.h>

#include "ctx.h"
#include "ticket.h"

/* Every event is published as one message holding two views of it, built
 * here by the view owners (view_ticket.c):
 *   {"staff": {"type", "department_id", "seq", "ts", ..., "waiting"},
 *    "public": {the same event, with only what a public screen may see}}
 * The bridge sends the staff view to sockets authenticated as staff of the
 * department and the public view to every other socket; it never edits a
 * view (wsbridge/br_event.c).  The waiting counts (waiting_json, the JSON
 * text of {"7": 12} as db_department_next_seq() returns it) are in both.
 * Call only after COMMIT.  A failed publish is logged and counted, never an
 * error: the change is committed and clients repair through `seq`. */

/* {"type": "counter_update", ..., "ticket": null, "counter"}: the staff
 * view carries the counter as GET /counters lists it, the public view only
 * {id, name, state}.  Consumes counter. */
void qs_event_publish_counter(struct qs_ctx *ctx, const char *req_id, long department_id,
                              long seq, json_object *counter, const char *waiting_json);

/* An event whose body is one more key, the same in both views: value
 * (consumed) must hold nothing a public screen may not see. */
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

/* The event of a ticket change: "ticket" is the staff view of t in the staff
 * view and the PublicTicket in the public one, exactly as REST answers them;
 * "counter" is its counter as {id, name} (or null) in both. */
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
