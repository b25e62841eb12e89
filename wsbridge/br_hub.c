/* br_hub: channels, subscribers and fan-out (br_hub.h). */
#include "br_hub.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#include "br_order.h"
#include "br_proto.h"
#include "br_ring.h"
#include "qs_log.h"

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

static int64_t wall_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void br_hub_config_default(struct br_hub_config *cfg)
{
	cfg->heartbeat_s = 25;
	cfg->max_channels = BR_MAX_CHANNELS_PER_SOCKET;
	cfg->dept_ring = 256;
	cfg->ticket_ring = 32;
	cfg->hold_ms = BR_ORDER_HOLD_MS;
	cfg->ctrl_max = 128;
	cfg->jwt = NULL;
	cfg->revoke_keep_s = 900;
}

/* --- channels ----------------------------------------------------------- */

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;        /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct br_channel *channel_find(const struct br_hub *hub, const char *name)
{
	struct br_channel *ch = hub->buckets[hash_name(name) & (hub->nbuckets - 1)];
	for (; ch; ch = ch->hash_next)
		if (strcmp(ch->cn.name, name) == 0)
			return ch;
	return NULL;
}

static void hash_grow(struct br_hub *hub)
{
	size_t n = hub->nbuckets * 2;
	struct br_channel **b = calloc(n, sizeof *b);
	if (!b)
		return;   /* longer chains, still correct */
	for (size_t i = 0; i < hub->nbuckets; i++) {
		struct br_channel *ch = hub->buckets[i], *next;
		for (; ch; ch = next) {
			next = ch->hash_next;
			size_t k = hash_name(ch->cn.name) & (n - 1);
			ch->hash_next = b[k];
			b[k] = ch;
		}
	}
	free(hub->buckets);
	hub->buckets = b;
	hub->nbuckets = n;
}

static struct br_channel *channel_get(struct br_hub *hub, const struct br_chan_name *cn)
{
	struct br_channel *ch = channel_find(hub, cn->name);
	if (ch)
		return ch;
	ch = calloc(1, sizeof *ch);
	if (!ch)
		return NULL;
	ch->cn = *cn;
	ch->dept_id = cn->kind == BR_CHAN_DEPARTMENT ? cn->dept_id : 0;
	br_ring_init(&ch->ring, cn->kind == BR_CHAN_DEPARTMENT ? hub->cfg.dept_ring
	                                                       : hub->cfg.ticket_ring);
	br_order_init(&ch->order, hub->cfg.hold_ms, BR_ORDER_MAX_HELD);
	if (hub->nchannels >= hub->nbuckets)
		hash_grow(hub);
	size_t k = hash_name(ch->cn.name) & (hub->nbuckets - 1);
	ch->hash_next = hub->buckets[k];
	hub->buckets[k] = ch;
	hub->nchannels++;
	return ch;
}

static void free_event_item(void *item)
{
	br_event_free(item);
}

static void held_update(struct br_hub *hub, struct br_channel *ch)
{
	bool want = ch->order.nheld > 0;
	if (want == ch->in_held)
		return;
	if (want) {
		ch->held_prev = NULL;
		ch->held_next = hub->held;
		if (hub->held)
			hub->held->held_prev = ch;
		hub->held = ch;
	} else {
		if (ch->held_prev)
			ch->held_prev->held_next = ch->held_next;
		else
			hub->held = ch->held_next;
		if (ch->held_next)
			ch->held_next->held_prev = ch->held_prev;
		ch->held_next = ch->held_prev = NULL;
	}
	ch->in_held = want;
}

static void channel_destroy(struct br_hub *hub, struct br_channel *ch)
{
	assert(ch->nsubs == 0);
	size_t k = hash_name(ch->cn.name) & (hub->nbuckets - 1);
	struct br_channel **pp = &hub->buckets[k];
	while (*pp != ch)
		pp = &(*pp)->hash_next;
	*pp = ch->hash_next;
	hub->nchannels--;
	br_order_cleanup(&ch->order, free_event_item);
	held_update(hub, ch);   /* nheld is 0 now */
	br_ring_cleanup(&ch->ring);
	free(ch);
}

/* A channel nobody listens to is kept only while it holds what a later
 * `join ... since` needs: the history of a department.  Ticket channels and
 * departments that never saw an event go, so joins cannot pile up memory. */
