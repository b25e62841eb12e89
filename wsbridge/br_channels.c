/* br_channels: the hub's channel table (br_hub_impl.h).
 *
 * Channels live in one hash table keyed by name, doubling as it fills; the
 * ones with events held for ordering are also on hub->held, so the timer
 * visits only those. */
#include "br_hub_impl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;        /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct br_channel *hub_channel_find(const struct br_hub *hub, const char *name)
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

struct br_channel *hub_channel_get(struct br_hub *hub, const struct br_chan_name *cn)
{
	struct br_channel *ch = hub_channel_find(hub, cn->name);
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

void hub_held_update(struct br_hub *hub, struct br_channel *ch)
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
	hub_held_update(hub, ch);   /* nheld is 0 now */
	br_ring_cleanup(&ch->ring);
	free(ch);
}

/* A channel nobody listens to is kept only while it holds what a later
 * `join ... since` needs: the history of a department.  Ticket channels and
 * departments that never saw an event go, so joins cannot pile up memory. */
void hub_channel_maybe_destroy(struct br_hub *hub, struct br_channel *ch)
{
	if (ch->nsubs > 0)
		return;
	if (ch->cn.kind == BR_CHAN_DEPARTMENT &&
	    (ch->ring.last_seq != BR_RING_NO_SEQ || ch->order.nheld > 0))
		return;
	channel_destroy(hub, ch);
}

/* Calls fn on every ticket channel that may belong to department dept_id:
 * those learnt to be in it and those not yet placed.  Only for rare events
 * (gaps, reconnects), so a scan of the table is fine. */
void hub_for_ticket_channels_of(struct br_hub *hub, int64_t dept_id,
                                   void (*fn)(struct br_hub *, struct br_channel *, int64_t),
                                   int64_t arg)
{
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (struct br_channel *ch = hub->buckets[i]; ch; ch = ch->hash_next)
			if (ch->cn.kind == BR_CHAN_TICKET &&
			    (ch->dept_id == dept_id || ch->dept_id == 0))
				fn(hub, ch, arg);
}

int64_t br_hub_channel_seq(const struct br_hub *hub, const char *name)
{
	const struct br_channel *ch = hub_channel_find(hub, name);
	return ch ? hub_seq_out(ch->ring.last_seq) : -1;
}

void hub_channels_free(struct br_hub *hub)
{
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
	hub->buckets = NULL;
	hub->nbuckets = hub->nchannels = 0;
}
