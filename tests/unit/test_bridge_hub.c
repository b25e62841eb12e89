/* Bridge hub: the whole protocol without sockets — join/leave, fan-out,
 * ordering, replay, resync, slow sockets, heartbeats.
 * Links wsbridge/br_hub.c br_order.c br_ring.c br_event.c br_proto.c
 * br_msg.c and lib/qs_log.c (json-c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "br_hub.h"
#include "qs_log.h"

#define PID "AbCdEfGhIjKlMnOpQrStUv"

/* A fake transport connection. */
struct conn {
	int want_write;
	int closing;
};

static void op_want_write(void *ud, void *c)
{
	(void)ud;
	((struct conn *)c)->want_write++;
}

static void op_closing(void *ud, void *c)
{
	(void)ud;
	((struct conn *)c)->closing++;
}

static struct br_hub *hub_with(void (*tweak)(struct br_hub_config *))
{
	struct br_hub_config cfg;
	struct br_hub_ops ops = { op_want_write, op_closing, NULL };
	br_hub_config_default(&cfg);
	if (tweak)
		tweak(&cfg);
	struct br_hub *h = br_hub_new(&cfg, &ops);
	assert_non_null(h);
	return h;
}

/* The next frame as a JSON object (caller puts); NULL when none pending.
 * Fails on a close frame unless expect_close. */
static struct json_object *next(struct br_hub *h, struct br_client *cl)
{
	struct br_frame f;
	if (!br_hub_client_next(h, cl, &f))
		return NULL;
	if (f.close_code)
		fail_msg("unexpected close %d", f.close_code);
	struct json_object *o = json_tokener_parse(br_msg_text(f.msg));
	assert_non_null(o);
	br_msg_unref(f.msg);
	return o;
}

static const char *str(struct json_object *o, const char *k)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		fail_msg("no string %s in %s", k, json_object_to_json_string(o));
	return json_object_get_string(v);
}

static int64_t num(struct json_object *o, const char *k)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("no %s in %s", k, json_object_to_json_string(o));
	return v ? json_object_get_int64(v) : -1;   /* null as -1 */
}

/* Expect a frame of this type (and return it, caller puts). */
static struct json_object *expect(struct br_hub *h, struct br_client *cl, const char *type)
{
	struct json_object *o = next(h, cl);
	if (!o)
		fail_msg("expected %s, nothing pending", type);
	if (strcmp(str(o, "type"), type) != 0)
		fail_msg("expected %s, got %s", type, json_object_to_json_string(o));
	return o;
}

static void expect_type(struct br_hub *h, struct br_client *cl, const char *type)
{
	json_object_put(expect(h, cl, type));
}

/* Expect an event with this seq on this channel. */
static void expect_event(struct br_hub *h, struct br_client *cl, const char *channel, int64_t seq)
{
	struct json_object *o = next(h, cl);
	if (!o)
		fail_msg("expected %s seq %lld, nothing pending", channel, (long long)seq);
	if (!json_object_object_get_ex(o, "seq", NULL) || num(o, "seq") != seq ||
	    strcmp(str(o, "channel"), channel) != 0)
		fail_msg("expected %s seq %lld, got %s", channel, (long long)seq,
		         json_object_to_json_string(o));
	json_object_put(o);
}

static void expect_resync(struct br_hub *h, struct br_client *cl, const char *channel,
                          const char *reason)
{
	struct json_object *o = expect(h, cl, "resync");
	assert_string_equal(str(o, "channel"), channel);
	assert_string_equal(str(o, "reason"), reason);
	json_object_put(o);
}

static void expect_nothing(struct br_hub *h, struct br_client *cl)
{
	struct json_object *o = next(h, cl);
	if (o)
		fail_msg("unexpected %s", json_object_to_json_string(o));
	assert_false(br_hub_client_pending(cl));
}

static int expect_close(struct br_hub *h, struct br_client *cl)
{
	struct br_frame f;
	assert_int_equal(br_hub_client_next(h, cl, &f), 1);
	assert_null(f.msg);
	assert_true(f.close_code != 0);
	return f.close_code;
}

static void rx(struct br_hub *h, struct br_client *cl, const char *text, int64_t now)
{
	br_hub_client_rx(h, cl, text, strlen(text), false, now);
}

static struct br_client *connect_client(struct br_hub *h, struct conn *c, int64_t now)
{
	struct br_client *cl = br_hub_client_new(h, c, now);
	assert_non_null(cl);
	struct json_object *w = expect(h, cl, "welcome");
	assert_int_equal(strlen(str(w, "client_id")), BR_CLIENT_ID_LEN);
	json_object_put(w);
	return cl;
}