static void channel_maybe_destroy(struct br_hub *hub, struct br_channel *ch)
{
	if (ch->nsubs > 0)
		return;
	if (ch->cn.kind == BR_CHAN_DEPARTMENT &&
	    (ch->ring.last_seq != BR_RING_NO_SEQ || ch->order.nheld > 0))
		return;
	channel_destroy(hub, ch);
}

/* The latest seq a client may be told (joined, ping): -1 for null. */
static int64_t seq_out(int64_t seq)
{
	return seq == BR_RING_NO_SEQ ? -1 : seq;
}

/* --- clients: close, control queue, write requests ---------------------- */

static void client_close(struct br_hub *hub, struct br_client *cl, int code,
                         const char *reason)
{
	if (cl->close_code)
		return;
	cl->close_code = code;
	cl->close_reason = reason;
	if (code == BR_CLOSE_TOO_SLOW)
		hub->st.slow_closes++;
	hub->ops.closing(hub->ops.ud, cl->conn);
	hub->ops.want_write(hub->ops.ud, cl->conn);
}

void br_hub_client_close(struct br_hub *hub, struct br_client *cl, int code,
                         const char *reason)
{
	client_close(hub, cl, code, reason);
}

#define CTRL_INITIAL 4
#define SUBS_INITIAL 2

/* Double the control ring, oldest frame first in the new one.  -1 when it
 * is at ctrl_max already or memory is short. */
static int ctrl_grow(struct br_hub *hub, struct br_client *cl)
{
	if (cl->ctrl_cap >= hub->cfg.ctrl_max)
		return -1;
	size_t cap = cl->ctrl_cap * 2 < hub->cfg.ctrl_max ? cl->ctrl_cap * 2 : hub->cfg.ctrl_max;
	struct br_msg **r = malloc(cap * sizeof *r);
	if (!r)
		return -1;
	for (size_t i = 0; i < cl->ctrl_len; i++)
		r[i] = cl->ctrl[(cl->ctrl_head + i) % cl->ctrl_cap];
	free(cl->ctrl);
	cl->ctrl = r;
	cl->ctrl_head = 0;
	cl->ctrl_cap = cap;
	return 0;
}

/* Queue a control frame (takes the reference).  A socket that lets control
 * frames pile up does not read: it is closed as too slow. */
static void ctrl_push(struct br_hub *hub, struct br_client *cl, struct br_msg *m)
{
	if (cl->close_code) {
		br_msg_unref(m);
		return;
	}
	if (!m) {
		/* out of memory: the client cannot trust its stream any more */
		qs_log_error("ws_out_of_memory", "client=%s", cl->id);
		client_close(hub, cl, BR_CLOSE_GOING_AWAY, "out of memory");
		return;
	}
	if (cl->ctrl_len == cl->ctrl_cap && ctrl_grow(hub, cl)) {
		br_msg_unref(m);
		if (cl->ctrl_cap < hub->cfg.ctrl_max) {
			qs_log_error("ws_out_of_memory", "client=%s what=control_queue", cl->id);
			client_close(hub, cl, BR_CLOSE_GOING_AWAY, "out of memory");
		} else {
			qs_log_info("ws_slow_close", "client=%s why=control_queue_full", cl->id);
			client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
		}
		return;
	}
	cl->ctrl[(cl->ctrl_head + cl->ctrl_len) % cl->ctrl_cap] = m;
	cl->ctrl_len++;
	hub->ops.want_write(hub->ops.ud, cl->conn);
}

static void send_error(struct br_hub *hub, struct br_client *cl, enum br_err code,
                       const char *message, const char *channel)
{
	ctrl_push(hub, cl, br_build_error(code, message, channel));
}

/* --- fan-out ------------------------------------------------------------ */

/* The ring of ch grew from old_head: wake the subscribers that were idle,
 * close at once those that fell out again after a "too_slow", and note
 * congestion: a subscriber still in the ring but more than half of it behind.
 * Each socket writes one frame per service-loop iteration, so a burst that
 * is ingested all at once would push every healthy socket out of the ring;
 * the transport stops ingesting while the hub is congested and resumes on
 * the next iteration (br_hub_congested). */
