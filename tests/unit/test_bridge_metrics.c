/* The bridge's metrics: who may read them (lib/qs_addr.c and the bridge's
 * IPv4-mapped peers), the exposition (wsbridge/br_metrics.c), the counters
 * the hub keeps for it (staff sockets, `auth` answers) and those of the
 * Redis thread, fed without a connection (br_redis_new_detached). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "br_hub.h"
#include "br_metrics.h"
#include "br_redis.h"
#include "qs_addr.h"
#include "qs_jwt.h"
#include "qs_log.h"
#include "qs_redis.h"

/* --- who may read them ------------------------------------------------- */

static void test_addresses(void **state)
{
	(void)state;
	/* loopback always; nothing else without an allow-list */
	assert_true(qs_addr_allowed("127.0.0.1", NULL));
	assert_true(qs_addr_allowed("127.200.0.9", ""));
	assert_true(qs_addr_allowed("::1", ""));
	assert_false(qs_addr_allowed("192.0.2.2", ""));
	assert_false(qs_addr_allowed("::2", NULL));
	assert_false(qs_addr_allowed(NULL, "0.0.0.0/0"));
	assert_false(qs_addr_allowed("", "0.0.0.0/0"));
	assert_false(qs_addr_allowed("localhost", "0.0.0.0/0"));
	/* entries: addresses and blocks, commas or blanks between them */
	const char *allow = "192.0.2.0/28 2001:db8::/32,\t10.1.2.3";
	assert_true(qs_addr_allowed("192.0.2.2", allow));
	assert_true(qs_addr_allowed("192.0.2.15", allow));
	assert_false(qs_addr_allowed("192.0.2.16", allow));
	assert_true(qs_addr_allowed("10.1.2.3", allow));
	assert_false(qs_addr_allowed("10.1.2.4", allow));
	assert_true(qs_addr_allowed("2001:db8:ffff::1", allow));
	assert_false(qs_addr_allowed("2001:db9::1", allow));
	/* broken entries match nothing, and do not spoil the others */
	assert_false(qs_addr_allowed("10.0.0.1", "10.0.0.0/33 10.0.0.0/-1 10.0.0.0/ /8 10.0.0.0/8x"));
	assert_true(qs_addr_allowed("10.0.0.1", "nonsense, 10.0.0.1"));
	/* an entry longer than any address is refused, not cut short */
	assert_false(qs_addr_allowed("10.0.0.1", "10.0.0.0/0000000000000000000000000000000000000000000008"));
	assert_true(qs_addr_allowed("10.0.0.1", "10.0.0.0/08"));
	assert_false(qs_addr_allowed("10.0.0.1", "10.0.0.1/8888888888888888888888888888888888888"));
	/* families never cross in qs_addr_allowed */
	assert_false(qs_addr_allowed("::ffff:10.0.0.1", "10.0.0.0/8"));
	assert_false(qs_addr_allowed("10.0.0.1", "::/0"));
}

static void test_bridge_peers(void **state)
{
	(void)state;
	/* a dual-stack socket (ws_host = *) shows IPv4 clients IPv4-mapped */
	assert_true(br_metrics_peer_allowed("::ffff:127.0.0.1", ""));
	assert_true(br_metrics_peer_allowed("::FFFF:127.0.0.1", ""));
	assert_true(br_metrics_peer_allowed("::ffff:10.0.0.7", "10.0.0.0/24"));
	assert_false(br_metrics_peer_allowed("::ffff:10.0.0.7", ""));
	assert_false(br_metrics_peer_allowed("::ffff:192.0.2.2", "::/0"));
	assert_false(br_metrics_peer_allowed("::ffff:127.0.0.1.5", ""));
	assert_false(br_metrics_peer_allowed("::ffff:", ""));
	/* the hex form is plain IPv6 (and not loopback) */
	assert_false(br_metrics_peer_allowed("::ffff:7f00:1", ""));
	assert_true(br_metrics_peer_allowed("::1", ""));
	assert_true(br_metrics_peer_allowed("127.0.0.1", NULL));
	assert_false(br_metrics_peer_allowed("192.0.2.2", ""));
	assert_true(br_metrics_peer_allowed("192.0.2.2", "192.0.2.2"));
	assert_false(br_metrics_peer_allowed("", ""));
	assert_false(br_metrics_peer_allowed(NULL, ""));
}