static void join(struct br_hub *h, struct br_client *cl, const char *channel,
                 int64_t since, int64_t expect_seq)
{
	char buf[256];
	if (since >= 0)
		snprintf(buf, sizeof buf, "{\"type\":\"join\",\"channel\":\"%s\",\"since\":%lld}",
		         channel, (long long)since);
	else
		snprintf(buf, sizeof buf, "{\"type\":\"join\",\"channel\":\"%s\"}", channel);
	rx(h, cl, buf, 0);
	struct json_object *o = expect(h, cl, "joined");
	assert_string_equal(str(o, "channel"), channel);
	assert_int_equal(num(o, "seq"), expect_seq);
	json_object_put(o);
}

static void publish(struct br_hub *h, int dept, int64_t seq, int64_t now)
{
	char text[512], why[64], chan[32];
	/* both views, as fcgi/events.c publishes them */
	snprintf(text, sizeof text,
	         "{\"staff\":{\"type\":\"ticket_called\",\"department_id\":%d,\"seq\":%lld,"
	         "\"ticket\":{\"id\":5,\"public_id\":\"" PID "\",\"customer_name\":\"Jane Doe\"},"
	         "\"counter\":null,\"waiting\":{}},"
	         "\"public\":{\"type\":\"ticket_called\",\"department_id\":%d,\"seq\":%lld,"
	         "\"ticket\":{\"public_id\":\"" PID "\"},\"counter\":null,\"waiting\":{}}}",
	         dept, (long long)seq, dept, (long long)seq);
	snprintf(chan, sizeof chan, "qstream:dept:%d", dept);
	struct br_event *ev = br_event_parse(chan, text, strlen(text), why, sizeof why);
	assert_non_null(ev);
	br_hub_ingest(h, ev, now);
}

static int setup(void **state)
{
	(void)state;
	qs_log_set_level("error");   /* the hub logs gaps and closes at info/warn */
	return 0;
}

/* --- tests -------------------------------------------------------------- */

static void test_join_and_receive_public_view(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn ca = { 0 }, cb = { 0 };
	struct br_client *a = connect_client(h, &ca, 0);
	struct br_client *b = connect_client(h, &cb, 0);

	join(h, a, "department:3", -1, -1);
	publish(h, 3, 100, 0);
	publish(h, 4, 7, 0);                     /* not joined by anyone */
	struct json_object *o = next(h, a);
	assert_non_null(o);
	assert_string_equal(str(o, "channel"), "department:3");
	assert_int_equal(num(o, "seq"), 100);
	struct json_object *t;
	assert_true(json_object_object_get_ex(o, "ticket", &t));
	assert_false(json_object_object_get_ex(t, "customer_name", NULL));
	assert_false(json_object_object_get_ex(t, "id", NULL));
	json_object_put(o);
	expect_nothing(h, a);
	expect_nothing(h, b);                    /* b joined nothing */

	/* joined reports the latest seq; joining twice is harmless */
	join(h, b, "department:3", -1, 100);
	join(h, b, "department:3", -1, 100);
	expect_nothing(h, b);
	assert_int_equal(br_hub_channel_seq(h, "department:4"), 7);

	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	assert_int_equal(st.sockets, 2);
	assert_int_equal(st.events_in, 2);
	assert_int_equal(st.events_out, 1);
	br_hub_free(h);
}

static void test_frames_are_shared_not_copied(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn ca = { 0 }, cb = { 0 };
	struct br_client *a = connect_client(h, &ca, 0);
	struct br_client *b = connect_client(h, &cb, 0);
	join(h, a, "department:3", -1, -1);
	join(h, b, "department:3", -1, -1);
	int wa = ca.want_write;
	publish(h, 3, 1, 0);
	assert_int_equal(ca.want_write, wa + 1);   /* one wake-up per event */
	struct br_frame fa, fb;
	assert_int_equal(br_hub_client_next(h, a, &fa), 1);
	assert_int_equal(br_hub_client_next(h, b, &fb), 1);
	assert_non_null(fa.msg);
	assert_ptr_equal(fa.msg, fb.msg);
	br_msg_unref(fa.msg);
	br_msg_unref(fb.msg);
	/* a socket already behind is not woken again for every event */
	publish(h, 3, 2, 0);
	publish(h, 3, 3, 0);
	assert_int_equal(ca.want_write, wa + 2);
	br_hub_free(h);
}

