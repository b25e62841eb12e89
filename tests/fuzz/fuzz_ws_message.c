/* Fuzz target: WebSocket client messages of the bridge (wsbridge/br_proto.c
 * br_request_parse and everything the hub does with them: join, leave,
 * ping, auth, errors, with events flowing meanwhile).
 *
 * Input: client messages separated by the byte 0xFF (never part of UTF-8
 * text, which libwebsockets has validated before the hub sees a message); a
 * message starting with 0xFE arrives as a binary frame.  Each message is at
 * most BR_MAX_MESSAGE bytes, as the transport enforces.  After each one an
 * event is published to department 1, 2 or 3 (sometimes leaving a hole in
 * seq), time moves on, and every frame the hub queued is written out. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "br_hub.h"
#include "qs_jwt.h"
#include "qs_log.h"

#define PID "AbCdEfGhIjKlMnOpQrStUv"

static const unsigned char secret[] = "fuzz-secret-fuzz-secret-fuzz-secret!";
static const struct qs_jwt_keys keys = { secret, sizeof secret - 1, QS_JWT_ISSUER,
                                         QS_JWT_AUDIENCE };

static void op_want_write(void *ud, void *conn) { (void)ud; (void)conn; }
static void op_closing(void *ud, void *conn) { (void)ud; (void)conn; }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	qs_log_set_level("error");
	return 0;
}

/* Write out everything pending; false once the hub closed the socket. */
static bool drain(struct br_hub *hub, struct br_client *cl)
{
	struct br_frame f;
	while (br_hub_client_next(hub, cl, &f)) {
		if (f.close_code)
			return false;
		if (!f.msg || f.msg->len == 0)
			abort();            /* a frame is never empty */
		br_msg_unref(f.msg);
	}
	return true;
}

static void publish(struct br_hub *hub, int dept, int64_t seq, int64_t now)
{
	char text[512], why[64], chan[32];
	/* both views, as fcgi/events.c publishes them */
	snprintf(text, sizeof text,
	         "{\"staff\":{\"type\":\"ticket_called\",\"department_id\":%d,\"seq\":%lld,"
	         "\"ticket\":{\"id\":5,\"public_id\":\"" PID "\",\"customer_name\":\"J\"},"
	         "\"counter\":null,\"waiting\":{}},"
	         "\"public\":{\"type\":\"ticket_called\",\"department_id\":%d,\"seq\":%lld,"
	         "\"ticket\":{\"public_id\":\"" PID "\"},\"counter\":null,\"waiting\":{}}}",
	         dept, (long long)seq, dept, (long long)seq);
	snprintf(chan, sizeof chan, "qstream:dept:%d", dept);
	struct br_event *ev = br_event_parse(chan, text, strlen(text), why, sizeof why);
	if (!ev)
		abort();
	br_hub_ingest(hub, ev, now);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_hub_config cfg;
	struct br_hub_ops ops = { op_want_write, op_closing, NULL };
	int conn = 0;
	int64_t now = 1000, seq[4] = { 0, 0, 0, 0 };

	br_hub_config_default(&cfg);
	cfg.max_channels = 4;        /* reach the limit with short inputs */
	cfg.dept_ring = 8;
	cfg.ticket_ring = 4;
	cfg.ctrl_max = 16;
	cfg.jwt = &keys;
	cfg.revoke_keep_s = 900;
	struct br_hub *hub = br_hub_new(&cfg, &ops);
	if (!hub)
		return 0;
	struct br_client *cl = br_hub_client_new(hub, &conn, now);
	if (!cl)
		goto out_hub;
	bool open = drain(hub, cl);
	size_t i = 0, n = 0;
	while (open && i <= size) {
		const uint8_t *m = data + i;
		size_t len = 0;
		while (i + len < size && m[len] != 0xFF)
			len++;
		i += len + 1;
		bool binary = len > 0 && m[0] == 0xFE;
		if (binary) {
			m++;
			len--;
		}
		if (len > BR_MAX_MESSAGE)
			continue;
		/* exactly len bytes on the heap: no terminating NUL to lean on */
		char *msg = malloc(len ? len : 1);
		if (!msg)
			break;
		memcpy(msg, m, len);
		br_hub_client_rx(hub, cl, msg, len, binary, now);
		free(msg);
		int dept = 1 + (int)(n++ % 3);
		seq[dept] += 1 + (len % 5 == 0);   /* now and then a hole */
		publish(hub, dept, seq[dept], now);
		now += 300;
		br_hub_tick(hub, now);
		br_hub_tick_clients(hub, now);
		open = drain(hub, cl);
	}
	br_hub_client_free(hub, cl);
out_hub:
	br_hub_free(hub);
	return 0;
}