/* --- the exposition ---------------------------------------------------- */

/* The value of the series `name` (with its labels, exactly), or -1. */
static long long value_of(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 10);
	}
	return -1;
}

static void test_exposition(void **state)
{
	(void)state;
	struct br_metrics_view v;
	memset(&v, 0, sizeof v);
	v.hub.sockets = 7;
	v.hub.authenticated = 2;
	v.hub.channels = 3;
	v.hub.events_in = 11;
	v.hub.events_out = 40;
	v.hub.resyncs = 5;
	v.hub.slow_closes = 1;
	v.hub.auth_ok = 4;
	v.hub.auth_refused = 6;
	v.redis.subscribed = true;
	v.redis.reconnects = 2;
	v.redis.events_invalid = 9;
	v.transport.frames_out = 77;
	v.transport.bytes_out = 123456789012ULL;
	v.transport.refused_origin = 3;
	v.max_sockets = 20000;
	v.start_time_s = 1767225600;

	size_t len = 0;
	char *text = br_metrics_render(&v, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	assert_int_equal(value_of(text, "qstream_ws_sockets{view=\"public\"}"), 5);
	assert_int_equal(value_of(text, "qstream_ws_sockets{view=\"staff\"}"), 2);
	assert_int_equal(value_of(text, "qstream_ws_channels"), 3);
	assert_int_equal(value_of(text, "qstream_ws_events_in_total"), 11);
	assert_int_equal(value_of(text, "qstream_ws_events_out_total"), 40);
	assert_int_equal(value_of(text, "qstream_ws_frames_out_total"), 77);
	assert_true(value_of(text, "qstream_ws_bytes_out_total") == 123456789012LL);
	assert_int_equal(value_of(text, "qstream_ws_resyncs_total"), 5);
	assert_int_equal(value_of(text, "qstream_ws_slow_closes_total"), 1);
	assert_int_equal(value_of(text, "qstream_ws_auth_total{result=\"ok\"}"), 4);
	assert_int_equal(value_of(text, "qstream_ws_auth_total{result=\"refused\"}"), 6);
	assert_int_equal(value_of(text, "qstream_ws_refused_total{why=\"origin\"}"), 3);
	assert_int_equal(value_of(text, "qstream_ws_redis_up"), 1);
	assert_int_equal(value_of(text, "qstream_ws_redis_reconnects_total"), 2);
	assert_int_equal(value_of(text, "qstream_ws_redis_dropped_total{why=\"invalid_event\"}"), 9);
	assert_int_equal(value_of(text, "qstream_ws_max_sockets"), 20000);
	assert_int_equal(value_of(text, "qstream_ws_start_time_seconds"), 1767225600);

	/* the text format: every sample belongs to the family announced by
	 * the HELP and TYPE lines just before it, counters end in _total, and
	 * the text ends with a newline */
	assert_true(len > 0 && text[len - 1] == '\n');
	char family[128] = "", type[16] = "";
	int families = 0;
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (strncmp(line, "# HELP ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%127s", family), 1);
			assert_true(strlen(line) > 7 + strlen(family) + 1);   /* has a text */
			type[0] = '\0';
			families++;
		} else if (strncmp(line, "# TYPE ", 7) == 0) {
			char name[128];
			assert_int_equal(sscanf(line + 7, "%127s %15s", name, type), 2);
			assert_string_equal(name, family);
			assert_true(strcmp(type, "counter") == 0 || strcmp(type, "gauge") == 0);
			if (strcmp(type, "counter") == 0)
				assert_non_null(strstr(family, "_total"));
		} else {
			size_t n = strlen(family);
			assert_true(n > 0 && type[0]);
			assert_memory_equal(line, family, n);
			assert_true(line[n] == ' ' || line[n] == '{');
			char *sp = strrchr(line, ' ');
			char *end;
			assert_non_null(sp);
			strtoull(sp + 1, &end, 10);
			assert_true(end > sp + 1 && *end == '\0');
		}
		line = nl + 1;
	}
	assert_true(families >= 18);
	free(text);

	/* a staff count above the socket count (cannot happen) does not wrap */
	v.hub.authenticated = 9;
	text = br_metrics_render(&v, &len);
	assert_non_null(text);
	assert_int_equal(value_of(text, "qstream_ws_sockets{view=\"public\"}"), 0);
	assert_int_equal(value_of(text, "qstream_ws_sockets{view=\"staff\"}"), 7);
	free(text);
}

