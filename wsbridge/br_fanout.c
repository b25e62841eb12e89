/* br_fanout: events into channel rings, and subscribers woken (br_hub_impl.h).
 *
 * An event from Redis goes through its department's br_order (duplicates
 * dropped, holes held for a while, then a gap), into the department's ring
 * and the ring of its ticket's channel; each subscriber keeps a cursor into
 * the ring and is woken when it was idle.  Frames are shared, never copied
 * per socket. */
#include "br_hub_impl.h"

#include <stdio.h>
#include <string.h>

#include "qs_log.h"

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
			hub_client_close(hub, cl, BR_CLOSE_TOO_SLOW, "too slow");
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
		struct br_channel *t = hub_channel_find(hub, name);
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
		hub_for_ticket_channels_of(hub, ch->dept_id, ticket_gap, seq);
		break;
	case BR_ORDER_JUMP:
		br_ring_break(&ch->ring, seq - 1);
		hub_for_ticket_channels_of(hub, ch->dept_id, ticket_jump, seq);
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
	struct br_channel *ch = hub_channel_get(hub, &cn);
	if (!ch) {
		qs_log_error("ws_out_of_memory", "what=channel");
		br_event_free(ev);
		return;
	}
	struct emit_ctx ctx = { hub, ch };
	if (br_order_offer(&ch->order, ev->seq, ev, now_ms, order_emit, &ctx))
		qs_log_error("ws_out_of_memory", "channel=%s what=hold", ch->cn.name);
	hub_held_update(hub, ch);
}

void br_hub_tick(struct br_hub *hub, int64_t now_ms)
{
	struct br_channel *ch = hub->held, *next;
	for (; ch; ch = next) {
		next = ch->held_next;
		struct emit_ctx ctx = { hub, ch };
		br_order_expire(&ch->order, now_ms, order_emit, &ctx);
		hub_held_update(hub, ch);
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
			hub_held_update(hub, ch);
		}
	}
}