static void notify(struct br_hub *hub, struct br_channel *ch, uint64_t old_head)
{
	uint64_t tail = br_ring_tail(&ch->ring), half = ch->ring.cap / 2;
	for (struct br_sub *s = ch->subs; s; s = s->next) {
		struct br_client *cl = s->cl;
		if (s->cursor == old_head)
			hub->ops.want_write(hub->ops.ud, cl->conn);
		else if (s->cursor < tail && cl->strike)
			client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
		else if (s->cursor >= tail && ch->ring.head - s->cursor > half)
			hub->congested = true;
	}
}

bool br_hub_congested(const struct br_hub *hub)
{
	return hub->congested;
}

void br_hub_clear_congestion(struct br_hub *hub)
{
	hub->congested = false;
}

static void push_marker(struct br_hub *hub, struct br_channel *ch, const char *reason)
{
	struct br_msg *m = br_build_resync(ch->cn.name, reason);
	uint64_t old = ch->ring.head;
	if (!m || br_ring_push_marker(&ch->ring, m)) {
		qs_log_error("ws_out_of_memory", "channel=%s what=resync", ch->cn.name);
	} else {
		notify(hub, ch, old);
	}
	br_msg_unref(m);
}

static void push_event(struct br_hub *hub, struct br_channel *ch, int64_t seq,
                       struct br_msg *pub, struct br_msg *staff)
{
	uint64_t old = ch->ring.head;
	if (br_ring_push_event(&ch->ring, seq, pub, staff)) {
		/* the subscribers miss this one: tell them */
		qs_log_error("ws_out_of_memory", "channel=%s seq=%lld", ch->cn.name,
		             (long long)seq);
		br_ring_break(&ch->ring, seq);
		return;
	}
	notify(hub, ch, old);
}

/* Calls fn on every ticket channel that may belong to department dept_id:
 * those learnt to be in it and those not yet placed.  Only for rare events
 * (gaps, reconnects), so a scan of the table is fine. */
static void for_ticket_channels_of(struct br_hub *hub, int64_t dept_id,
                                   void (*fn)(struct br_hub *, struct br_channel *, int64_t),
                                   int64_t arg)
{
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (struct br_channel *ch = hub->buckets[i]; ch; ch = ch->hash_next)
			if (ch->cn.kind == BR_CHAN_TICKET &&
			    (ch->dept_id == dept_id || ch->dept_id == 0))
				fn(hub, ch, arg);
}

static void ticket_gap(struct br_hub *hub, struct br_channel *ch, int64_t seq)
{
	br_ring_break(&ch->ring, seq - 1);
	if (ch->nsubs > 0)
		push_marker(hub, ch, "gap");
}

static void ticket_jump(struct br_hub *hub, struct br_channel *ch, int64_t seq)
{
	(void)hub;
	br_ring_break(&ch->ring, seq - 1);
}

static void deliver(struct br_hub *hub, struct br_channel *ch, struct br_event *ev)
{
	push_event(hub, ch, ev->seq, ev->pub, ev->staff);
	if (ev->ticket_pub) {
		char name[BR_CHANNEL_MAX];
		snprintf(name, sizeof name, "ticket:%s", ev->public_id);
		struct br_channel *t = channel_find(hub, name);
		/* a public_id seen in two departments must not break the ring's
		 * increasing seqs: the later department's event is not delivered */
		if (t && (t->ring.last_seq == BR_RING_NO_SEQ || ev->seq > t->ring.last_seq) &&
		    (t->dept_id == 0 || t->dept_id == ch->dept_id)) {
			t->dept_id = ch->dept_id;
			push_event(hub, t, ev->seq, ev->ticket_pub, NULL);
		}
	}
	br_event_free(ev);
}

struct emit_ctx {
	struct br_hub *hub;
	struct br_channel *ch;
};

static void order_emit(void *vctx, enum br_order_kind kind, int64_t seq, void *item)
{
	struct emit_ctx *c = vctx;
	struct br_hub *hub = c->hub;
	struct br_channel *ch = c->ch;

	switch (kind) {
	case BR_ORDER_DELIVER:
		deliver(hub, ch, item);
		break;
	case BR_ORDER_DUP:
		hub->st.duplicates++;
		qs_log_debug("ws_event_duplicate", "channel=%s seq=%lld", ch->cn.name,
		             (long long)seq);
		br_event_free(item);
		break;
	case BR_ORDER_GAP:
		hub->st.gaps++;
		qs_log_warn("ws_event_gap", "channel=%s last_seq=%lld next_seq=%lld",
		            ch->cn.name, (long long)ch->order.last_seq, (long long)seq);
		br_ring_break(&ch->ring, seq - 1);
		push_marker(hub, ch, "gap");
		for_ticket_channels_of(hub, ch->dept_id, ticket_gap, seq);
		break;
	case BR_ORDER_JUMP:
		br_ring_break(&ch->ring, seq - 1);
		for_ticket_channels_of(hub, ch->dept_id, ticket_jump, seq);
		break;
	}
}

