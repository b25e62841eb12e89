/* qs_redis: hiredis command connection with fail-soft reconnect (qs_redis.h). */
#include "qs_redis.h"
#include "qs_log.h"

#include <hiredis/hiredis.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qs_redis_init(struct qs_redis *r, const struct qs_config *cfg)
{
	memset(r, 0, sizeof *r);
	r->cfg = cfg;
}

void qs_redis_cleanup(struct qs_redis *r)
{
	if (r->c)
		redisFree(r->c);
	r->c = NULL;
}

static atomic_ulong errors;

unsigned long qs_redis_error_count(void)
{
	return atomic_load_explicit(&errors, memory_order_relaxed);
}

static void drop(struct qs_redis *r, const char *what)
{
	atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
	qs_log_warn("redis_error", "op=%s error=\"%s\"", what,
	            r->c && r->c->errstr[0] ? r->c->errstr : "no connection");
	qs_redis_cleanup(r);
}

static long ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static int ensure(struct qs_redis *r)
{
	if (r->c)
		return 0;
	struct timespec now, done;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (r->last_failure.tv_sec && ms_between(&r->last_failure, &now) < 1000)
		return -1;

	struct timeval tv = { r->cfg->redis_timeout_ms / 1000,
	                      (r->cfg->redis_timeout_ms % 1000) * 1000 };
	r->c = redisConnectWithTimeout(r->cfg->redis_host, r->cfg->redis_port, tv);
	if (!r->c || r->c->err) {
		drop(r, "connect");
		/* Only a slow failure (a timeout: a host that does not answer)
		 * makes this thread wait a second before trying again, so that a
		 * dead Redis does not cost every request the timeout.  A refused
		 * connection costs nothing, and backing off after one would drop
		 * the first events after Redis comes back (they are published by
		 * threads that failed a moment before). */
		clock_gettime(CLOCK_MONOTONIC, &done);
		if (ms_between(&now, &done) >= 50)
			r->last_failure = done;
		return -1;
	}
	r->last_failure.tv_sec = 0;
	r->last_failure.tv_nsec = 0;
	redisSetTimeout(r->c, tv);
	/* which server this is (a restart is a new one) */
	r->run_id[0] = '\0';
	redisReply *info = redisCommand(r->c, "INFO server");
	if (info && info->type == REDIS_REPLY_STRING) {
		const char *p = strstr(info->str, "run_id:");
		if (p) {
			p += 7;
			size_t n = strcspn(p, "\r\n");
			if (n >= sizeof r->run_id)
				n = sizeof r->run_id - 1;
			memcpy(r->run_id, p, n);
			r->run_id[n] = '\0';
		}
	}
	if (info)
		freeReplyObject(info);
	return 0;
}

/* Run a command; returns the reply (caller frees) or NULL after dropping the
 * connection. */
static redisReply *command(struct qs_redis *r, const char *what, int argc,
                           const char **argv, const size_t *argvlen)
{
	int was_connected = r->c != NULL;
	if (ensure(r))
		return NULL;
	redisReply *rep = redisCommandArgv(r->c, argc, argv, argvlen);
	if (!rep && was_connected) {
		/* a kept connection learns that Redis restarted only now: connect
		 * again at once and send the command once more (a command that
		 * failed on a dead connection never reached the new server) */
		qs_log_info("redis_reconnect", "op=%s error=\"%s\"", what, r->c->errstr);
		qs_redis_cleanup(r);
		if (ensure(r))
			return NULL;
		rep = redisCommandArgv(r->c, argc, argv, argvlen);
	}
	if (!rep) {
		drop(r, what);
		return NULL;
	}
	if (rep->type == REDIS_REPLY_ERROR) {
		atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
		qs_log_warn("redis_reply_error", "op=%s error=\"%s\"", what, rep->str);
		freeReplyObject(rep);
		return NULL;
	}
	return rep;
}

int qs_redis_publish(struct qs_redis *r, const char *channel, const char *msg, size_t len)
{
	const char *argv[] = { "PUBLISH", channel, msg };
	size_t argvlen[] = { 7, strlen(channel), len };
	redisReply *rep = command(r, "publish", 3, argv, argvlen);
	if (!rep) {
		r->publish_failures++;
		return -1;
	}
	freeReplyObject(rep);
	return 0;
}