static void test_events_go_out_in_seq_order(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	publish(h, 3, 4, 0);
	publish(h, 3, 6, 10);
	publish(h, 3, 5, 20);
	publish(h, 3, 5, 30);                    /* duplicate */
	expect_event(h, a, "department:3", 4);
	expect_event(h, a, "department:3", 5);
	expect_event(h, a, "department:3", 6);
	expect_nothing(h, a);

	/* a hole that never fills: held, then resync "gap", then the event */
	publish(h, 3, 8, 1000);
	expect_nothing(h, a);
	assert_int_equal(br_hub_next_deadline(h), 1500);
	br_hub_tick(h, 1499);
	expect_nothing(h, a);
	br_hub_tick(h, 1500);
	expect_resync(h, a, "department:3", "gap");
	expect_event(h, a, "department:3", 8);
	assert_int_equal(br_hub_next_deadline(h), -1);
	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(st.gaps, 1);
	br_hub_free(h);
}

static void test_since_replay(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c = { 0 };
	for (int s = 10; s <= 15; s++)
		publish(h, 3, s, 0);                 /* nobody listening yet */
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", 12, 15);
	expect_event(h, a, "department:3", 13);
	expect_event(h, a, "department:3", 14);
	expect_event(h, a, "department:3", 15);
	expect_nothing(h, a);

	/* since == latest: nothing to replay, no resync */
	join(h, a, "department:3", 15, 15);
	expect_nothing(h, a);
	/* since before the first event the bridge saw: it cannot know */
	join(h, a, "department:3", 5, 15);
	expect_resync(h, a, "department:3", "since_too_old");
	expect_nothing(h, a);
	/* a channel with no history at all */
	join(h, a, "department:9", 1, -1);
	expect_resync(h, a, "department:9", "since_too_old");
	publish(h, 3, 16, 0);
	expect_event(h, a, "department:3", 16);
	br_hub_free(h);
}

static void set_small_ring(struct br_hub_config *cfg)
{
	cfg->dept_ring = 4;
}

static void test_slow_socket_resync_then_close(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(set_small_ring);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	join(h, a, "department:4", -1, -1);
	for (int s = 1; s <= 10; s++)
		publish(h, 3, s, 0);
	/* fell out of the ring: one resync, then only what is new */
	expect_resync(h, a, "department:3", "too_slow");
	expect_nothing(h, a);
	publish(h, 3, 11, 0);
	expect_event(h, a, "department:3", 11);
	expect_nothing(h, a);                     /* caught up: forgiven */

	for (int s = 12; s <= 20; s++)
		publish(h, 3, s, 0);
	expect_resync(h, a, "department:3", "too_slow");
	/* falls out again before catching up: closed 4008 */
	assert_int_equal(c.closing, 0);
	for (int s = 21; s <= 30; s++)
		publish(h, 3, s, 0);
	assert_int_equal(c.closing, 1);
	assert_int_equal(expect_close(h, a), BR_CLOSE_TOO_SLOW);
	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	assert_int_equal(st.slow_closes, 1);
	assert_int_equal(st.resyncs, 2);
	br_hub_free(h);
}

static void test_slow_on_two_channels_is_one_episode(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(set_small_ring);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	join(h, a, "department:4", -1, -1);
	for (int s = 1; s <= 10; s++) {
		publish(h, 3, s, 0);
		publish(h, 4, s, 0);
	}
	int resyncs = 0;
	struct json_object *o;
	while ((o = next(h, a))) {
		assert_string_equal(str(o, "type"), "resync");
		assert_string_equal(str(o, "reason"), "too_slow");
		resyncs++;
		json_object_put(o);
	}
	assert_int_equal(resyncs, 2);
	assert_int_equal(c.closing, 0);
	publish(h, 4, 11, 0);
	expect_event(h, a, "department:4", 11);
	br_hub_free(h);
}

static void set_ring_8(struct br_hub_config *cfg)
{
	cfg->dept_ring = 8;
}

static void test_congestion_paces_bursts(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(set_ring_8);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	for (int s = 1; s <= 4; s++)
		publish(h, 3, s, 0);
	assert_false(br_hub_congested(h));        /* 4 behind: half of 8 is fine */
	publish(h, 3, 5, 0);
	assert_true(br_hub_congested(h));         /* 5 behind */
	br_hub_clear_congestion(h);
	assert_false(br_hub_congested(h));
	expect_event(h, a, "department:3", 1);
	expect_event(h, a, "department:3", 2);
	publish(h, 3, 6, 0);
	assert_false(br_hub_congested(h));        /* 4 behind again */
	/* a socket already out of the ring no longer holds everyone back */
	for (int s = 7; s <= 20; s++)
		publish(h, 3, s, 0);
	br_hub_clear_congestion(h);
	publish(h, 3, 21, 0);
	assert_false(br_hub_congested(h));
	expect_resync(h, a, "department:3", "too_slow");
	br_hub_free(h);
}

