/* br_ring: per-channel shared frame ring (br_ring.h). */
#include "br_ring.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void br_ring_init(struct br_ring *r, uint32_t cap)
{
	assert(cap > 0);
	memset(r, 0, sizeof *r);
	r->cap = cap;
	r->last_seq = BR_RING_NO_SEQ;
	r->complete_from = BR_RING_NO_SEQ;
}

void br_ring_cleanup(struct br_ring *r)
{
	if (r->e) {
		for (uint64_t p = br_ring_tail(r); p < r->head; p++) {
			struct br_ring_entry *e = &r->e[p % r->cap];
			br_msg_unref(e->pub);
			br_msg_unref(e->staff);
		}
	}
	free(r->e);
	uint32_t cap = r->cap;
	br_ring_init(r, cap);
}

/* Make room for one more entry, evicting the oldest when full. */
static struct br_ring_entry *slot_for_push(struct br_ring *r)
{
	if (!r->e) {
		r->e = calloc(r->cap, sizeof *r->e);
		if (!r->e)
			return NULL;
	}
	struct br_ring_entry *e = &r->e[r->head % r->cap];
	if (r->head >= r->cap) {
		/* evicted events can no longer be replayed */
		if (r->complete_from == BR_RING_NO_SEQ || e->seq > r->complete_from)
			r->complete_from = e->seq;
		br_msg_unref(e->pub);
		br_msg_unref(e->staff);
		memset(e, 0, sizeof *e);
	}
	return e;
}

int br_ring_push_event(struct br_ring *r, int64_t seq, struct br_msg *pub,
                       struct br_msg *staff)
{
	assert(pub);
	assert(r->last_seq == BR_RING_NO_SEQ || seq > r->last_seq);
	struct br_ring_entry *e = slot_for_push(r);
	if (!e)
		return -1;
	if (r->complete_from == BR_RING_NO_SEQ)
		r->complete_from = seq - 1;
	e->seq = seq;
	e->marker = false;
	e->pub = br_msg_ref(pub);
	e->staff = staff ? br_msg_ref(staff) : NULL;
	r->last_seq = seq;
	r->head++;
	return 0;
}

int br_ring_push_marker(struct br_ring *r, struct br_msg *msg)
{
	assert(msg);
	struct br_ring_entry *e = slot_for_push(r);
	if (!e)
		return -1;
	e->seq = r->last_seq;
	e->marker = true;
	e->pub = br_msg_ref(msg);
	e->staff = NULL;
	r->head++;
	return 0;
}

const struct br_ring_entry *br_ring_at(const struct br_ring *r, uint64_t pos)
{
	assert(pos >= br_ring_tail(r) && pos < r->head);
	return &r->e[pos % r->cap];
}

void br_ring_break(struct br_ring *r, int64_t complete_from)
{
	if (r->complete_from == BR_RING_NO_SEQ || complete_from > r->complete_from)
		r->complete_from = complete_from;
}

int br_ring_find_since(const struct br_ring *r, int64_t since, uint64_t *pos)
{
	if (r->complete_from == BR_RING_NO_SEQ || since < r->complete_from)
		return -1;
	/* entry seqs never decrease: binary search the first seq > since */
	uint64_t lo = br_ring_tail(r), hi = r->head;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (br_ring_at(r, mid)->seq > since)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pos = lo;
	return 0;
}

int64_t br_ring_seq_before(const struct br_ring *r, uint64_t pos)
{
	if (pos >= r->head)
		return r->last_seq;
	if (pos > br_ring_tail(r))
		return br_ring_at(r, pos - 1)->seq;
	return r->complete_from;
}
