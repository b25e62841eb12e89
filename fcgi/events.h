/* events: publish a committed change to Redis, on qstream:dept:{id}. */
#ifndef QS_EVENTS_H
#define QS_EVENTS_H

#include <json-c/json.h>

#include "ctx.h"

/* Build and publish {"type", "department_id", "seq", "ts", "ticket",
 * "counter", "waiting"}.  Consumes ticket, counter (may be NULL) and waiting.
 * Call only after COMMIT.  A failed publish is logged and counted, never an
 * error: the change is committed and clients repair through `seq`. */
void qs_event_publish(struct qs_ctx *ctx, const char *req_id, const char *type,
                      long department_id, long seq, json_object *ticket,
                      json_object *counter, json_object *waiting);

#endif