void br_hub_ingest(struct br_hub *hub, struct br_event *ev, int64_t now_ms)
{
	struct br_chan_name cn;
	char name[BR_CHANNEL_MAX];

	hub->st.events_in++;
	snprintf(name, sizeof name, "department:%lld", (long long)ev->dept_id);
	if (br_channel_parse(name, strlen(name), &cn)) {
		/* br_event_parse() checked department_id > 0; more than 18 digits */
		qs_log_warn("ws_event_dropped", "why=department_id_out_of_range");
		br_event_free(ev);
		return;
	}
	struct br_channel *ch = channel_get(hub, &cn);
	if (!ch) {
		qs_log_error("ws_out_of_memory", "what=channel");
		br_event_free(ev);
		return;
	}
	struct emit_ctx ctx = { hub, ch };
	if (br_order_offer(&ch->order, ev->seq, ev, now_ms, order_emit, &ctx))
		qs_log_error("ws_out_of_memory", "channel=%s what=hold", ch->cn.name);
	held_update(hub, ch);
}

void br_hub_tick(struct br_hub *hub, int64_t now_ms)
{
	struct br_channel *ch = hub->held, *next;
	for (; ch; ch = next) {
		next = ch->held_next;
		struct emit_ctx ctx = { hub, ch };
		br_order_expire(&ch->order, now_ms, order_emit, &ctx);
		held_update(hub, ch);
	}
}

int64_t br_hub_next_deadline(const struct br_hub *hub)
{
	int64_t best = -1;
	for (const struct br_channel *ch = hub->held; ch; ch = ch->held_next) {
		int64_t d = br_order_deadline(&ch->order);
		if (d >= 0 && (best < 0 || d < best))
			best = d;
	}
	return best;
}

void br_hub_redis_reconnected(struct br_hub *hub)
{
	/* resync first, so that held events released below follow it */
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (struct br_channel *ch = hub->buckets[i]; ch; ch = ch->hash_next)
			if (ch->nsubs > 0)
				push_marker(hub, ch, "redis_reconnected");
	for (size_t i = 0; i < hub->nbuckets; i++) {
		for (struct br_channel *ch = hub->buckets[i]; ch; ch = ch->hash_next) {
			if (ch->cn.kind != BR_CHAN_DEPARTMENT)
				continue;
			struct emit_ctx ctx = { hub, ch };
			br_order_rebase(&ch->order, order_emit, &ctx);
			held_update(hub, ch);
		}
	}
}

/* --- client messages ---------------------------------------------------- */

static struct br_sub *find_sub(const struct br_client *cl, const char *name)
{
	for (int i = 0; i < cl->nsubs; i++)
		if (strcmp(cl->subs[i]->ch->cn.name, name) == 0)
			return cl->subs[i];
	return NULL;
}

static void sub_remove(struct br_hub *hub, struct br_client *cl, struct br_sub *s)
{
	struct br_channel *ch = s->ch;
	int i = 0;
	while (cl->subs[i] != s)
		i++;
	cl->subs[i] = cl->subs[--cl->nsubs];
	cl->subs[cl->nsubs] = NULL;
	if (cl->rr >= cl->nsubs)
		cl->rr = 0;
	if (s->prev)
		s->prev->next = s->next;
	else
		ch->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	ch->nsubs--;
	free(s);
	channel_maybe_destroy(hub, ch);
}

