/* br_ring: the last N frames of one channel, shared by all its sockets.
 *
 * Every entry is addressed by a position that only grows (0, 1, 2, ...);
 * the entry of position p lives in slot p % cap while p >= tail.  A socket
 * keeps one cursor (the next position it must be sent) per channel, so a
 * new event costs the ring one slot, never a copy per socket.  A cursor
 * below tail fell out of the ring: that socket was too slow.
 *
 * An entry is an event (seq, public frame, optional staff frame) or a
 * marker (a resync frame).  A marker carries the seq of the last event
 * before it, so entry seqs never decrease and a binary search finds `since`.
 *
 * complete_from: every event of the channel with seq > complete_from is in
 * the ring (or was never published).  It starts unknown, becomes seq - 1 at
 * the first event, follows evictions, and moves forward at a gap.  It tells
 * whether a join with `since` can be served from the ring.
 *
 * Pure logic, no I/O (unit-tested in test_bridge_ring.c). */
#ifndef BR_RING_H
#define BR_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "br_msg.h"

#define BR_RING_NO_SEQ INT64_MIN

struct br_ring_entry {
	int64_t seq;              /* event seq; for a marker, the seq before it */
	bool marker;
	struct br_msg *pub;       /* the frame every socket may see */
	struct br_msg *staff;     /* the staff view, or NULL */
};

struct br_ring {
	struct br_ring_entry *e;  /* cap slots, allocated at the first push */
	uint32_t cap;
	uint64_t head;            /* position of the next push */
	int64_t last_seq;         /* seq of the newest event, or BR_RING_NO_SEQ */
	int64_t complete_from;    /* see above; BR_RING_NO_SEQ = unknown */
};

void br_ring_init(struct br_ring *r, uint32_t cap);
void br_ring_cleanup(struct br_ring *r);

static inline uint64_t br_ring_tail(const struct br_ring *r)
{
	return r->head > r->cap ? r->head - r->cap : 0;
}

/* Append an event; the ring takes its own references on pub and staff
 * (staff may be NULL).  seq must exceed last_seq.  Returns 0, or -1 when out
 * of memory. */
int br_ring_push_event(struct br_ring *r, int64_t seq, struct br_msg *pub,
                       struct br_msg *staff);
/* Append a marker (its own reference on msg).  Returns 0 or -1. */
int br_ring_push_marker(struct br_ring *r, struct br_msg *msg);

/* The entry at position pos; tail <= pos < head. */
const struct br_ring_entry *br_ring_at(const struct br_ring *r, uint64_t pos);

/* Events with seq < complete_from + 1 can no longer be replayed (a gap or a
 * reconnect lost some): never moves backwards. */
void br_ring_break(struct br_ring *r, int64_t complete_from);

/* Where a socket that has seen everything up to `since` starts: the first
 * position holding an entry with seq > since (head when none).  Returns 0,
 * or -1 when the ring cannot prove it holds every event after since. */
int br_ring_find_since(const struct br_ring *r, int64_t since, uint64_t *pos);

/* The seq a socket whose cursor is pos has been sent up to (its view of the
 * channel's latest seq), or BR_RING_NO_SEQ when unknown. */
int64_t br_ring_seq_before(const struct br_ring *r, uint64_t pos);

#endif
