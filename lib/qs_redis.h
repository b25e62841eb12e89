/* qs_redis: one Redis command connection per worker thread.
 *
 * Redis carries events and short-lived counters only: every function here
 * fails soft (returns -1 and logs) and never blocks a request for longer
 * than redis_timeout_ms (twice when a kept connection turns out dead: the
 * command is sent once more on a new connection, since Redis restarted).
 * A connect that fails is not tried again for a second, so that a dead
 * Redis costs a request nothing but a quick failure. */
#ifndef QS_REDIS_H
#define QS_REDIS_H

#include <stddef.h>
#include <time.h>

#include "qs_config.h"

/* Where the API tells the WebSocket bridges that tokens died (events.h). */
#define QS_AUTH_CHANNEL "qstream:auth"

struct redisContext;

struct qs_redis {
	struct redisContext *c;
	const struct qs_config *cfg;
	struct timespec last_failure;
	unsigned long publish_failures;
	/* the server's run_id, learnt at each connect: it changes when Redis
	 * restarts, which may have lost (or restored older) keys */
	char run_id[48];
};

void qs_redis_init(struct qs_redis *r, const struct qs_config *cfg);
void qs_redis_cleanup(struct qs_redis *r);

/* PUBLISH channel message.  0 on success. */
int qs_redis_publish(struct qs_redis *r, const char *channel, const char *msg, size_t len);

/* PUBLISH an event of a department and record its version, in one round
 * trip (one script, so a subscriber never sees the event before the
 * version): seq_key is raised to seq unless it holds a higher one already
 * (publishes of one department may arrive out of order), and all_key is
 * incremented (any change anywhere).  0 on success. */
int qs_redis_publish_event(struct qs_redis *r, const char *channel, const char *msg,
                           size_t len, const char *seq_key, long seq, const char *all_key);

/* GET key as a number.  0 on success, 1 when the key is absent, -1 when
 * Redis is down. */
int qs_redis_get_long(struct qs_redis *r, const char *key, long *value);

/* PING.  0 when Redis answers. */
int qs_redis_ping(struct qs_redis *r);

/* INCR key and set its expiry on the first hit (fixed window).  Stores the
 * new count and the seconds left in the window.  -1 when Redis is down
 * (callers then let the request through: limits are best effort). */
int qs_redis_incr_window(struct qs_redis *r, const char *key, int window_s,
                         long *count, long *ttl_s);

/* The current count of a window key and its seconds left (0, 0 when absent).
 * -1 when Redis is down. */
int qs_redis_get_window(struct qs_redis *r, const char *key, long *count, long *ttl_s);

/* Commands that failed in this process (connection lost, Redis down, an
 * error reply), for the metrics. */
unsigned long qs_redis_error_count(void);

/* DEL key; 0 or -1. */
int qs_redis_del(struct qs_redis *r, const char *key);

#endif
