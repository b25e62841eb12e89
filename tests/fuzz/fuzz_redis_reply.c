/* Fuzz target: what Redis sends on the bridge's subscription
 * (wsbridge/br_redis.c): hiredis' RESP reader, exactly as the subscriber
 * thread uses it, and the bridge's handling of every reply that comes out:
 * subscribe and psubscribe confirmations, pmessage events, message
 * heartbeats and revocations, errors and whatever other shapes RESP allows.
 * No thread, no connection: br_redis_new_detached() and br_redis_feed().
 *
 * Input: one byte of flags, then the bytes Redis sends.
 *   bit 0     the bridge had lost Redis before (a confirmed subscription
 *             then queues the reconnect notice)
 *   bit 1     the three confirmations come first, so that short inputs
 *             reach a ready subscription
 *   bits 2-3  pieces the bytes arrive in: all at once, 1, 7 or 61 bytes
 *   bit 4     a hand-over queue of 2 events (what a full queue does)
 * Checked after every piece: once the stream is broken it stays broken;
 * the queue holds exactly what the counters say; events are well formed. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "br_redis.h"
#include "qs_log.h"
#include "qs_redis.h"   /* QS_AUTH_CHANNEL */

static const char confirmations[] =
	"*3\r\n$10\r\npsubscribe\r\n$14\r\nqstream:dept:*\r\n:1\r\n"
	"*3\r\n$9\r\nsubscribe\r\n$33\r\n" BR_REDIS_DETACHED_HB "\r\n:2\r\n"
	"*3\r\n$9\r\nsubscribe\r\n$12\r\n" QS_AUTH_CHANNEL "\r\n:3\r\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	qs_log_set_level("error");
	return 0;
}

struct tally {
	uint64_t events, reconnects, revocations;
};

/* Take and check everything queued. */
static void drain(struct br_redis *r, struct tally *t)
{
	struct br_redis_item *it = br_redis_take(r), *next;
	for (; it; it = next) {
		next = it->next;
		switch (it->kind) {
		case BR_REDIS_EVENT: {
			const struct br_event *ev = it->ev;
			if (!ev || ev->dept_id < 1 || ev->seq < 0 || !ev->staff || !ev->pub ||
			    (ev->public_id[0] != '\0') != (ev->ticket_pub != NULL))
				abort();
			t->events++;
			break;
		}
		case BR_REDIS_RECONNECTED:
			if (it->ev)
				abort();
			t->reconnects++;
			break;
		case BR_REDIS_REVOKED:
			if (it->ev || it->rv.user_id < 1 ||
			    (it->rv.session_id == 0) == (it->rv.token_version == 0))
				abort();
			t->revocations++;
			break;
		default:
			abort();
		}
		br_redis_item_free(it);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t pieces[] = { 0, 1, 7, 61 };
	struct br_redis_config cfg;
	struct tally t = { 0, 0, 0 };

	if (size < 1)
		return 0;
	uint8_t flags = data[0];
	data++;
	size--;
	br_redis_config_default(&cfg);
	if (flags & 16)
		cfg.queue_max = 2;
	struct br_redis *r = br_redis_new_detached(&cfg, NULL, NULL, flags & 1);
	if (!r)
		return 0;

	/* hiredis gets a copy of exactly the input's bytes, no terminator */
	size_t total = size + ((flags & 2) ? sizeof confirmations - 1 : 0);
	char *buf = malloc(total ? total : 1);
	if (!buf)
		goto out;
	size_t off = 0;
	if (flags & 2) {
		memcpy(buf, confirmations, sizeof confirmations - 1);
		off = sizeof confirmations - 1;
	}
	memcpy(buf + off, data, size);

	size_t step = pieces[(flags >> 2) & 3];
	if (!step)
		step = total ? total : 1;
	int last = 0;
	bool broken = false;
	for (size_t i = 0; i < total; i += step) {
		size_t n = total - i < step ? total - i : step;
		int got = br_redis_feed(r, buf + i, n);
		if (broken && got != -1)
			abort();                  /* a broken stream stays broken */
		if (got == -1) {
			broken = true;
		} else if (got < last) {
			abort();                  /* confirmations only add up */
		} else {
			last = got;
		}
		struct br_redis_stats st;
		br_redis_get_stats(r, &st);
		if (!broken && st.subscribed != (last >= 3))
			abort();
		if (st.subscriptions > 1 || st.reconnects > st.subscriptions ||
		    (st.reconnects == 1) != ((flags & 1) && st.subscriptions == 1))
			abort();
		drain(r, &t);
		if (t.events != st.events_received || t.reconnects != st.reconnects)
			abort();
		/* with the queue drained after every piece, a queue of two
		 * overflows only within one piece */
		if (st.events_dropped && !(flags & 16))
			abort();
	}
	free(buf);
out:
	br_redis_stop(r);
	return 0;
}