/* --- what the hub counts for it --------------------------------------- */

static const unsigned char secret[] = "metrics-test-secret-metrics-test-secret!";
static const struct qs_jwt_keys keys = { secret, sizeof secret - 1, QS_JWT_ISSUER,
                                         QS_JWT_AUDIENCE };

static void nop(void *ud, void *conn) { (void)ud; (void)conn; }

static char *token(long sub, long sid, long ttl_s)
{
	struct qs_jwt_claims c;
	memset(&c, 0, sizeof c);
	c.sub = sub;
	snprintf(c.role, sizeof c.role, "staff");
	c.dept = 3;
	c.ver = 1;
	c.sid = sid;
	c.exp = (long)time(NULL) + ttl_s;
	c.iat = c.exp - 900;
	char *t = NULL;
	assert_int_equal(qs_jwt_sign(&keys, &c, &t), 0);
	return t;
}

static void send_auth(struct br_hub *h, struct br_client *cl, const char *tok)
{
	char msg[2048];
	int n = snprintf(msg, sizeof msg, "{\"type\":\"auth\",\"token\":\"%s\"}", tok);
	br_hub_client_rx(h, cl, msg, (size_t)n, false, 0);
}

static struct br_hub_stats stats(struct br_hub *h)
{
	struct br_hub_stats st;
	br_hub_get_stats(h, &st);
	return st;
}