static void h_join(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct br_sub *s = find_sub(cl, req->channel.name);
	if (!s) {
		if (cl->nsubs >= hub->cfg.max_channels) {
			char msg[64];
			snprintf(msg, sizeof msg, "a socket may join at most %d channels",
			         hub->cfg.max_channels);
			send_error(hub, cl, BR_ERR_TOO_MANY_CHANNELS, msg, req->channel.name);
			return;
		}
		if (cl->nsubs == cl->subs_cap) {
			int cap = cl->subs_cap ? cl->subs_cap * 2 : SUBS_INITIAL;
			if (cap > hub->cfg.max_channels)
				cap = hub->cfg.max_channels;
			struct br_sub **a = realloc(cl->subs, (size_t)cap * sizeof *a);
			if (!a) {
				ctrl_push(hub, cl, NULL);
				return;
			}
			cl->subs = a;
			cl->subs_cap = cap;
		}
		struct br_channel *ch = channel_get(hub, &req->channel);
		s = ch ? calloc(1, sizeof *s) : NULL;
		if (!s) {
			if (ch)
				channel_maybe_destroy(hub, ch);
			ctrl_push(hub, cl, NULL);
			return;
		}
		s->ch = ch;
		s->cl = cl;
		s->cursor = ch->ring.head;
		s->next = ch->subs;
		if (ch->subs)
			ch->subs->prev = s;
		ch->subs = s;
		ch->nsubs++;
		cl->subs[cl->nsubs++] = s;
	}
	/* joining twice is idempotent: same answer, the subscription stays;
	 * a `since` repositions the cursor, so the replay can repeat events
	 * the client already has (it drops them by seq) but never skips any */
	struct br_channel *ch = s->ch;
	ctrl_push(hub, cl, br_build_joined(ch->cn.name, seq_out(ch->ring.last_seq)));
	if (req->has_since) {
		uint64_t pos;
		if (br_ring_find_since(&ch->ring, req->since, &pos) == 0) {
			s->cursor = pos;
		} else {
			s->cursor = ch->ring.head;
			hub->st.resyncs++;
			ctrl_push(hub, cl, br_build_resync(ch->cn.name, "since_too_old"));
		}
	}
}

static void h_leave(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct br_sub *s = find_sub(cl, req->channel.name);
	if (s)
		sub_remove(hub, cl, s);
	ctrl_push(hub, cl, br_build_left(req->channel.name));
}

static void h_ping(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	(void)req;
	ctrl_push(hub, cl, br_build_pong());
}

static bool revocation_matches(const struct br_revocation *rv, const struct br_auth *a)
{
	return a->staff && rv->user_id == a->user_id &&
	       (rv->session_id ? rv->session_id == a->session_id
	                       : a->token_version < rv->token_version);
}

/* Forget revocations whose tokens have all expired by now. */
static void revoked_purge(struct br_hub *hub, int64_t now)
{
	size_t k = 0;
	for (size_t i = 0; i < hub->nrevoked; i++)
		if (hub->revoked[i].until_ms > now)
			hub->revoked[k++] = hub->revoked[i];
	hub->nrevoked = k;
}

static bool is_revoked(struct br_hub *hub, const struct br_auth *a)
{
	revoked_purge(hub, wall_ms());
	for (size_t i = 0; i < hub->nrevoked; i++)
		if (revocation_matches(&hub->revoked[i].rv, a))
			return true;
	return false;
}

void br_hub_revoke(struct br_hub *hub, const struct br_revocation *rv)
{
	int64_t now = wall_ms();
	uint64_t n = 0;

	revoked_purge(hub, now);
	if (hub->nrevoked == hub->caprevoked) {
		size_t cap = hub->caprevoked ? hub->caprevoked * 2 : 16;
		struct br_revoked *r = realloc(hub->revoked, cap * sizeof *r);
		if (r) {
			hub->revoked = r;
			hub->caprevoked = cap;
		}
	}
	if (hub->nrevoked < hub->caprevoked)   /* else: live sockets only */
		hub->revoked[hub->nrevoked++] =
			(struct br_revoked){ *rv, now + (int64_t)hub->cfg.revoke_keep_s * 1000 };
	else
		qs_log_error("ws_out_of_memory", "what=revocation user=%lld",
		             (long long)rv->user_id);
	for (struct br_client *cl = hub->clients; cl; cl = cl->next) {
		if (!revocation_matches(rv, &cl->auth))
			continue;
		memset(&cl->auth, 0, sizeof cl->auth);
		send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the session has ended", NULL);
		n++;
	}
	hub->st.revoked += n;
	qs_log_info("ws_revoked", "user=%lld session=%lld token_version=%lld sockets=%llu",
	            (long long)rv->user_id, (long long)rv->session_id,
	            (long long)rv->token_version, (unsigned long long)n);
}

/* `auth`: verify the access token (signature, algorithm and every claim, as
 * the API does; the bridge cannot see the database, so a revoked token
 * keeps the staff view until it expires, at most 15 minutes).  Afterwards
 * the department channels of the token's department carry the staff view. */
