/* br_redis: subscriber thread and hand-over queue (br_redis.h). */
#define _GNU_SOURCE   /* pipe2 */
#include "br_redis.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "qs_log.h"
#include "qs_redis.h"   /* QS_AUTH_CHANNEL */

#define EVENT_PATTERN "qstream:dept:*"
/* Replies on the subscription have at most 4 elements (pmessage).  hiredis
 * allocates an array of the announced size before one element has arrived,
 * so a stream that announces 2^31 of them asks for 16 GB at once (shown
 * with tests/fuzz/fuzz_redis_reply.c): the subscription's reader refuses
 * arrays longer than this, which fails the reader and drops the connection. */
#define MAX_ELEMENTS 16

struct sub_state {
	int confirmed;          /* subscriptions confirmed, 3 when ready: the events pattern, the heartbeat, revocations */
	int64_t last_alive;     /* last heartbeat seen (or start) */
};

struct br_redis {
	struct br_redis_config cfg;
	char *host;
	char hb_channel[64];
	void (*wake)(void *);
	void *wake_ud;

	pthread_t thread;
	int stop_pipe[2];              /* [1] written once to stop the thread */

	pthread_mutex_t lock;          /* guards the queue */
	struct br_redis_item *qhead, *qtail;
	size_t qlen;

	/* counted by the thread, read by anyone (br_redis_get_stats) */
	atomic_uint_fast64_t n_received, n_invalid, n_dropped, n_rv_invalid;
	atomic_uint_fast64_t n_subscriptions, n_reconnects;
	atomic_bool subscribed;

	/* thread-local from here on */
	bool threaded;                 /* false: br_redis_new_detached() */
	redisContext *cmd;             /* PUBLISH of heartbeats */
	uint64_t hb_counter;

	/* detached only: what br_redis_feed() parses */
	redisReader *reader;
	struct sub_state st;
	bool had_failure, ready, broken;
};