static void test_reconnect_resyncs_and_jumps(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	join(h, a, "ticket:" PID, -1, -1);
	publish(h, 3, 1, 0);
	publish(h, 3, 3, 0);                      /* held */
	expect_event(h, a, "department:3", 1);
	expect_event(h, a, "ticket:" PID, 1);
	br_hub_redis_reconnected(h);
	/* resync on every joined channel first, then what was held */
	struct json_object *o;
	int resyncs = 0, ev3 = 0;
	while ((o = next(h, a))) {
		if (strcmp(str(o, "type"), "resync") == 0) {
			assert_string_equal(str(o, "reason"), "redis_reconnected");
			assert_int_equal(ev3, 0);
			resyncs++;
		} else {
			assert_int_equal(num(o, "seq"), 3);
			ev3++;
		}
		json_object_put(o);
	}
	assert_int_equal(resyncs, 2);
	assert_int_equal(ev3, 2);                 /* department and ticket */
	/* events lost while disconnected: the next one goes out at once */
	publish(h, 3, 40, 0);
	expect_event(h, a, "department:3", 40);
	expect_event(h, a, "ticket:" PID, 40);
	assert_int_equal(br_hub_next_deadline(h), -1);
	/* and a later join cannot replay across the loss */
	struct conn c2 = { 0 };
	struct br_client *b = connect_client(h, &c2, 0);
	join(h, b, "department:3", 3, 40);
	expect_resync(h, b, "department:3", "since_too_old");
	join(h, b, "department:3", 39, 40);
	expect_event(h, b, "department:3", 40);
	br_hub_free(h);
}

static void test_ticket_channel(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	publish(h, 3, 1, 0);
	join(h, a, "ticket:" PID, -1, -1);
	publish(h, 3, 2, 0);
	struct json_object *o = next(h, a);
	assert_non_null(o);
	assert_string_equal(str(o, "channel"), "ticket:" PID);
	assert_null(strstr(json_object_to_json_string(o), "Jane"));
	json_object_put(o);
	expect_nothing(h, a);

	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	assert_int_equal(st.channels, 2);
	rx(h, a, "{\"type\":\"leave\",\"channel\":\"ticket:" PID "\"}", 0);
	o = expect(h, a, "left");
	assert_string_equal(str(o, "channel"), "ticket:" PID);
	json_object_put(o);
	br_hub_get_stats(h, &st);
	assert_int_equal(st.channels, 1);         /* ticket channel gone, department kept */
	publish(h, 3, 3, 0);
	expect_nothing(h, a);
	br_hub_free(h);
}

static void three_channels(struct br_hub_config *cfg)
{
	cfg->max_channels = 3;
}

/* The limit and its message follow the configuration, not the default. */
static void test_channel_limit_configured(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(three_channels);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:1", -1, -1);
	join(h, a, "department:2", -1, -1);
	join(h, a, "department:3", -1, -1);
	rx(h, a, "{\"type\":\"join\",\"channel\":\"department:4\"}", 0);
	struct json_object *o = expect(h, a, "error");
	assert_string_equal(str(o, "code"), "too_many_channels");
	assert_string_equal(str(o, "message"), "a socket may join at most 3 channels");
	json_object_put(o);
	br_hub_free(h);
}

