/* br_order: per-channel seq ordering (br_order.h). */
#include "br_order.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void br_order_init(struct br_order *o, int64_t hold_ms, size_t max_held)
{
	assert(max_held > 0);
	memset(o, 0, sizeof *o);
	o->hold_ms = hold_ms;
	o->max_held = max_held;
}

void br_order_cleanup(struct br_order *o, void (*free_item)(void *))
{
	for (size_t i = 0; i < o->nheld; i++) {
		assert(free_item);
		free_item(o->held[i].item);
	}
	free(o->held);
	memset(o, 0, sizeof *o);
}

/* Deliver held events that directly follow last_seq. */
static void release_contiguous(struct br_order *o, br_order_emit_fn emit, void *ctx)
{
	size_t k = 0;
	while (k < o->nheld && o->held[k].seq == o->last_seq + 1) {
		o->last_seq = o->held[k].seq;
		emit(ctx, BR_ORDER_DELIVER, o->held[k].seq, o->held[k].item);
		k++;
	}
	if (k) {
		memmove(o->held, o->held + k, (o->nheld - k) * sizeof o->held[0]);
		o->nheld -= k;
	}
}

/* Give up on the hole before the lowest held event and go on from there. */
static void skip_gap(struct br_order *o, enum br_order_kind kind,
                     br_order_emit_fn emit, void *ctx)
{
	assert(o->nheld > 0 && o->held[0].seq > o->last_seq + 1);
	emit(ctx, kind, o->held[0].seq, NULL);
	o->last_seq = o->held[0].seq - 1;
	release_contiguous(o, emit, ctx);
}

static int hold(struct br_order *o, int64_t seq, void *item, int64_t now_ms)
{
	size_t i = o->nheld;
	if (o->nheld == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8;
		if (cap > o->max_held)
			cap = o->max_held;
		struct br_held *h = realloc(o->held, cap * sizeof *h);
		if (!h)
			return -1;
		o->held = h;
		o->cap = cap;
	}
	while (i > 0 && o->held[i - 1].seq > seq)
		i--;
	memmove(o->held + i + 1, o->held + i, (o->nheld - i) * sizeof o->held[0]);
	o->held[i] = (struct br_held){ seq, now_ms, item };
	o->nheld++;
	return 0;
}

static bool is_held(const struct br_order *o, int64_t seq)
{
	for (size_t i = 0; i < o->nheld; i++)
		if (o->held[i].seq == seq)
			return true;
	return false;
}

int br_order_offer(struct br_order *o, int64_t seq, void *item, int64_t now_ms,
                   br_order_emit_fn emit, void *ctx)
{
	if (!o->have_base) {
		o->have_base = true;
		o->last_seq = seq;
		emit(ctx, BR_ORDER_DELIVER, seq, item);
		return 0;
	}
	if (seq <= o->last_seq || is_held(o, seq)) {
		emit(ctx, BR_ORDER_DUP, seq, item);
		return 0;
	}
	if (o->rebase) {
		/* br_order_rebase() emptied the held list */
		assert(o->nheld == 0);
		o->rebase = false;
		if (seq != o->last_seq + 1)
			emit(ctx, BR_ORDER_JUMP, seq, NULL);
		o->last_seq = seq;
		emit(ctx, BR_ORDER_DELIVER, seq, item);
		return 0;
	}
	if (seq == o->last_seq + 1) {
		o->last_seq = seq;
		emit(ctx, BR_ORDER_DELIVER, seq, item);
		release_contiguous(o, emit, ctx);
		return 0;
	}
	/* a hole: make room first if the held list is full, so memory stays
	 * bounded when a seq is lost under heavy traffic */
	if (o->nheld == o->max_held)
		skip_gap(o, BR_ORDER_GAP, emit, ctx);
	if (seq == o->last_seq + 1) {   /* skip_gap may have reached it */
		o->last_seq = seq;
		emit(ctx, BR_ORDER_DELIVER, seq, item);
		release_contiguous(o, emit, ctx);
		return 0;
	}
	if (seq <= o->last_seq) {
		emit(ctx, BR_ORDER_DUP, seq, item);
		return 0;
	}
	if (hold(o, seq, item, now_ms)) {
		emit(ctx, BR_ORDER_DUP, seq, item);
		return -1;
	}
	return 0;
}

int64_t br_order_deadline(const struct br_order *o)
{
	if (o->nheld == 0)
		return -1;
	/* the hole before held[0] was noticed when the earliest of the held
	 * events arrived */
	int64_t first = o->held[0].arrived_ms;
	for (size_t i = 1; i < o->nheld; i++)
		if (o->held[i].arrived_ms < first)
			first = o->held[i].arrived_ms;
	return first + o->hold_ms;
}

void br_order_expire(struct br_order *o, int64_t now_ms, br_order_emit_fn emit, void *ctx)
{
	int64_t d;
	while ((d = br_order_deadline(o)) >= 0 && d <= now_ms)
		skip_gap(o, BR_ORDER_GAP, emit, ctx);
}

void br_order_rebase(struct br_order *o, br_order_emit_fn emit, void *ctx)
{
	/* JUMP, not GAP: the caller has just told every client to resync */
	while (o->nheld > 0)
		skip_gap(o, BR_ORDER_JUMP, emit, ctx);
	/* without a baseline the next event sets one anyway */
	o->rebase = o->have_base;
}
