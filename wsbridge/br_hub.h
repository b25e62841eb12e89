/* br_hub: channels, subscribers and fan-out of the bridge.
 *
 * The hub is everything the service thread decides, with the transport
 * left out: it never calls libwebsockets.  It asks for a writeable callback
 * through ops->want_write, and the transport asks it, once per writeable
 * callback, for exactly one frame (br_hub_client_next).  So the whole
 * protocol can run in unit tests (tests/unit/test_bridge_hub.c).
 *
 * Shape:
 *   channel  "department:<id>" or "ticket:<public_id>", in one hash table;
 *            owns a br_ring of recent frames and (departments) a br_order;
 *            keeps the list of its subscriptions.
 *   client   one socket: its subscriptions (at most max_channels), a short
 *            queue of control frames (welcome, joined, errors, ...), a
 *            heartbeat flag, and a close request.
 *   sub      (client, channel, cursor): the next ring position to send.
 * A new event costs one ring slot per channel plus one want_write per
 * subscriber that was idle; frames are shared, never copied per socket.
 *
 * Not thread-safe: every call comes from the lws service thread. */
#ifndef BR_HUB_H
#define BR_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qs_jwt.h"

#include "br_event.h"
#include "br_msg.h"

#define BR_MAX_CHANNELS_PER_SOCKET 32
#define BR_CLIENT_ID_LEN 32   /* hex characters */

/* WebSocket close codes the hub asks for */
#define BR_CLOSE_GOING_AWAY 1001
#define BR_CLOSE_POLICY     1008
#define BR_CLOSE_TOO_BIG    1009
#define BR_CLOSE_TOO_SLOW   4008

struct br_hub_config {
	int heartbeat_s;          /* server ping period; silence of 2 closes */
	int max_channels;         /* per socket, <= BR_MAX_CHANNELS_PER_SOCKET */
	uint32_t dept_ring;       /* ring entries per department channel */
	uint32_t ticket_ring;     /* ring entries per ticket channel */
	int64_t hold_ms;          /* how long a hole in seq may stay open */
	size_t ctrl_max;          /* control frames queued per socket before 4008 */
	/* the API's signing key: `auth` verifies access tokens with it (NULL:
	 * every `auth` is refused) */
	const struct qs_jwt_keys *jwt;
	/* how long a revocation is remembered: the access token lifetime */
	int revoke_keep_s;
};

/* The defaults of the protocol: 25 s, 32, 256, 32, 500 ms, 128. */
void br_hub_config_default(struct br_hub_config *cfg);

struct br_hub_ops {
	/* please call br_hub_client_next() for conn soon (writeable callback) */
	void (*want_write)(void *ud, void *conn);
	/* the hub decided to close conn: make sure that happens even if the
	 * socket never becomes writeable again */
	void (*closing)(void *ud, void *conn);
	void *ud;
};

struct br_hub_stats {
	uint64_t sockets, channels;
	uint64_t events_in, events_out, resyncs, slow_closes;
	uint64_t duplicates, gaps;
	uint64_t revoked;         /* sockets that lost the staff view to a revocation */
	uint64_t authenticated;   /* sockets with the staff view now (a gauge) */
	uint64_t auth_ok, auth_refused;   /* `auth` messages, by their answer */
};

struct br_hub;
struct br_client;

/* NULL when out of memory.  cfg and ops are copied. */
struct br_hub *br_hub_new(const struct br_hub_config *cfg, const struct br_hub_ops *ops);
/* Frees every client and channel still there. */
void br_hub_free(struct br_hub *hub);

/* A socket was established: queues the welcome frame.  NULL when out of
 * memory (the transport then refuses the socket). */
struct br_client *br_hub_client_new(struct br_hub *hub, void *conn, int64_t now_ms);
void br_hub_client_free(struct br_hub *hub, struct br_client *cl);
const char *br_hub_client_id(const struct br_client *cl);

/* One complete client message (the transport enforces BR_MAX_MESSAGE). */
void br_hub_client_rx(struct br_hub *hub, struct br_client *cl, const char *text,
                      size_t len, bool binary, int64_t now_ms);
/* The peer showed life without a message (a WebSocket pong). */
void br_hub_client_touch(struct br_client *cl, int64_t now_ms);
/* Closes a socket once it has been silent for two heartbeat periods, queues
 * a server ping once per period, and drops an expired token's staff view. */
void br_hub_client_tick(struct br_hub *hub, struct br_client *cl, int64_t now_ms);
/* br_hub_client_tick() for every socket.  The transport calls it from one
 * timer every br_hub_tick_period_ms(): one sorted-timer entry for all
 * sockets, where a timer per socket made every re-arm walk a list of all of
 * them (lws_sul is a sorted list: O(sockets) per insert), and pings that
 * fall due together go out in one service-loop iteration. */
void br_hub_tick_clients(struct br_hub *hub, int64_t now_ms);
/* A quarter of the heartbeat, at most one second. */
int64_t br_hub_tick_period_ms(const struct br_hub *hub);
/* Ask the socket to close with code (e.g. 1001 at shutdown). */
void br_hub_client_close(struct br_hub *hub, struct br_client *cl, int code,
                         const char *reason);

/* What to do in one writeable callback.  Exactly one of msg / close_code is
 * set when br_hub_client_next() returns 1.  msg is a reference the caller
 * drops after lws_write(). */
struct br_frame {
	struct br_msg *msg;
	int close_code;
	const char *close_reason;
};
/* Returns 1 with a frame, 0 when nothing is pending. */
int br_hub_client_next(struct br_hub *hub, struct br_client *cl, struct br_frame *out);
/* Anything left to write after the frame just written? */
bool br_hub_client_pending(const struct br_client *cl);

/* An event from Redis (the hub takes ownership). */
void br_hub_ingest(struct br_hub *hub, struct br_event *ev, int64_t now_ms);
/* True when, since the last br_hub_clear_congestion(), an event left some
 * subscriber more than half a ring behind: the transport should let the
 * sockets write (one service-loop iteration) before it ingests more, so a
 * burst is paced to what the sockets can take instead of overrunning the
 * ring.  A socket already out of the ring does not count. */
bool br_hub_congested(const struct br_hub *hub);
void br_hub_clear_congestion(struct br_hub *hub);
/* The Redis subscription was re-established: events may have been lost. */
void br_hub_redis_reconnected(struct br_hub *hub);
/* Tokens died (logout, password change, deactivation): sockets
 * authenticated with them fall back to the public view at once and are told
 * `token_expired`; a later `auth` with such a token is refused until it
 * would have expired anyway. */
void br_hub_revoke(struct br_hub *hub, const struct br_revocation *rv);
/* Resolve seq holes whose hold time has passed. */
void br_hub_tick(struct br_hub *hub, int64_t now_ms);
/* When br_hub_tick() next has work, or -1. */
int64_t br_hub_next_deadline(const struct br_hub *hub);

/* Close every socket with 1001. */
void br_hub_shutdown(struct br_hub *hub);
void br_hub_get_stats(const struct br_hub *hub, struct br_hub_stats *out);

/* For tests and the log: the latest seq the hub knows for a channel name,
 * or -1 (unknown or no such channel). */
int64_t br_hub_channel_seq(const struct br_hub *hub, const char *name);

#endif