static void h_auth(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct qs_jwt_claims c;
	struct timespec now;

	if (!hub->cfg.jwt) {
		send_error(hub, cl, BR_ERR_FORBIDDEN, "authentication is not configured", NULL);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	switch (qs_jwt_verify(hub->cfg.jwt, req->token, (long)now.tv_sec, &c)) {
	case QS_JWT_OK:
		break;
	case QS_JWT_EXPIRED:
		send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the token has expired", NULL);
		return;
	default:
		memset(&cl->auth, 0, sizeof cl->auth);
		send_error(hub, cl, BR_ERR_FORBIDDEN, "the token is not valid", NULL);
		return;
	}
	struct br_auth a = { true, strcmp(c.role, "admin") == 0, c.dept, (int64_t)c.exp * 1000,
	                     c.sub, c.sid, c.ver };
	if (is_revoked(hub, &a)) {
		memset(&cl->auth, 0, sizeof cl->auth);
		send_error(hub, cl, BR_ERR_FORBIDDEN, "the token is no longer valid", NULL);
		return;
	}
	cl->auth = a;
	qs_log_info("ws_authenticated", "client=%s user=%ld role=%s", cl->id, c.sub, c.role);
	ctrl_push(hub, cl, br_build_authenticated(c.role, c.dept, c.exp));
}

/* One handler per message type, as in a command table. */
static const struct {
	enum br_req_type type;
	void (*fn)(struct br_hub *, struct br_client *, const struct br_request *);
} handlers[] = {
	{ BR_REQ_JOIN, h_join },
	{ BR_REQ_LEAVE, h_leave },
	{ BR_REQ_PING, h_ping },
	{ BR_REQ_AUTH, h_auth },
};

void br_hub_client_rx(struct br_hub *hub, struct br_client *cl, const char *text,
                      size_t len, bool binary, int64_t now_ms)
{
	struct br_request *req = NULL;
	char msg[128];

	cl->last_rx_ms = now_ms;
	if (cl->close_code)
		return;
	if (binary) {
		send_error(hub, cl, BR_ERR_BAD_MESSAGE, "messages must be text frames", NULL);
		return;
	}
	req = malloc(sizeof *req);
	if (!req) {
		ctrl_push(hub, cl, NULL);
		return;
	}
	enum br_err rc = br_request_parse(text, len, req, msg, sizeof msg);
	if (rc) {
		/* the message never echoes what the client sent */
		send_error(hub, cl, rc, msg, NULL);
		goto out_req;
	}
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		if (handlers[i].type == req->type) {
			handlers[i].fn(hub, cl, req);
			goto out_req;
		}
	}
	assert(!"request type without handler");
out_req:
	free(req);
}

void br_hub_client_touch(struct br_client *cl, int64_t now_ms)
{
	cl->last_rx_ms = now_ms;
}

void br_hub_client_tick(struct br_hub *hub, struct br_client *cl, int64_t now_ms)
{
	int64_t period = (int64_t)hub->cfg.heartbeat_s * 1000;

	if (cl->close_code)
		return;
	if (cl->auth.staff) {
		if (wall_ms() >= cl->auth.expires_ms) {
			/* back to the public view until a new `auth` */
			memset(&cl->auth, 0, sizeof cl->auth);
			send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the token has expired", NULL);
		}
	}
	if (now_ms - cl->last_rx_ms >= 2 * period) {
		qs_log_info("ws_heartbeat_timeout", "client=%s", cl->id);
		client_close(hub, cl, BR_CLOSE_POLICY, "heartbeat timeout");
		return;
	}
	/* timers fire a little early or late: allow a tenth of a period */
	if (now_ms >= cl->next_ping_ms - period / 10) {
		cl->next_ping_ms = now_ms + period;
		cl->ping_due = true;
		hub->ops.want_write(hub->ops.ud, cl->conn);
	}
}

void br_hub_tick_clients(struct br_hub *hub, int64_t now_ms)
{
	/* closing only marks a client; nothing here unlinks one */
	for (struct br_client *cl = hub->clients; cl; cl = cl->next)
		br_hub_client_tick(hub, cl, now_ms);
}

int64_t br_hub_tick_period_ms(const struct br_hub *hub)
{
	int64_t q = (int64_t)hub->cfg.heartbeat_s * 1000 / 4;
	return q < 1000 ? q : 1000;
}

