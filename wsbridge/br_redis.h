/* br_redis: the Redis side of the bridge, on its own thread.
 *
 * The thread holds one blocking hiredis context subscribed to
 * qstream:dept:* (and to a heartbeat channel of its own), parses and
 * serializes each event (br_event_parse), and hands it to the lws service
 * thread through a mutex-protected queue, waking it with the wake callback
 * (lws_cancel_service(), the only lws call allowed off the service thread).
 *
 * Liveness: hiredis 0.14 drops PING replies on a subscribed context, so a
 * second (command) context PUBLISHes to qstream:bridge:heartbeat:<random>
 * every heartbeat_ms; when nothing comes back on the subscription within
 * dead_ms the subscription is treated as dead.  Any error kills a context:
 * it is freed and reconnected, with backoff from backoff_min_ms doubling to
 * backoff_max_ms.  After a reconnect (or a first subscription that came
 * after a failure) a BR_REDIS_RECONNECTED item tells the hub that events may
 * have been lost. */
#ifndef BR_REDIS_H
#define BR_REDIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "br_event.h"

struct br_redis_config {
	const char *host;          /* copied */
	int port;
	int timeout_ms;            /* connect and command timeout */
	int heartbeat_ms;          /* 5000 */
	int dead_ms;               /* 10000 */
	int backoff_min_ms;        /* 100 */
	int backoff_max_ms;        /* 5000 */
	size_t queue_max;          /* events waiting for the service thread */
};

void br_redis_config_default(struct br_redis_config *cfg);

enum br_redis_kind { BR_REDIS_EVENT, BR_REDIS_RECONNECTED, BR_REDIS_REVOKED };

struct br_redis_item {
	enum br_redis_kind kind;
	struct br_event *ev;        /* BR_REDIS_EVENT: owned by the item */
	struct br_revocation rv;    /* BR_REDIS_REVOKED */
	struct br_redis_item *next;
};

struct br_redis;

/* Start the thread.  wake(wake_ud) is called from it when the queue turns
 * non-empty.  NULL on failure (logged). */
struct br_redis *br_redis_start(const struct br_redis_config *cfg,
                                void (*wake)(void *), void *wake_ud);
/* Take everything queued, oldest first (the caller frees the items with
 * br_redis_item_free, which frees an event still attached). */
struct br_redis_item *br_redis_take(struct br_redis *r);
void br_redis_item_free(struct br_redis_item *it);
/* Stop and join the thread; frees whatever is still queued. */
void br_redis_stop(struct br_redis *r);

/* What the thread counted so far (atomics: read from any thread). */
struct br_redis_stats {
	uint64_t events_received;   /* events parsed and queued for the hub */
	uint64_t events_invalid;    /* refused by br_event_parse (logged, never the payload) */
	uint64_t events_dropped;    /* lost to a full queue */
	uint64_t revocations_invalid;
	uint64_t subscriptions;     /* subscriptions confirmed, the first one included */
	uint64_t reconnects;        /* of those, after a lost or failed one */
	bool subscribed;            /* confirmed now, and its heartbeat not missing */
};
void br_redis_get_stats(const struct br_redis *r, struct br_redis_stats *out);

/* For the fuzz target and the unit tests: the subscriber's reply handling
 * without a thread or a connection.  br_redis_new_detached() makes a
 * br_redis whose heartbeat channel is BR_REDIS_DETACHED_HB; each
 * br_redis_feed() parses len bytes of what Redis would send on the
 * subscription (RESP, in any pieces) and handles every complete reply as
 * the thread does, queueing events and revocations for br_redis_take()
 * (wake is called as the thread calls it; NULL for none).  had_failure is
 * what the thread knows when it subscribes: a later confirmed subscription
 * then queues BR_REDIS_RECONNECTED.  Returns the subscriptions confirmed so
 * far (3 is ready), or -1 once the bytes are not RESP (the thread drops the
 * connection then; so does every later feed).  Free with br_redis_stop(). */
#define BR_REDIS_DETACHED_HB "qstream:bridge:heartbeat:detached"
struct br_redis *br_redis_new_detached(const struct br_redis_config *cfg,
                                       void (*wake)(void *), void *wake_ud,
                                       bool had_failure);
int br_redis_feed(struct br_redis *r, const char *buf, size_t len);

#endif