static void count(atomic_uint_fast64_t *c)
{
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

void br_redis_config_default(struct br_redis_config *cfg)
{
	cfg->host = "127.0.0.1";
	cfg->port = 6379;
	cfg->timeout_ms = 500;
	cfg->heartbeat_ms = 5000;
	cfg->dead_ms = 10000;
	cfg->backoff_min_ms = 100;
	cfg->backoff_max_ms = 5000;
	cfg->queue_max = 65536;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct timeval tv_ms(int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	return tv;
}

/* Wait up to ms for the stop signal.  Returns true when asked to stop. */
static bool wait_stop(struct br_redis *r, int ms)
{
	struct pollfd p = { .fd = r->stop_pipe[0], .events = POLLIN };
	int n = poll(&p, 1, ms);
	return n > 0;
}

/* --- queue -------------------------------------------------------------- */

void br_redis_item_free(struct br_redis_item *it)
{
	if (!it)
		return;
	br_event_free(it->ev);
	free(it);
}

static void enqueue(struct br_redis *r, enum br_redis_kind kind, struct br_event *ev,
                    const struct br_revocation *rv)
{
	struct br_redis_item *it = calloc(1, sizeof *it);
	bool wake = false, dropped = false;

	if (!it) {
		qs_log_error("redis_out_of_memory", "what=queue_item");
		br_event_free(ev);
		return;
	}
	it->kind = kind;
	it->ev = ev;
	if (rv)
		it->rv = *rv;
	pthread_mutex_lock(&r->lock);
	/* a full queue drops events, never the reconnect notice: the seq
	 * ordering turns the loss into a "gap" resync for the clients */
	if (kind == BR_REDIS_EVENT && r->qlen >= r->cfg.queue_max) {
		dropped = true;
	} else {
		wake = r->qlen == 0;   /* the service thread drains it all at once */
		if (r->qtail)
			r->qtail->next = it;
		else
			r->qhead = it;
		r->qtail = it;
		r->qlen++;
	}
	pthread_mutex_unlock(&r->lock);

	if (dropped) {
		uint64_t n = atomic_fetch_add_explicit(&r->n_dropped, 1, memory_order_relaxed);
		if (n % 1000 == 0)
			qs_log_warn("redis_queue_full", "dropped=%llu", (unsigned long long)n + 1);
		br_redis_item_free(it);
	} else if (kind == BR_REDIS_EVENT) {
		count(&r->n_received);
	}
	if (wake && r->wake)
		r->wake(r->wake_ud);
}

struct br_redis_item *br_redis_take(struct br_redis *r)
{
	pthread_mutex_lock(&r->lock);
	struct br_redis_item *all = r->qhead;
	r->qhead = r->qtail = NULL;
	r->qlen = 0;
	pthread_mutex_unlock(&r->lock);
	return all;
}

/* --- connections -------------------------------------------------------- */

static redisContext *connect_ctx(struct br_redis *r, const char *role)
{
	redisContext *c = redisConnectWithTimeout(r->host, r->cfg.port,
	                                          tv_ms(r->cfg.timeout_ms));
	if (!c || c->err) {
		qs_log_warn("redis_connect_failed", "role=%s host=%s port=%d error=\"%s\"",
		            role, r->host, r->cfg.port, c ? c->errstr : "out of memory");
		goto fail;
	}
	if (redisSetTimeout(c, tv_ms(r->cfg.timeout_ms)) != REDIS_OK) {
		qs_log_warn("redis_connect_failed", "role=%s error=\"cannot set timeout\"", role);
		goto fail;
	}
	return c;
fail:
	if (c)
		redisFree(c);
	return NULL;
}

/* PUBLISH one heartbeat on the command connection; an error only drops that
 * connection (the missing heartbeat is what declares the subscription dead
 * when Redis itself is gone). */
static void publish_heartbeat(struct br_redis *r)
{
	char payload[32];

	if (!r->cmd && !(r->cmd = connect_ctx(r, "command")))
		return;
	snprintf(payload, sizeof payload, "%llu", (unsigned long long)++r->hb_counter);
	redisReply *rep = redisCommand(r->cmd, "PUBLISH %s %s", r->hb_channel, payload);
	if (!rep || r->cmd->err) {
		qs_log_warn("redis_command_failed", "what=heartbeat error=\"%s\"",
		            r->cmd->errstr);
		redisFree(r->cmd);
		r->cmd = NULL;
	} else if (rep->type == REDIS_REPLY_ERROR) {
		qs_log_warn("redis_command_failed", "what=heartbeat error=\"%.*s\"",
		            (int)rep->len, rep->str);
	}
	if (rep)
		freeReplyObject(rep);
}

static bool elem_is(const redisReply *e, const char *s)
{
	return e->type == REDIS_REPLY_STRING && e->len == strlen(s) &&
	       memcmp(e->str, s, e->len) == 0;
}

/* One reply from the subscribed context. */
static void handle_reply(struct br_redis *r, const redisReply *rep, struct sub_state *st)
{
	char why[64];

	if (rep->type == REDIS_REPLY_ERROR) {
		/* e.g. an ACL refusing (P)SUBSCRIBE: the confirmation never comes
		 * and the subscription is retried with backoff */
		qs_log_error("redis_command_failed", "what=subscribe error=\"%.*s\"",
		             (int)rep->len, rep->str);
		return;
	}
	if (rep->type != REDIS_REPLY_ARRAY || rep->elements < 3)
		return;
	const redisReply *kind = rep->element[0];
	if (elem_is(kind, "pmessage") && rep->elements == 4) {
		const redisReply *chan = rep->element[2], *payload = rep->element[3];
		if (chan->type != REDIS_REPLY_STRING || payload->type != REDIS_REPLY_STRING)
			return;
		char channel[128];
		struct br_event *ev = NULL;
		/* a name that does not fit, or holds a NUL, is refused whole:
		 * cut short it could name another department */
		if (chan->len >= sizeof channel || memchr(chan->str, '\0', chan->len)) {
			snprintf(why, sizeof why, "bad_channel");
			snprintf(channel, sizeof channel, "(%zu bytes)", chan->len);
		} else {
			memcpy(channel, chan->str, chan->len);
			channel[chan->len] = '\0';
			ev = br_event_parse(channel, payload->str, payload->len, why, sizeof why);
		}
		if (!ev) {
			count(&r->n_invalid);
			/* never log the payload: it holds personal data */
			qs_log_warn("ws_event_dropped", "redis_channel=%s why=%s bytes=%zu",
			            channel, why, payload->len);
			return;
		}
		enqueue(r, BR_REDIS_EVENT, ev, NULL);
	} else if (elem_is(kind, "message")) {
		const redisReply *chan = rep->element[1], *payload = rep->element[2];
		if (elem_is(chan, r->hb_channel)) {
			st->last_alive = now_ms();
		} else if (elem_is(chan, QS_AUTH_CHANNEL) && payload->type == REDIS_REPLY_STRING) {
			struct br_revocation rv;
			if (br_revocation_parse(payload->str, payload->len, &rv) == 0)
				enqueue(r, BR_REDIS_REVOKED, NULL, &rv);
			else {
				count(&r->n_rv_invalid);
				qs_log_warn("ws_revocation_dropped", "bytes=%zu", payload->len);
			}
		}
	} else if (elem_is(kind, "psubscribe") || elem_is(kind, "subscribe")) {
		st->confirmed++;
	}
}

static redisReplyObjectFunctions capped_fns;
static void *(*hiredis_create_array)(const redisReadTask *, int);
static pthread_once_t capped_once = PTHREAD_ONCE_INIT;

static void *create_array_capped(const redisReadTask *task, int elements)
{
	return elements > MAX_ELEMENTS ? NULL : hiredis_create_array(task, elements);
}

/* hiredis' own reply objects (freeReplyObject() frees them), as a fresh
 * reader has them, with the cap */
static void capped_init(void)
{
	redisReader *rd = redisReaderCreate();
	if (!rd)
		return;
	capped_fns = *rd->fn;
	redisReaderFree(rd);
	hiredis_create_array = capped_fns.createArray;
	capped_fns.createArray = create_array_capped;
}

/* 0, or -1 when out of memory (the cap could not be set up) */
static int cap_reader(redisReader *rd)
{
	pthread_once(&capped_once, capped_init);
	if (!hiredis_create_array)
		return -1;
	rd->fn = &capped_fns;
	return 0;
}

/* Handle every reply the reader holds complete; *ready turns true with the
 * last confirmation.  -1 when the bytes are not RESP. */
static int drain_replies(struct br_redis *r, redisReader *rd, struct sub_state *st,
                         bool had_failure, bool *ready)
{
	for (;;) {
		void *reply = NULL;
		if (redisReaderGetReply(rd, &reply) != REDIS_OK)
			return -1;
		if (!reply)
			return 0;
		handle_reply(r, reply, st);
		freeReplyObject(reply);
		if (!*ready && st->confirmed >= 3) {
			*ready = true;
			st->last_alive = now_ms();
			count(&r->n_subscriptions);
			atomic_store(&r->subscribed, true);
			qs_log_info("redis_subscribed", "pattern=%s heartbeat_channel=%s auth_channel=" QS_AUTH_CHANNEL,
			            EVENT_PATTERN, r->hb_channel);
			if (had_failure) {
				count(&r->n_reconnects);
				enqueue(r, BR_REDIS_RECONNECTED, NULL, NULL);
			}
		}
	}
}

/* Subscribe on c and serve it until it dies or a stop is asked.  Returns
 * true on stop.  *ready is set once every subscription was confirmed. */
static bool serve_subscription(struct br_redis *r, redisContext *c, bool had_failure,
                               bool *ready)
{
	struct sub_state st = { 0, now_ms() };
	int64_t next_hb = 0, confirm_by = st.last_alive + 2 * r->cfg.timeout_ms + 1000;
	int done = 0;

	*ready = false;
	if (cap_reader(c->reader) ||
	    redisAppendCommand(c, "PSUBSCRIBE %s", EVENT_PATTERN) != REDIS_OK ||
	    redisAppendCommand(c, "SUBSCRIBE %s %s", r->hb_channel, QS_AUTH_CHANNEL) != REDIS_OK)
		goto dead;
	while (!done)
		if (redisBufferWrite(c, &done) != REDIS_OK)
			goto dead;

	for (;;) {
		/* first everything hiredis has already read and parsed */
		if (drain_replies(r, c->reader, &st, had_failure, ready))
			goto dead;

		int64_t now = now_ms();
		if (!*ready && now >= confirm_by) {
			qs_log_warn("redis_lost", "why=subscribe_not_confirmed");
			return false;
		}
		if (*ready) {
			if (now - st.last_alive > r->cfg.dead_ms) {
				qs_log_warn("redis_lost", "why=heartbeat_missing silent_ms=%lld",
				            (long long)(now - st.last_alive));
				return false;
			}
			if (now >= next_hb) {
				publish_heartbeat(r);
				now = now_ms();
				next_hb = now + r->cfg.heartbeat_ms;
			}
		}

		/* wake at least every 250 ms for the clocks above */
		struct pollfd p[2] = {
			{ .fd = c->fd, .events = POLLIN },
			{ .fd = r->stop_pipe[0], .events = POLLIN },
		};
		int wait = 250;
		if (*ready && next_hb - now < wait)
			wait = next_hb - now > 0 ? (int)(next_hb - now) : 0;
		int n = poll(p, 2, wait);
		if (n < 0 && errno != EINTR) {
			qs_log_error("redis_lost", "why=poll error=\"%s\"", strerror(errno));
			return false;
		}
		if (n > 0 && p[1].revents)
			return true;
		if (n > 0 && p[0].revents && redisBufferRead(c) != REDIS_OK)
			goto dead;
	}
dead:
	qs_log_warn("redis_lost", "why=connection error=\"%s\"",
	            c->err ? c->errstr : "protocol");
	return false;
}

static void *thread_main(void *arg)
{
	struct br_redis *r = arg;
	bool had_failure = false, first = true;
	int backoff = r->cfg.backoff_min_ms;

	for (;;) {
		if (!first) {
			if (wait_stop(r, backoff))
				break;
			backoff = backoff * 2 > r->cfg.backoff_max_ms ? r->cfg.backoff_max_ms
			                                               : backoff * 2;
		}
		first = false;
		if (wait_stop(r, 0))
			break;

		redisContext *c = connect_ctx(r, "subscriber");
		if (!c) {
			had_failure = true;
			continue;
		}
		bool ready = false;
		bool stop = serve_subscription(r, c, had_failure, &ready);
		atomic_store(&r->subscribed, false);
		redisFree(c);
		if (stop)
			break;
		/* a lost subscription lost events; the command link is suspect too */
		had_failure = true;
		if (r->cmd) {
			redisFree(r->cmd);
			r->cmd = NULL;
		}
		if (ready)
			backoff = r->cfg.backoff_min_ms;
	}
	if (r->cmd)
		redisFree(r->cmd);
	r->cmd = NULL;
	return NULL;
}

/* A subscriber with its configuration and no resources yet: what
 * br_redis_start() and br_redis_new_detached() share. */
static struct br_redis *br_redis_alloc(const struct br_redis_config *cfg,
                                       void (*wake)(void *), void *wake_ud)
{
	struct br_redis *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->cfg = *cfg;
	r->wake = wake;
	r->wake_ud = wake_ud;
	r->stop_pipe[0] = r->stop_pipe[1] = -1;
	return r;
}

struct br_redis *br_redis_start(const struct br_redis_config *cfg,
                                void (*wake)(void *), void *wake_ud)
{
	unsigned char rnd[8];
	struct br_redis *r = br_redis_alloc(cfg, wake, wake_ud);
	if (!r)
		return NULL;
	r->threaded = true;
	r->host = strdup(cfg->host);
	if (!r->host || pipe2(r->stop_pipe, O_CLOEXEC | O_NONBLOCK) ||
	    getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		qs_log_error("redis_start_failed", "error=\"%s\"", strerror(errno));
		goto fail;
	}
	int n = snprintf(r->hb_channel, sizeof r->hb_channel, "qstream:bridge:heartbeat:");
	for (size_t i = 0; i < sizeof rnd; i++)
		n += snprintf(r->hb_channel + n, sizeof r->hb_channel - (size_t)n, "%02x", rnd[i]);
	pthread_mutex_init(&r->lock, NULL);
	if (pthread_create(&r->thread, NULL, thread_main, r)) {
		qs_log_error("redis_start_failed", "error=\"cannot create thread\"");
		pthread_mutex_destroy(&r->lock);
		goto fail;
	}
	return r;
fail:
	if (r->stop_pipe[0] >= 0) {
		close(r->stop_pipe[0]);
		close(r->stop_pipe[1]);
	}
	free(r->host);
	free(r);
	return NULL;
}

void br_redis_stop(struct br_redis *r)
{
	if (!r)
		return;
	if (r->threaded) {
		ssize_t w;
		do
			w = write(r->stop_pipe[1], "x", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(r->thread, NULL);
		close(r->stop_pipe[0]);
		close(r->stop_pipe[1]);
	}
	struct br_redis_item *it = br_redis_take(r), *next;
	for (; it; it = next) {
		next = it->next;
		br_redis_item_free(it);
	}
	pthread_mutex_destroy(&r->lock);
	if (r->reader)
		redisReaderFree(r->reader);
	free(r->host);
	free(r);
}

void br_redis_get_stats(const struct br_redis *r, struct br_redis_stats *out)
{
	/* the counters are atomics: the casts only drop the const */
	struct br_redis *w = (struct br_redis *)r;
	out->events_received = atomic_load_explicit(&w->n_received, memory_order_relaxed);
	out->events_invalid = atomic_load_explicit(&w->n_invalid, memory_order_relaxed);
	out->events_dropped = atomic_load_explicit(&w->n_dropped, memory_order_relaxed);
	out->revocations_invalid = atomic_load_explicit(&w->n_rv_invalid, memory_order_relaxed);
	out->subscriptions = atomic_load_explicit(&w->n_subscriptions, memory_order_relaxed);
	out->reconnects = atomic_load_explicit(&w->n_reconnects, memory_order_relaxed);
	out->subscribed = atomic_load(&w->subscribed);
}

/* --- without a thread (br_redis.h) ---------------------------------------- */

struct br_redis *br_redis_new_detached(const struct br_redis_config *cfg,
                                       void (*wake)(void *), void *wake_ud,
                                       bool had_failure)
{
	struct br_redis *r = br_redis_alloc(cfg, wake, wake_ud);
	if (!r)
		return NULL;
	r->had_failure = had_failure;
	r->st.last_alive = now_ms();
	snprintf(r->hb_channel, sizeof r->hb_channel, "%s", BR_REDIS_DETACHED_HB);
	r->reader = redisReaderCreate();
	if (!r->reader || cap_reader(r->reader)) {
		if (r->reader)
			redisReaderFree(r->reader);
		free(r);
		return NULL;
	}
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

int br_redis_feed(struct br_redis *r, const char *buf, size_t len)
{
	if (r->broken)
		return -1;
	if ((len && redisReaderFeed(r->reader, buf, len) != REDIS_OK) ||
	    drain_replies(r, r->reader, &r->st, r->had_failure, &r->ready)) {
		r->broken = true;
		return -1;
	}
	return r->st.confirmed;
}
