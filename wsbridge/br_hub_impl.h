/* br_hub_impl.h: what the files of the hub share (br_hub.h is its API).
 *
 * The hub is split by concern, each file named for what it holds:
 *   br_hub.c       the hub's life, and the client messages (join, leave, ping)
 *   br_channels.c  the channel table: lookup, creation, the held list, removal
 *   br_clients.c   one socket: its control queue, heartbeat, and the next frame
 *   br_auth.c      `auth`, the staff view, and revoked tokens
 *   br_fanout.c    events from Redis into channel rings, and waking subscribers
 * Only those files include this header. */
#ifndef BR_HUB_IMPL_H
#define BR_HUB_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "br_hub.h"
#include "br_order.h"
#include "br_proto.h"
#include "br_ring.h"

struct br_sub;

struct br_channel {
	struct br_chan_name cn;           /* cn.name is the hash key */
	int64_t dept_id;                  /* ticket channels: learnt from events, 0 unknown */
	struct br_ring ring;
	struct br_order order;            /* departments only */
	struct br_sub *subs;              /* doubly linked through sub->next/prev */
	size_t nsubs;
	struct br_channel *hash_next;
	struct br_channel *held_next, *held_prev;   /* hub->held: order has held events */
	bool in_held;
};

struct br_sub {
	struct br_channel *ch;
	struct br_client *cl;
	uint64_t cursor;                  /* next ring position to send */
	bool too_slow;                    /* a "too_slow" resync is owed */
	struct br_sub *next, *prev;
};

/* What an authenticated socket may see: filled by `auth` with an access
 * token, cleared when the token expires. */
struct br_auth {
	bool staff;
	bool admin;                       /* admins see every department */
	int64_t dept_id;
	int64_t expires_ms;               /* wall clock, ms */
	int64_t user_id, session_id, token_version;
};

/* A revocation kept while tokens it kills could still be presented. */
struct br_revoked {
	struct br_revocation rv;
	int64_t until_ms;                 /* wall clock */
};

struct br_client {
	void *conn;
	char id[BR_CLIENT_ID_LEN + 1];
	/* both arrays grow on demand: most sockets join one or two channels and
	 * have a frame or two queued, and there may be tens of thousands */
	struct br_sub **subs;             /* up to cfg.max_channels */
	int nsubs, subs_cap;
	int rr;                           /* round-robin start among subs */
	struct br_msg **ctrl;             /* control frames, a ring of ctrl_cap <= ctrl_max */
	size_t ctrl_head, ctrl_len, ctrl_cap;
	bool ping_due;
	bool strike;                      /* got "too_slow" and has not caught up */
	int close_code;                   /* nonzero: close requested */
	const char *close_reason;
	int64_t last_rx_ms;
	int64_t next_ping_ms;
	struct br_auth auth;
	struct br_client *next, *prev;    /* hub->clients */
};

struct br_hub {
	struct br_hub_config cfg;
	struct br_hub_ops ops;
	struct br_channel **buckets;
	size_t nbuckets, nchannels;
	struct br_channel *held;          /* channels with held events */
	struct br_client *clients;
	size_t nclients;
	bool congested;                   /* see notify() */
	struct br_revoked *revoked;       /* a few per logout in the last token lifetime */
	size_t nrevoked, caprevoked;
	struct br_hub_stats st;
};

#define CTRL_INITIAL 4
#define SUBS_INITIAL 2

/* The latest seq a client may be told (joined, ping): -1 for null. */
static inline int64_t hub_seq_out(int64_t seq)
{
	return seq == BR_RING_NO_SEQ ? -1 : seq;
}

/* br_channels.c */
struct br_channel *hub_channel_find(const struct br_hub *hub, const char *name);
/* Find or create (NULL when out of memory). */
struct br_channel *hub_channel_get(struct br_hub *hub, const struct br_chan_name *cn);
/* Keep hub->held in step with the channel's held events. */
void hub_held_update(struct br_hub *hub, struct br_channel *ch);
/* Drop a channel nobody listens to unless it keeps a department's history. */
void hub_channel_maybe_destroy(struct br_hub *hub, struct br_channel *ch);
void hub_for_ticket_channels_of(struct br_hub *hub, int64_t dept_id,
                                void (*fn)(struct br_hub *, struct br_channel *, int64_t),
                                int64_t arg);
/* Free every channel (the hub is going away). */
void hub_channels_free(struct br_hub *hub);

/* br_clients.c */
void hub_client_close(struct br_hub *hub, struct br_client *cl, int code, const char *reason);
/* Queue a control frame (takes the reference; NULL means out of memory). */
void hub_ctrl_push(struct br_hub *hub, struct br_client *cl, struct br_msg *m);
void hub_send_error(struct br_hub *hub, struct br_client *cl, enum br_err code,
                    const char *message, const char *channel);

/* br_hub.c */
void hub_sub_remove(struct br_hub *hub, struct br_client *cl, struct br_sub *s);

/* br_auth.c */
int64_t hub_wall_ms(void);
void hub_handle_auth(struct br_hub *hub, struct br_client *cl, const struct br_request *req);
bool hub_sees_staff_view(const struct br_client *cl, const struct br_channel *ch);

#endif
