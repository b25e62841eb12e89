/* br_clients: one socket of the hub: its life, its queue of control frames
 * (welcome, joined, errors, ...), its heartbeat, and the one frame it
 * writes next (br_hub_impl.h). */
#include "br_hub_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "qs_log.h"

void hub_client_close(struct br_hub *hub, struct br_client *cl, int code,
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
	hub_client_close(hub, cl, code, reason);
}

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
void hub_ctrl_push(struct br_hub *hub, struct br_client *cl, struct br_msg *m)
{
	if (cl->close_code) {
		br_msg_unref(m);
		return;
	}
	if (!m) {
		/* out of memory: the client cannot trust its stream any more */
		qs_log_error("ws_out_of_memory", "client=%s", cl->id);
		hub_client_close(hub, cl, BR_CLOSE_GOING_AWAY, "out of memory");
		return;
	}
	if (cl->ctrl_len == cl->ctrl_cap && ctrl_grow(hub, cl)) {
		br_msg_unref(m);
		if (cl->ctrl_cap < hub->cfg.ctrl_max) {
			qs_log_error("ws_out_of_memory", "client=%s what=control_queue", cl->id);
			hub_client_close(hub, cl, BR_CLOSE_GOING_AWAY, "out of memory");
		} else {
			qs_log_info("ws_slow_close", "client=%s why=control_queue_full", cl->id);
			hub_client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
		}
		return;
	}
	cl->ctrl[(cl->ctrl_head + cl->ctrl_len) % cl->ctrl_cap] = m;
	cl->ctrl_len++;
	hub->ops.want_write(hub->ops.ud, cl->conn);
}

void hub_send_error(struct br_hub *hub, struct br_client *cl, enum br_err code,
                       const char *message, const char *channel)
{
	hub_ctrl_push(hub, cl, br_build_error(code, message, channel));
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
		if (hub_wall_ms() >= cl->auth.expires_ms) {
			/* back to the public view until a new `auth` */
			hub->st.authenticated--;
			memset(&cl->auth, 0, sizeof cl->auth);
			hub_send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the token has expired", NULL);
		}
	}
	if (now_ms - cl->last_rx_ms >= 2 * period) {
		qs_log_info("ws_heartbeat_timeout", "client=%s", cl->id);
		hub_client_close(hub, cl, BR_CLOSE_POLICY, "heartbeat timeout");
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
		            hub_seq_out(br_ring_seq_before(&s->ch->ring, s->cursor)));
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
		hub_ctrl_push(hub, cl, NULL);   /* closes: the client missed events */
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
				hub_client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
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
			out->msg = br_msg_ref(e->staff && hub_sees_staff_view(cl, ch) ? e->staff
			                                                         : e->pub);
		}
		return 1;
	}
	cl->strike = false;   /* caught up everywhere */
	return 0;
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
	hub_ctrl_push(hub, cl, br_build_welcome(cl->id, hub->cfg.heartbeat_s));
	return cl;
}

void br_hub_client_free(struct br_hub *hub, struct br_client *cl)
{
	if (!cl)
		return;
	while (cl->nsubs > 0)
		hub_sub_remove(hub, cl, cl->subs[cl->nsubs - 1]);
	for (size_t i = 0; i < cl->ctrl_len; i++)
		br_msg_unref(cl->ctrl[(cl->ctrl_head + i) % cl->ctrl_cap]);
	hub->st.authenticated -= cl->auth.staff;
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