int qs_redis_publish_event(struct qs_redis *r, const char *channel, const char *msg,
                           size_t len, const char *seq_key, long seq, const char *all_key)
{
	static const char script[] =
		"if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then "
		"redis.call('SET', KEYS[1], ARGV[1]) end "
		"redis.call('INCR', KEYS[2]) "
		"return redis.call('PUBLISH', ARGV[2], ARGV[3])";
	char seqbuf[24];
	snprintf(seqbuf, sizeof seqbuf, "%ld", seq);
	const char *argv[] = { "EVAL", script, "2", seq_key, all_key, seqbuf, channel, msg };
	size_t argvlen[] = { 4, sizeof script - 1, 1, strlen(seq_key), strlen(all_key),
	                     strlen(seqbuf), strlen(channel), len };
	redisReply *rep = command(r, "publish", 8, argv, argvlen);
	if (!rep) {
		r->publish_failures++;
		return -1;
	}
	freeReplyObject(rep);
	return 0;
}

int qs_redis_get_long(struct qs_redis *r, const char *key, long *value)
{
	const char *argv[] = { "GET", key };
	size_t argvlen[] = { 3, strlen(key) };
	redisReply *rep = command(r, "get", 2, argv, argvlen);
	if (!rep)
		return -1;
	int absent = rep->type != REDIS_REPLY_STRING;
	*value = absent ? 0 : strtol(rep->str, NULL, 10);
	freeReplyObject(rep);
	return absent;
}

int qs_redis_ping(struct qs_redis *r)
{
	const char *argv[] = { "PING" };
	size_t argvlen[] = { 4 };
	redisReply *rep = command(r, "ping", 1, argv, argvlen);
	if (!rep)
		return -1;
	freeReplyObject(rep);
	return 0;
}

int qs_redis_incr_window(struct qs_redis *r, const char *key, int window_s,
                         long *count, long *ttl_s)
{
	char win[16];
	snprintf(win, sizeof win, "%d", window_s);
	/* one round trip: INCR, then set the expiry only if none is set yet */
	static const char script[] =
		"local n = redis.call('INCR', KEYS[1]) "
		"if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
		"return {n, redis.call('TTL', KEYS[1])}";
	const char *argv[] = { "EVAL", script, "1", key, win };
	size_t argvlen[] = { 4, sizeof script - 1, 1, strlen(key), strlen(win) };
	redisReply *rep = command(r, "incr_window", 5, argv, argvlen);
	if (!rep)
		return -1;
	int rc = -1;
	if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 &&
	    rep->element[0]->type == REDIS_REPLY_INTEGER &&
	    rep->element[1]->type == REDIS_REPLY_INTEGER) {
		*count = (long)rep->element[0]->integer;
		*ttl_s = (long)rep->element[1]->integer;
		rc = 0;
	}
	freeReplyObject(rep);
	return rc;
}

int qs_redis_get_window(struct qs_redis *r, const char *key, long *count, long *ttl_s)
{
	static const char script[] =
		"return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('TTL', KEYS[1])}";
	const char *argv[] = { "EVAL", script, "1", key };
	size_t argvlen[] = { 4, sizeof script - 1, 1, strlen(key) };
	redisReply *rep = command(r, "get_window", 4, argv, argvlen);
	if (!rep)
		return -1;
	int rc = -1;
	if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 &&
	    rep->element[0]->type == REDIS_REPLY_INTEGER &&
	    rep->element[1]->type == REDIS_REPLY_INTEGER) {
		*count = (long)rep->element[0]->integer;
		*ttl_s = rep->element[1]->integer > 0 ? (long)rep->element[1]->integer : 0;
		rc = 0;
	}
	freeReplyObject(rep);
	return rc;
}

int qs_redis_del(struct qs_redis *r, const char *key)
{
	const char *argv[] = { "DEL", key };
	size_t argvlen[] = { 3, strlen(key) };
	redisReply *rep = command(r, "del", 2, argv, argvlen);
	if (!rep)
		return -1;
	freeReplyObject(rep);
	return 0;
}
