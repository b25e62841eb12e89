/* br_order: deliver one channel's events in seq order.
 *
 * Workers publish after COMMIT, so two commits close together may reach
 * Redis in the opposite order.  Per channel we remember the last delivered
 * seq and:
 *   - the first event ever seen only sets the baseline and is delivered;
 *   - seq == last + 1 is delivered at once, then any held successors;
 *   - seq >  last + 1 is held, up to hold_ms, waiting for the gap to fill;
 *     when it does not fill (or too many are held) the caller is told
 *     BR_ORDER_GAP and delivery continues from the lowest held event;
 *   - seq <= last (or already held) is a duplicate: BR_ORDER_DUP.
 * After a Redis reconnect, br_order_rebase() releases what is held and lets
 * the next event jump forward without waiting (BR_ORDER_JUMP), because the
 * clients were already told to resync.
 *
 * Items are opaque; results come back through an emit callback, in order.
 * Pure logic, no I/O (unit-tested in test_bridge_order.c). */
#ifndef BR_ORDER_H
#define BR_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_ORDER_HOLD_MS  500
#define BR_ORDER_MAX_HELD 256

enum br_order_kind {
	BR_ORDER_DELIVER,   /* deliver item (seq): ownership passes to the callee */
	BR_ORDER_GAP,       /* seqs before seq were lost: resync; item is NULL */
	BR_ORDER_JUMP,      /* after a rebase, seqs before seq may be lost (no new
	                       resync needed); item is NULL */
	BR_ORDER_DUP,       /* item is a duplicate: the callee frees it */
};

typedef void (*br_order_emit_fn)(void *ctx, enum br_order_kind kind, int64_t seq,
                                 void *item);

struct br_held {
	int64_t seq;
	int64_t arrived_ms;
	void *item;
};

struct br_order {
	bool have_base;
	bool rebase;
	int64_t last_seq;          /* valid when have_base */
	int64_t hold_ms;
	size_t max_held;
	struct br_held *held;      /* sorted by seq, grown on demand */
	size_t nheld, cap;
};

void br_order_init(struct br_order *o, int64_t hold_ms, size_t max_held);
/* Frees held items with free_item (may be NULL when there are none). */
void br_order_cleanup(struct br_order *o, void (*free_item)(void *));

/* Offer one event.  Returns 0, or -1 when out of memory (the item was then
 * emitted as BR_ORDER_DUP so that it is freed; the gap resolves by timeout). */
int br_order_offer(struct br_order *o, int64_t seq, void *item, int64_t now_ms,
                   br_order_emit_fn emit, void *ctx);
/* Resolve gaps whose hold time has passed. */
void br_order_expire(struct br_order *o, int64_t now_ms, br_order_emit_fn emit,
                     void *ctx);
/* The time at which br_order_expire() has work, or -1 when nothing is held. */
int64_t br_order_deadline(const struct br_order *o);
/* After a Redis reconnect (the caller has already sent resync): release
 * everything held, lowest first, BR_ORDER_JUMP before each hole, and let the
 * next new seq jump forward without waiting. */
void br_order_rebase(struct br_order *o, br_order_emit_fn emit, void *ctx);

#endif
