/* events: event messages to Redis (events.h). */
#include "events.h"
#include "qs_log.h"
#include "snapshots.h"
#include "view_ticket.h"

#include <stdio.h>
#include <time.h>

/* Stamp ev with the fields every event has, publish it and free it. */
static void send_event(struct qs_ctx *ctx, const char *req_id, const char *type,
                       long department_id, long seq, json_object *ev,
                       const char *waiting_json)
{
	json_object *waiting = waiting_json ? json_tokener_parse(waiting_json) : NULL;
	char ts[32], channel[48], seq_key[48];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(ev, "type", json_object_new_string(type));
	json_object_object_add(ev, "department_id", json_object_new_int64(department_id));
	json_object_object_add(ev, "seq", json_object_new_int64(seq));
	json_object_object_add(ev, "ts", json_object_new_string(ts));
	json_object_object_add(ev, "waiting", waiting ? waiting : json_object_new_object());

	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		ev, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	snprintf(channel, sizeof channel, "qstream:dept:%ld", department_id);
	snprintf(seq_key, sizeof seq_key, QS_SEQ_KEY_FMT, department_id);
	if (qs_redis_publish_event(&ctx->redis, channel, text, len, seq_key, seq, QS_SEQ_KEY_ALL))
		qs_log_warn("event_publish_failed", "req=%s type=%s dept=%ld seq=%ld failures=%lu",
		            req_id, type, department_id, seq, ctx->redis.publish_failures);
	json_object_put(ev);
}

void qs_event_publish(struct qs_ctx *ctx, const char *req_id, const char *type,
                      long department_id, long seq, json_object *ticket,
                      json_object *counter, const char *waiting_json)
{
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "ticket", ticket);
	json_object_object_add(ev, "counter", counter);
	send_event(ctx, req_id, type, department_id, seq, ev, waiting_json);
}

void qs_event_publish_with(struct qs_ctx *ctx, const char *req_id, const char *type,
                           long department_id, long seq, const char *key, json_object *value,
                           const char *waiting_json)
{
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, key, value);
	send_event(ctx, req_id, type, department_id, seq, ev, waiting_json);
}

void qs_event_publish_alerts(struct qs_ctx *ctx, long department_id, long seq, long total,
                             const char *waiting_json)
{
	qs_event_publish_with(ctx, "-", "alerts_updated", department_id, seq, "alerts_total",
	                      json_object_new_int64(total), waiting_json);
}

void qs_event_publish_revoked(struct qs_ctx *ctx, long user_id, long session_id,
                              long token_version)
{
	char msg[128];
	int n = session_id > 0
		? snprintf(msg, sizeof msg, "{\"user_id\":%ld,\"session_id\":%ld}", user_id, session_id)
		: snprintf(msg, sizeof msg, "{\"user_id\":%ld,\"token_version\":%ld}", user_id,
		           token_version);
	if (qs_redis_publish(&ctx->redis, QS_AUTH_CHANNEL, msg, (size_t)n))
		qs_log_warn("event_publish_failed", "type=revoked user=%ld failures=%lu",
		            user_id, ctx->redis.publish_failures);
}

void qs_event_publish_ticket(struct qs_ctx *ctx, const char *req_id, const char *type,
                             const struct qs_ticket *t, long seq, const char *waiting_json)
{
	json_object *counter = NULL;
	if (t->counter_id > 0) {
		counter = json_object_new_object();
		json_object_object_add(counter, "id", json_object_new_int64(t->counter_id));
		json_object_object_add(counter, "name",
		                       json_object_new_string(t->counter_name ? t->counter_name : ""));
	}
	qs_event_publish(ctx, req_id, type, t->department_id, seq,
	                 qs_ticket_staff_json(t, ctx->cfg->public_url), counter, waiting_json);
}