static void test_channel_limit_and_errors(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	char ch[64];
	for (int i = 1; i <= BR_MAX_CHANNELS_PER_SOCKET; i++) {
		snprintf(ch, sizeof ch, "department:%d", i);
		join(h, a, ch, -1, -1);
	}
	rx(h, a, "{\"type\":\"join\",\"channel\":\"department:99\"}", 0);
	struct json_object *o = expect(h, a, "error");
	assert_string_equal(str(o, "code"), "too_many_channels");
	assert_string_equal(str(o, "message"), "a socket may join at most 32 channels");
	json_object_put(o);
	join(h, a, "department:7", -1, -1);       /* already joined: fine */
	rx(h, a, "{\"type\":\"leave\",\"channel\":\"department:7\"}", 0);
	expect_type(h, a, "left");
	join(h, a, "department:99", -1, -1);      /* room again */

	const struct { const char *text, *code; } bad[] = {
		{ "nope", "bad_message" },
		{ "{\"type\":\"fly\"}", "bad_message" },
		{ "{\"type\":\"join\",\"channel\":\"lobby\"}", "unknown_channel" },
		{ "{\"type\":\"auth\",\"token\":\"a.b.c\"}", "forbidden" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rx(h, a, bad[i].text, 0);
		o = expect(h, a, "error");
		assert_string_equal(str(o, "code"), bad[i].code);
		assert_true(strlen(str(o, "message")) > 0);
		json_object_put(o);
	}
	br_hub_client_rx(h, a, "{\"type\":\"ping\"}", 15, true, 0);
	o = expect(h, a, "error");
	assert_string_equal(str(o, "code"), "bad_message");
	json_object_put(o);
	rx(h, a, "{\"type\":\"ping\"}", 0);
	expect_type(h, a, "pong");
	expect_nothing(h, a);
	br_hub_free(h);
}

static void test_heartbeat_ping_and_silence(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);   /* 25 s */
	struct conn c = { 0 };
	struct br_client *a = connect_client(h, &c, 0);
	join(h, a, "department:3", -1, -1);
	join(h, a, "department:4", -1, -1);
	publish(h, 3, 41, 0);
	publish(h, 3, 42, 0);

	br_hub_client_tick(h, a, 12500);          /* half a period: nothing yet */
	expect_event(h, a, "department:3", 41);
	br_hub_client_tick(h, a, 25000);
	/* the ping goes before the queued event 42 and says 41: what was sent */
	struct json_object *o = expect(h, a, "ping"), *seqs, *v;
	assert_true(json_object_object_get_ex(o, "seqs", &seqs));
	assert_true(json_object_object_get_ex(seqs, "department:3", &v));
	assert_int_equal(json_object_get_int64(v), 41);
	assert_true(json_object_object_get_ex(seqs, "department:4", &v));
	assert_null(v);
	json_object_put(o);
	expect_event(h, a, "department:3", 42);
	expect_nothing(h, a);

	rx(h, a, "{\"type\":\"ping\"}", 30000);   /* shows life at 30 s */
	expect_type(h, a, "pong");
	br_hub_client_tick(h, a, 62500);
	expect_type(h, a, "ping");
	assert_int_equal(c.closing, 0);
	br_hub_client_tick(h, a, 80000);          /* silent 50 s: two periods */
	assert_int_equal(c.closing, 1);
	assert_int_equal(expect_close(h, a), BR_CLOSE_POLICY);
	br_hub_free(h);
}

static void set_small_ctrl(struct br_hub_config *cfg)
{
	cfg->ctrl_max = 4;
}

static void test_unread_control_frames_close(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(set_small_ctrl);
	struct conn c = { 0 };
	struct br_client *a = br_hub_client_new(h, &c, 0);   /* welcome queued */
	for (int i = 0; i < 3; i++)
		rx(h, a, "{\"type\":\"ping\"}", 0);
	assert_int_equal(c.closing, 0);
	rx(h, a, "{\"type\":\"ping\"}", 0);       /* fifth control frame */
	assert_int_equal(c.closing, 1);
	assert_int_equal(expect_close(h, a), BR_CLOSE_TOO_SLOW);
	br_hub_client_free(h, a);
	br_hub_free(h);
}

static void test_shutdown_closes_everyone(void **state)
{
	(void)state;
	struct br_hub *h = hub_with(NULL);
	struct conn c1 = { 0 }, c2 = { 0 };
	struct br_client *a = connect_client(h, &c1, 0);
	struct br_client *b = connect_client(h, &c2, 0);
	join(h, a, "department:3", -1, -1);
	publish(h, 3, 1, 0);
	br_hub_shutdown(h);
	assert_int_equal(expect_close(h, a), BR_CLOSE_GOING_AWAY);
	assert_int_equal(expect_close(h, b), BR_CLOSE_GOING_AWAY);
	br_hub_client_free(h, a);
	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	assert_int_equal(st.sockets, 1);
	br_hub_free(h);   /* frees b too */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_and_receive_public_view),
		cmocka_unit_test(test_frames_are_shared_not_copied),
		cmocka_unit_test(test_events_go_out_in_seq_order),
		cmocka_unit_test(test_since_replay),
		cmocka_unit_test(test_slow_socket_resync_then_close),
		cmocka_unit_test(test_slow_on_two_channels_is_one_episode),
		cmocka_unit_test(test_congestion_paces_bursts),
		cmocka_unit_test(test_reconnect_resyncs_and_jumps),
		cmocka_unit_test(test_ticket_channel),
		cmocka_unit_test(test_channel_limit_and_errors),
		cmocka_unit_test(test_channel_limit_configured),
		cmocka_unit_test(test_heartbeat_ping_and_silence),
		cmocka_unit_test(test_unread_control_frames_close),
		cmocka_unit_test(test_shutdown_closes_everyone),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