/* --- writing ------------------------------------------------------------ */

/* Checked frame by frame: an expired token sees the public view at once,
 * even before the next tick tells the socket. */
static bool sees_staff_view(const struct br_client *cl, const struct br_channel *ch)
{
	return cl->auth.staff && ch->cn.kind == BR_CHAN_DEPARTMENT &&
	       (cl->auth.admin || cl->auth.dept_id == ch->dept_id) &&
	       wall_ms() < cl->auth.expires_ms;
}

/* Each channel reports what this socket has been sent so far, so a ping
 * never announces a seq whose event is still queued behind it. */
static struct br_msg *build_ping(const struct br_client *cl)
{
	struct br_ping_builder *b = br_ping_begin();
	if (!b)
		return NULL;
	for (int i = 0; i < cl->nsubs; i++) {
		const struct br_sub *s = cl->subs[i];
		br_ping_add(b, s->ch->cn.name,
		            seq_out(br_ring_seq_before(&s->ch->ring, s->cursor)));
	}
	return br_ping_finish(b);
}

bool br_hub_client_pending(const struct br_client *cl)
{
	if (cl->close_code || cl->ctrl_len || cl->ping_due)
		return true;
	for (int i = 0; i < cl->nsubs; i++)
		if (cl->subs[i]->too_slow || cl->subs[i]->cursor < cl->subs[i]->ch->ring.head)
			return true;
	return false;
}

static int too_slow_frame(struct br_hub *hub, struct br_client *cl,
                          const struct br_channel *ch, struct br_frame *out)
{
	hub->st.resyncs++;
	out->msg = br_build_resync(ch->cn.name, "too_slow");
	if (!out->msg) {
		ctrl_push(hub, cl, NULL);   /* closes: the client missed events */
		out->close_code = cl->close_code;
		out->close_reason = cl->close_reason;
	}
	return 1;
}

int br_hub_client_next(struct br_hub *hub, struct br_client *cl, struct br_frame *out)
{
	memset(out, 0, sizeof *out);
	if (cl->close_code) {
		out->close_code = cl->close_code;
		out->close_reason = cl->close_reason;
		return 1;
	}
	if (cl->ctrl_len) {
		out->msg = cl->ctrl[cl->ctrl_head];
		cl->ctrl[cl->ctrl_head] = NULL;
		cl->ctrl_head = (cl->ctrl_head + 1) % cl->ctrl_cap;
		cl->ctrl_len--;
		return 1;
	}
	if (cl->ping_due) {
		cl->ping_due = false;
		out->msg = build_ping(cl);
		if (out->msg)
			return 1;
		qs_log_error("ws_out_of_memory", "client=%s what=ping", cl->id);
	}
	/* one frame from the next channel with something pending, round robin,
	 * so one busy channel cannot starve the others of this socket */
	for (int k = 0; k < cl->nsubs; k++) {
		int i = (cl->rr + k) % cl->nsubs;
		struct br_sub *s = cl->subs[i];
		struct br_channel *ch = s->ch;
		if (s->too_slow) {
			s->too_slow = false;
			cl->rr = (i + 1) % cl->nsubs;
			return too_slow_frame(hub, cl, ch, out);
		}
		if (s->cursor >= ch->ring.head)
			continue;
		cl->rr = (i + 1) % cl->nsubs;
		if (s->cursor < br_ring_tail(&ch->ring)) {
			/* fell out of the ring: once a resync, twice a close.
			 * notify() normally closes first; this is the backstop */
			if (cl->strike) {
				qs_log_info("ws_slow_close", "client=%s channel=%s", cl->id,
				            ch->cn.name);
				client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
				out->close_code = cl->close_code;
				out->close_reason = cl->close_reason;
				return 1;
			}
			/* one episode: every channel that fell out with this one
			 * gets its resync, none counts as a second strike */
			cl->strike = true;
			for (int j = 0; j < cl->nsubs; j++) {
				struct br_sub *o = cl->subs[j];
				if (o->cursor < br_ring_tail(&o->ch->ring)) {
					o->cursor = o->ch->ring.head;
					o->too_slow = o != s;
				}
			}
			return too_slow_frame(hub, cl, ch, out);
		}
		const struct br_ring_entry *e = br_ring_at(&ch->ring, s->cursor++);
		if (e->marker) {
			hub->st.resyncs++;
			out->msg = br_msg_ref(e->pub);
		} else {
			hub->st.events_out++;
			out->msg = br_msg_ref(e->staff && sees_staff_view(cl, ch) ? e->staff
			                                                         : e->pub);
		}
		return 1;
	}
	cl->strike = false;   /* caught up everywhere */
	return 0;
}