static void test_hub_auth_counts(void **state)
{
	(void)state;
	struct br_hub_config cfg;
	struct br_hub_ops ops = { nop, nop, NULL };
	br_hub_config_default(&cfg);
	cfg.jwt = &keys;
	cfg.revoke_keep_s = 900;
	struct br_hub *h = br_hub_new(&cfg, &ops);
	assert_non_null(h);
	int c1, c2, c3;
	struct br_client *a = br_hub_client_new(h, &c1, 0), *b = br_hub_client_new(h, &c2, 0),
	                 *c = br_hub_client_new(h, &c3, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	char *t1 = token(41, 1, 900), *t2 = token(42, 2, 900), *t3 = token(43, 3, 900);

	send_auth(h, a, t1);
	assert_int_equal(stats(h).authenticated, 1);
	/* again on the same socket: still one staff socket */
	send_auth(h, a, t1);
	assert_int_equal(stats(h).authenticated, 1);
	assert_int_equal(stats(h).auth_ok, 2);
	send_auth(h, b, t2);
	send_auth(h, c, t3);
	assert_int_equal(stats(h).authenticated, 3);
	assert_int_equal(stats(h).sockets, 3);

	/* a bad token takes the staff view away */
	send_auth(h, b, "a.b.c");
	assert_int_equal(stats(h).authenticated, 2);
	assert_int_equal(stats(h).auth_refused, 1);
	/* refused on a public socket: nothing to take away */
	send_auth(h, b, "a.b.c");
	assert_int_equal(stats(h).authenticated, 2);
	assert_int_equal(stats(h).auth_refused, 2);

	/* a revocation of the session */
	struct br_revocation rv = { 41, 1, 0 };
	br_hub_revoke(h, &rv);
	assert_int_equal(stats(h).authenticated, 1);
	assert_int_equal(stats(h).revoked, 1);
	/* the revoked token again: refused, counted once */
	send_auth(h, a, t1);
	assert_int_equal(stats(h).authenticated, 1);
	assert_int_equal(stats(h).auth_refused, 3);

	/* an expired token: refused, and the socket keeps what it had */
	char *old = token(43, 3, -60);
	send_auth(h, c, old);
	assert_int_equal(stats(h).auth_refused, 4);
	assert_int_equal(stats(h).authenticated, 1);

	/* a staff socket that goes away */
	br_hub_client_free(h, c);
	assert_int_equal(stats(h).authenticated, 0);
	assert_int_equal(stats(h).sockets, 2);
	assert_int_equal(stats(h).auth_ok, 4);

	br_hub_client_free(h, a);
	br_hub_client_free(h, b);
	br_hub_free(h);
	free(t1);
	free(t2);
	free(t3);
	free(old);
}

/* A token that expires while the socket is open: the tick hands the
 * socket back to the public view, and the gauge follows. */
static void test_hub_expiry_count(void **state)
{
	(void)state;
	struct br_hub_config cfg;
	struct br_hub_ops ops = { nop, nop, NULL };
	br_hub_config_default(&cfg);
	cfg.jwt = &keys;
	struct br_hub *h = br_hub_new(&cfg, &ops);
	assert_non_null(h);
	int conn;
	struct br_client *cl = br_hub_client_new(h, &conn, 0);
	char *t = token(50, 5, 1);
	send_auth(h, cl, t);
	assert_int_equal(stats(h).authenticated, 1);
	struct timespec two = { 2, 100000000 };
	nanosleep(&two, NULL);
	br_hub_tick_clients(h, 1000);
	assert_int_equal(stats(h).authenticated, 0);
	br_hub_tick_clients(h, 2000);
	assert_int_equal(stats(h).authenticated, 0);
	br_hub_client_free(h, cl);
	assert_int_equal(stats(h).authenticated, 0);
	br_hub_free(h);
	free(t);
}

/* --- what the Redis thread counts, without Redis ----------------------- */

#define CONFIRMATIONS \
	"*3\r\n$10\r\npsubscribe\r\n$14\r\nqstream:dept:*\r\n:1\r\n" \
	"*3\r\n$9\r\nsubscribe\r\n$33\r\n" BR_REDIS_DETACHED_HB "\r\n:2\r\n" \
	"*3\r\n$9\r\nsubscribe\r\n$12\r\n" QS_AUTH_CHANNEL "\r\n:3\r\n"

static int wakes;
static void wake(void *ud)
{
	(void)ud;
	wakes++;
}

/* RESP bulk string */
static size_t bulk(char *out, size_t cap, const char *s, size_t n)
{
	int k = snprintf(out, cap, "$%zu\r\n", n);
	assert_true(k > 0 && (size_t)k + n + 2 < cap);
	memcpy(out + k, s, n);
	memcpy(out + k + n, "\r\n", 2);
	return (size_t)k + n + 2;
}

static size_t pmessage(char *out, size_t cap, const char *chan, size_t chan_len,
                       const char *payload)
{
	size_t n = (size_t)snprintf(out, cap, "*4\r\n");
	n += bulk(out + n, cap - n, "pmessage", 8);
	n += bulk(out + n, cap - n, "qstream:dept:*", 14);
	n += bulk(out + n, cap - n, chan, chan_len);
	n += bulk(out + n, cap - n, payload, strlen(payload));
	return n;
}

static size_t message(char *out, size_t cap, const char *chan, const char *payload)
{
	size_t n = (size_t)snprintf(out, cap, "*3\r\n");
	n += bulk(out + n, cap - n, "message", 7);
	n += bulk(out + n, cap - n, chan, strlen(chan));
	n += bulk(out + n, cap - n, payload, strlen(payload));
	return n;
}

static int count_items(struct br_redis *r, enum br_redis_kind kind)
{
	int n = 0;
	struct br_redis_item *it = br_redis_take(r), *next;
	for (; it; it = next) {
		next = it->next;
		n += it->kind == kind;
		br_redis_item_free(it);
	}
	return n;
}

#define VIEW(seq) "{\"type\":\"queue_update\",\"department_id\":4,\"seq\":" #seq "," \
	"\"waiting\":{}}"
#define EVENT(seq) "{\"staff\":" VIEW(seq) ",\"public\":" VIEW(seq) "}"

static void test_redis_counts(void **state)
{
	(void)state;
	struct br_redis_config cfg;
	br_redis_config_default(&cfg);
	struct br_redis *r = br_redis_new_detached(&cfg, wake, NULL, true);
	assert_non_null(r);
	struct br_redis_stats st;
	br_redis_get_stats(r, &st);
	assert_false(st.subscribed);

	/* the confirmations, a byte at a time: ready after the third */
	static const char conf[] = CONFIRMATIONS;
	int got = 0;
	for (size_t i = 0; i < sizeof conf - 1; i++)
		got = br_redis_feed(r, conf + i, 1);
	assert_int_equal(got, 3);
	br_redis_get_stats(r, &st);
	assert_true(st.subscribed);
	assert_int_equal(st.subscriptions, 1);
	assert_int_equal(st.reconnects, 1);   /* had_failure: a reconnect */
	assert_int_equal(count_items(r, BR_REDIS_RECONNECTED), 1);

	char buf[4096];
	size_t n;
	n = pmessage(buf, sizeof buf, "qstream:dept:4", 14, EVENT(1));
	assert_int_equal(br_redis_feed(r, buf, n), 3);
	n = pmessage(buf, sizeof buf, "qstream:dept:4", 14, "not json");
	assert_int_equal(br_redis_feed(r, buf, n), 3);
	/* the event names department 4: on another department's channel it
	 * is refused */
	n = pmessage(buf, sizeof buf, "qstream:dept:5", 14, EVENT(2));
	br_redis_feed(r, buf, n);
	/* a channel with a NUL in it is refused whole, not cut at the NUL */
	n = pmessage(buf, sizeof buf, "qstream:dept:4\0x", 16, EVENT(3));
	br_redis_feed(r, buf, n);
	/* so is one too long to hold: cut short it would read as dept 4 */
	char longc[200];
	memset(longc, '0', sizeof longc);
	memcpy(longc, "qstream:dept:4", 14);
	n = pmessage(buf, sizeof buf, longc, sizeof longc, EVENT(4));
	br_redis_feed(r, buf, n);
	n = message(buf, sizeof buf, QS_AUTH_CHANNEL, "{\"user_id\":7,\"session_id\":2}");
	br_redis_feed(r, buf, n);
	n = message(buf, sizeof buf, QS_AUTH_CHANNEL, "{\"user_id\":7}");
	br_redis_feed(r, buf, n);
	/* a heartbeat, an error reply and unrelated shapes change no count */
	n = message(buf, sizeof buf, BR_REDIS_DETACHED_HB, "1");
	br_redis_feed(r, buf, n);
	static const char other[] = "-ERR nope\r\n:5\r\n+OK\r\n*-1\r\n*0\r\n*1\r\n$4\r\nping\r\n"
	                            "*3\r\n:1\r\n:2\r\n:3\r\n*4\r\n$8\r\npmessage\r\n:1\r\n:2\r\n:3\r\n";
	assert_int_equal(br_redis_feed(r, other, sizeof other - 1), 3);

	br_redis_get_stats(r, &st);
	assert_int_equal(st.events_received, 1);
	assert_int_equal(st.events_invalid, 4);
	assert_int_equal(st.revocations_invalid, 1);
	assert_int_equal(st.events_dropped, 0);
	int events = 0, revoked = 0;
	struct br_redis_item *it = br_redis_take(r), *next;
	for (; it; it = next) {
		next = it->next;
		events += it->kind == BR_REDIS_EVENT;
		revoked += it->kind == BR_REDIS_REVOKED;
		if (it->kind == BR_REDIS_EVENT)
			assert_int_equal(it->ev->dept_id, 4);
		if (it->kind == BR_REDIS_REVOKED)
			assert_int_equal(it->rv.session_id, 2);
		br_redis_item_free(it);
	}
	assert_int_equal(events, 1);
	assert_int_equal(revoked, 1);
	assert_true(wakes >= 2);

	/* not RESP: the connection would be dropped, and stays so */
	assert_int_equal(br_redis_feed(r, "?\r\n", 3), -1);
	n = pmessage(buf, sizeof buf, "qstream:dept:4", 14, EVENT(5));
	assert_int_equal(br_redis_feed(r, buf, n), -1);
	br_redis_get_stats(r, &st);
	assert_int_equal(st.events_received, 1);
	br_redis_stop(r);
}

/* A full hand-over queue drops events and counts them; the first
 * subscription of a bridge that never failed is no reconnect. */
static void test_redis_queue_full(void **state)
{
	(void)state;
	struct br_redis_config cfg;
	br_redis_config_default(&cfg);
	cfg.queue_max = 2;
	struct br_redis *r = br_redis_new_detached(&cfg, NULL, NULL, false);
	assert_non_null(r);
	assert_int_equal(br_redis_feed(r, CONFIRMATIONS, sizeof CONFIRMATIONS - 1), 3);
	char buf[1024];
	for (int seq = 1; seq <= 5; seq++) {
		char payload[256];
		snprintf(payload, sizeof payload,
		         "{\"staff\":{\"type\":\"queue_update\",\"department_id\":4,\"seq\":%d,"
		         "\"waiting\":{}},\"public\":{\"type\":\"queue_update\",\"department_id\":4,"
		         "\"seq\":%d,\"waiting\":{}}}", seq, seq);
		size_t n = pmessage(buf, sizeof buf, "qstream:dept:4", 14, payload);
		br_redis_feed(r, buf, n);
	}
	struct br_redis_stats st;
	br_redis_get_stats(r, &st);
	assert_int_equal(st.events_received, 2);
	assert_int_equal(st.events_dropped, 3);
	assert_int_equal(st.reconnects, 0);
	assert_int_equal(st.subscriptions, 1);
	assert_int_equal(count_items(r, BR_REDIS_EVENT), 2);
	br_redis_stop(r);
}

/* hiredis allocates an array of the size a reply announces before any
 * element arrives: the subscription refuses sizes no subscription reply
 * has, rather than ask for 16 GB (tests/fuzz/fuzz_redis_reply.c found it). */
static void test_redis_array_cap(void **state)
{
	(void)state;
	static const char *const huge[] = {
		"*2000000000\r\n",
		"*2147483647\r\n$1\r\nx\r\n",
		"*1\r\n*1000000\r\n",
		"*17\r\n",
	};
	struct br_redis_config cfg;
	br_redis_config_default(&cfg);
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
		struct br_redis *r = br_redis_new_detached(&cfg, NULL, NULL, false);
		assert_non_null(r);
		assert_int_equal(br_redis_feed(r, CONFIRMATIONS, sizeof CONFIRMATIONS - 1), 3);
		assert_int_equal(br_redis_feed(r, huge[i], strlen(huge[i])), -1);
		br_redis_stop(r);
	}
	/* the sizes a subscription uses still pass */
	struct br_redis *r = br_redis_new_detached(&cfg, NULL, NULL, false);
	static const char fine[] = "*16\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n"
	                           ":1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n*0\r\n";
	assert_int_equal(br_redis_feed(r, CONFIRMATIONS, sizeof CONFIRMATIONS - 1), 3);
	assert_int_equal(br_redis_feed(r, fine, sizeof fine - 1), 3);
	br_redis_stop(r);
}

int main(void)
{
	qs_log_set_level("error");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_bridge_peers),
		cmocka_unit_test(test_exposition),
		cmocka_unit_test(test_hub_auth_counts),
		cmocka_unit_test(test_hub_expiry_count),
		cmocka_unit_test(test_redis_counts),
		cmocka_unit_test(test_redis_queue_full),
		cmocka_unit_test(test_redis_array_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
