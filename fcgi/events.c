/* events: event messages to Redis (events.h). */
#include "events.h"
#include "qs_log.h"
#include "snapshots.h"
#include "view_ticket.h"

#include <stdio.h>
#include <time.h>

/* The two views of one event, being built: each begins with the fields every
 * event has, then takes its body, then the waiting counts. */
struct views {
	json_object *staff, *pub;
};

static json_object *head(const char *type, long department_id, long seq, const char *ts)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "department_id", json_object_new_int64(department_id));
	json_object_object_add(o, "seq", json_object_new_int64(seq));
	json_object_object_add(o, "ts", json_object_new_string(ts));
	return o;
}

static void views_begin(struct views *v, const char *type, long department_id, long seq)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	v->staff = head(type, department_id, seq, ts);
	v->pub = head(type, department_id, seq, ts);
}

/* Put one member in each view (consumes both values; either may be NULL,
 * which is JSON null). */
static void views_add(struct views *v, const char *key, json_object *staff, json_object *pub)
{
	json_object_object_add(v->staff, key, staff);
	json_object_object_add(v->pub, key, pub);
}

/* A member that is the same in both views: it must be fit for the public. */
static void views_add_same(struct views *v, const char *key, json_object *value)
{
	views_add(v, key, value ? json_object_get(value) : NULL, value);
}

/* Add the waiting counts, publish {"staff": ..., "public": ...} as one
 * message (the bridge only picks a view per socket, API.md "Events") and
 * free both views. */
static void views_send(struct qs_ctx *ctx, struct views *v, const char *req_id, const char *type,
                       long department_id, long seq, const char *waiting_json)
{
	json_object *waiting = waiting_json ? json_tokener_parse(waiting_json) : NULL;
	char channel[48], seq_key[48];

	views_add_same(v, "waiting", waiting ? waiting : json_object_new_object());
	json_object *msg = json_object_new_object();
	json_object_object_add(msg, "staff", v->staff);
	json_object_object_add(msg, "public", v->pub);

	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	snprintf(channel, sizeof channel, "qstream:dept:%ld", department_id);
	snprintf(seq_key, sizeof seq_key, QS_SEQ_KEY_FMT, department_id);
	if (!text || qs_redis_publish_event(&ctx->redis, channel, text, len, seq_key, seq,
	                                    QS_SEQ_KEY_ALL))
		qs_log_warn("event_publish_failed", "req=%s type=%s dept=%ld seq=%ld failures=%lu",
		            req_id, type, department_id, seq, ctx->redis.publish_failures);
	json_object_put(msg);
	v->staff = v->pub = NULL;
}

void qs_event_publish_counter(struct qs_ctx *ctx, const char *req_id, long department_id,
                              long seq, json_object *counter, const char *waiting_json)
{
	const char *type = "counter_update";
	struct views v;
	json_object *id = NULL, *name = NULL, *state = NULL;

	json_object_object_get_ex(counter, "id", &id);
	json_object_object_get_ex(counter, "name", &name);
	json_object_object_get_ex(counter, "state", &state);
	views_begin(&v, type, department_id, seq);
	views_add(&v, "ticket", NULL, NULL);
	views_add(&v, "counter", counter,
	          counter ? qs_counter_state_public_json(json_object_get_int64(id),
	                                                 json_object_get_string(name),
	                                                 json_object_get_string(state)) : NULL);
	views_send(ctx, &v, req_id, type, department_id, seq, waiting_json);
}

void qs_event_publish_with(struct qs_ctx *ctx, const char *req_id, const char *type,
                           long department_id, long seq, const char *key, json_object *value,
                           const char *waiting_json)
{
	struct views v;
	views_begin(&v, type, department_id, seq);
	views_add_same(&v, key, value);
	views_send(ctx, &v, req_id, type, department_id, seq, waiting_json);
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
	const char *url = ctx->cfg->public_url;
	struct views v;

	views_begin(&v, type, t->department_id, seq);
	views_add(&v, "ticket", qs_ticket_staff_json(t, url), qs_ticket_public_json(t, url));
	views_add_same(&v, "counter", t->counter_id > 0
	                   ? qs_counter_public_json(t->counter_id, t->counter_name) : NULL);
	views_send(ctx, &v, req_id, type, t->department_id, seq, waiting_json);
}