/* --- lifecycle ---------------------------------------------------------- */

struct br_hub *br_hub_new(const struct br_hub_config *cfg, const struct br_hub_ops *ops)
{
	assert(cfg->max_channels > 0 && cfg->max_channels <= BR_MAX_CHANNELS_PER_SOCKET);
	assert(cfg->ctrl_max > 0 && cfg->dept_ring > 0 && cfg->ticket_ring > 0);
	struct br_hub *hub = calloc(1, sizeof *hub);
	if (!hub)
		return NULL;
	hub->cfg = *cfg;
	hub->ops = *ops;
	hub->nbuckets = 64;
	hub->buckets = calloc(hub->nbuckets, sizeof *hub->buckets);
	if (!hub->buckets) {
		free(hub);
		return NULL;
	}
	return hub;
}

void br_hub_free(struct br_hub *hub)
{
	if (!hub)
		return;
	while (hub->clients)
		br_hub_client_free(hub, hub->clients);
	for (size_t i = 0; i < hub->nbuckets; i++) {
		struct br_channel *ch = hub->buckets[i], *next;
		for (; ch; ch = next) {
			next = ch->hash_next;
			br_order_cleanup(&ch->order, free_event_item);
			br_ring_cleanup(&ch->ring);
			free(ch);
		}
	}
	free(hub->buckets);
	free(hub->revoked);
	free(hub);
}

struct br_client *br_hub_client_new(struct br_hub *hub, void *conn, int64_t now_ms)
{
	unsigned char rnd[BR_CLIENT_ID_LEN / 2];
	struct br_client *cl = calloc(1, sizeof *cl);
	if (!cl)
		return NULL;
	cl->ctrl_cap = hub->cfg.ctrl_max < CTRL_INITIAL ? hub->cfg.ctrl_max : CTRL_INITIAL;
	cl->ctrl = calloc(cl->ctrl_cap, sizeof *cl->ctrl);
	if (!cl->ctrl || getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		free(cl->ctrl);
		free(cl);
		return NULL;
	}
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(cl->id + 2 * i, 3, "%02x", rnd[i]);
	cl->conn = conn;
	cl->last_rx_ms = now_ms;
	cl->next_ping_ms = now_ms + (int64_t)hub->cfg.heartbeat_s * 1000;
	cl->next = hub->clients;
	if (hub->clients)
		hub->clients->prev = cl;
	hub->clients = cl;
	hub->nclients++;
	ctrl_push(hub, cl, br_build_welcome(cl->id, hub->cfg.heartbeat_s));
	return cl;
}

void br_hub_client_free(struct br_hub *hub, struct br_client *cl)
{
	if (!cl)
		return;
	while (cl->nsubs > 0)
		sub_remove(hub, cl, cl->subs[cl->nsubs - 1]);
	for (size_t i = 0; i < cl->ctrl_len; i++)
		br_msg_unref(cl->ctrl[(cl->ctrl_head + i) % cl->ctrl_cap]);
	free(cl->ctrl);
	free(cl->subs);
	if (cl->prev)
		cl->prev->next = cl->next;
	else
		hub->clients = cl->next;
	if (cl->next)
		cl->next->prev = cl->prev;
	hub->nclients--;
	free(cl);
}

const char *br_hub_client_id(const struct br_client *cl)
{
	return cl->id;
}

void br_hub_shutdown(struct br_hub *hub)
{
	for (struct br_client *cl = hub->clients; cl; cl = cl->next)
		client_close(hub, cl, BR_CLOSE_GOING_AWAY, "server shutting down");
}

void br_hub_get_stats(const struct br_hub *hub, struct br_hub_stats *out)
{
	*out = hub->st;
	out->sockets = hub->nclients;
	out->channels = hub->nchannels;
}

int64_t br_hub_channel_seq(const struct br_hub *hub, const char *name)
{
	const struct br_channel *ch = channel_find(hub, name);
	return ch ? seq_out(ch->ring.last_seq) : -1;
}
