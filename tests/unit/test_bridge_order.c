/* Bridge ordering and history: per-channel seq order (br_order) and the
 * shared frame ring (br_ring).
 * Links wsbridge/br_order.c wsbridge/br_ring.c wsbridge/br_msg.c (json-c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "br_msg.h"
#include "br_order.h"
#include "br_ring.h"

/* What the order emitted, as a compact string: "D5 D6 G8 D8 X3 J10". */
struct trace {
	char s[512];
	int freed;
};

static void emit(void *ctx, enum br_order_kind kind, int64_t seq, void *item)
{
	struct trace *t = ctx;
	static const char letter[] = { [BR_ORDER_DELIVER] = 'D', [BR_ORDER_GAP] = 'G',
	                               [BR_ORDER_JUMP] = 'J', [BR_ORDER_DUP] = 'X' };
	char one[32];
	snprintf(one, sizeof one, "%s%c%lld", t->s[0] ? " " : "", letter[kind], (long long)seq);
	strcat(t->s, one);
	/* items are the seq, boxed, so a wrong item shows */
	if (item) {
		assert_int_equal(*(int64_t *)item, seq);
		assert_true(kind == BR_ORDER_DELIVER || kind == BR_ORDER_DUP);
		free(item);
		t->freed++;
	} else {
		assert_true(kind == BR_ORDER_GAP || kind == BR_ORDER_JUMP);
	}
}

static void *box(int64_t seq)
{
	int64_t *p = malloc(sizeof *p);
	assert_non_null(p);
	*p = seq;
	return p;
}

static void offer(struct br_order *o, struct trace *t, int64_t seq, int64_t now)
{
	assert_int_equal(br_order_offer(o, seq, box(seq), now, emit, t), 0);
}

static void test_baseline_and_in_order(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	assert_int_equal(br_order_deadline(&o), -1);
	offer(&o, &t, 1040, 0);   /* any first seq is the baseline */
	offer(&o, &t, 1041, 0);
	offer(&o, &t, 1042, 0);
	assert_string_equal(t.s, "D1040 D1041 D1042");
	assert_int_equal(o.last_seq, 1042);
	br_order_cleanup(&o, free);
}

static void test_out_of_order_is_reordered(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 3, 0);
	offer(&o, &t, 5, 10);
	offer(&o, &t, 6, 20);
	assert_string_equal(t.s, "D3");
	assert_int_equal(br_order_deadline(&o), 510);
	offer(&o, &t, 4, 30);
	assert_string_equal(t.s, "D3 D4 D5 D6");
	assert_int_equal(br_order_deadline(&o), -1);
	br_order_cleanup(&o, free);
}

static void test_duplicates_dropped(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 10, 0);
	offer(&o, &t, 10, 0);
	offer(&o, &t, 9, 0);
	offer(&o, &t, 12, 0);
	offer(&o, &t, 12, 0);     /* already held */
	offer(&o, &t, 11, 0);
	assert_string_equal(t.s, "D10 X10 X9 X12 D11 D12");
	assert_int_equal(t.freed, 6);
	br_order_cleanup(&o, free);
}

static void test_gap_resolves_after_hold(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 3, 100);
	offer(&o, &t, 4, 200);
	br_order_expire(&o, 599, emit, &t);
	assert_string_equal(t.s, "D1");
	br_order_expire(&o, 600, emit, &t);
	assert_string_equal(t.s, "D1 G3 D3 D4");
	assert_int_equal(o.last_seq, 4);
	/* and the late one is a duplicate now */
	offer(&o, &t, 2, 700);
	assert_string_equal(t.s, "D1 G3 D3 D4 X2");
	br_order_cleanup(&o, free);
}

static void test_two_holes_each_wait(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 5, 300);   /* arrives first among the held: the clock */
	offer(&o, &t, 3, 400);
	assert_int_equal(br_order_deadline(&o), 800);
	br_order_expire(&o, 800, emit, &t);
	/* the hole before 3 and, because 5 has waited as long, the one before 5 */
	assert_string_equal(t.s, "D1 G3 D3 G5 D5");
	br_order_cleanup(&o, free);

	br_order_init(&o, 500, 256);
	memset(&t, 0, sizeof t);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 3, 0);
	offer(&o, &t, 5, 400);
	br_order_expire(&o, 500, emit, &t);
	assert_string_equal(t.s, "D1 G3 D3");
	assert_int_equal(br_order_deadline(&o), 900);
	offer(&o, &t, 4, 600);   /* the second hole fills in time */
	assert_string_equal(t.s, "D1 G3 D3 D4 D5");
	br_order_cleanup(&o, free);
}

static void test_full_hold_list_forces_the_gap(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 4);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 3, 0);
	offer(&o, &t, 4, 0);
	offer(&o, &t, 5, 0);
	offer(&o, &t, 7, 0);
	assert_int_equal(o.nheld, 4);
	offer(&o, &t, 9, 0);     /* no room: give up on 2 now */
	assert_string_equal(t.s, "D1 G3 D3 D4 D5");
	assert_int_equal(o.nheld, 2);   /* 7 and 9 */
	assert_true(o.nheld <= 4);
	br_order_cleanup(&o, free);
	assert_int_equal(t.freed, 4);   /* cleanup freed the 2 held, not us */
}

static int cleanup_frees;
static void count_free(void *p)
{
	free(p);
	cleanup_frees++;
}

static void test_cleanup_frees_held(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 5, 0);
	offer(&o, &t, 7, 0);
	cleanup_frees = 0;
	br_order_cleanup(&o, count_free);
	assert_int_equal(cleanup_frees, 2);
}

static void test_rebase_after_reconnect(void **state)
{
	(void)state;
	struct br_order o;
	struct trace t = { "", 0 };
	br_order_init(&o, 500, 256);
	offer(&o, &t, 1, 0);
	offer(&o, &t, 3, 0);
	br_order_rebase(&o, emit, &t);
	/* held events go out at once, the hole reported as a jump, not a gap */
	assert_string_equal(t.s, "D1 J3 D3");
	offer(&o, &t, 10, 0);     /* events lost while disconnected: no wait */
	assert_string_equal(t.s, "D1 J3 D3 J10 D10");
	offer(&o, &t, 12, 0);     /* the rebase is used up: holes wait again */
	assert_string_equal(t.s, "D1 J3 D3 J10 D10");
	offer(&o, &t, 11, 0);
	assert_string_equal(t.s, "D1 J3 D3 J10 D10 D11 D12");

	/* a contiguous first event after a rebase is no jump; a stale one is a dup */
	br_order_rebase(&o, emit, &t);
	offer(&o, &t, 12, 0);
	offer(&o, &t, 13, 0);
	assert_string_equal(t.s, "D1 J3 D3 J10 D10 D11 D12 X12 D13");
	br_order_cleanup(&o, free);

	/* without a baseline, a rebase changes nothing */
	br_order_init(&o, 500, 256);
	memset(&t, 0, sizeof t);
	br_order_rebase(&o, emit, &t);
	offer(&o, &t, 50, 0);
	assert_string_equal(t.s, "D50");
	br_order_cleanup(&o, free);
}

/* --- ring --------------------------------------------------------------- */

static struct br_msg *msg(const char *s)
{
	struct br_msg *m = br_msg_new(s, strlen(s));
	assert_non_null(m);
	return m;
}

static void test_ring_push_evict_and_refs(void **state)
{
	(void)state;
	struct br_ring r;
	struct br_msg *m[6];
	br_ring_init(&r, 4);
	assert_int_equal(r.complete_from, BR_RING_NO_SEQ);
	assert_int_equal(br_ring_seq_before(&r, 0), BR_RING_NO_SEQ);
	for (int i = 0; i < 6; i++) {
		char s[16];
		snprintf(s, sizeof s, "e%d", i);
		m[i] = msg(s);
		assert_int_equal(br_ring_push_event(&r, 100 + i, m[i], NULL), 0);
		assert_int_equal(m[i]->refs, 2);
	}
	assert_int_equal(r.head, 6);
	assert_int_equal(br_ring_tail(&r), 2);
	/* evicted entries dropped their reference, kept ones still hold it */
	assert_int_equal(m[0]->refs, 1);
	assert_int_equal(m[1]->refs, 1);
	assert_int_equal(m[2]->refs, 2);
	assert_ptr_equal(br_ring_at(&r, 2)->pub, m[2]);   /* shared, not copied */
	assert_int_equal(br_ring_at(&r, 5)->seq, 105);
	assert_int_equal(r.last_seq, 105);
	assert_int_equal(r.complete_from, 101);            /* 101 was evicted */
	br_ring_cleanup(&r);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(m[i]->refs, 1);
		br_msg_unref(m[i]);
	}
}

static void test_ring_find_since(void **state)
{
	(void)state;
	struct br_ring r;
	struct br_msg *m = msg("x");
	uint64_t pos = 99;
	br_ring_init(&r, 8);
	assert_int_equal(br_ring_find_since(&r, 0, &pos), -1);   /* knows nothing */
	for (int64_t s = 10; s <= 14; s++)
		assert_int_equal(br_ring_push_event(&r, s, m, NULL), 0);
	assert_int_equal(r.complete_from, 9);
	assert_int_equal(br_ring_find_since(&r, 8, &pos), -1);   /* 9 may exist */
	assert_int_equal(br_ring_find_since(&r, 9, &pos), 0);
	assert_int_equal(pos, 0);
	assert_int_equal(br_ring_find_since(&r, 12, &pos), 0);
	assert_int_equal(pos, 3);
	assert_int_equal(br_ring_at(&r, pos)->seq, 13);
	assert_int_equal(br_ring_find_since(&r, 14, &pos), 0);
	assert_int_equal(pos, r.head);
	assert_int_equal(br_ring_find_since(&r, 500, &pos), 0);  /* ahead of us */
	assert_int_equal(pos, r.head);

	/* a gap: 15..19 lost, the ring goes on at 20 */
	struct br_msg *rs = msg("resync");
	assert_int_equal(br_ring_push_marker(&r, rs), 0);
	br_ring_break(&r, 19);
	assert_int_equal(br_ring_push_event(&r, 20, m, NULL), 0);
	assert_int_equal(br_ring_at(&r, 5)->seq, 14);     /* marker carries the seq before */
	assert_true(br_ring_at(&r, 5)->marker);
	assert_int_equal(br_ring_find_since(&r, 14, &pos), -1);
	assert_int_equal(br_ring_find_since(&r, 19, &pos), 0);
	assert_int_equal(pos, 6);                          /* skips the marker */
	br_ring_break(&r, 5);                              /* never backwards */
	assert_int_equal(r.complete_from, 19);

	/* sparse seqs (a ticket channel) work the same */
	for (int64_t s = 30; s <= 90; s += 20)
		assert_int_equal(br_ring_push_event(&r, s, m, NULL), 0);
	assert_int_equal(br_ring_find_since(&r, 45, &pos), 0);
	assert_int_equal(br_ring_at(&r, pos)->seq, 50);
	br_ring_cleanup(&r);
	br_msg_unref(rs);
	assert_int_equal(m->refs, 1);
	br_msg_unref(m);
}

static void test_ring_seq_before(void **state)
{
	(void)state;
	struct br_ring r;
	struct br_msg *m = msg("x");
	br_ring_init(&r, 3);
	for (int64_t s = 1; s <= 5; s++)
		assert_int_equal(br_ring_push_event(&r, s, m, NULL), 0);
	/* entries 2,3,4 hold seqs 3,4,5 */
	assert_int_equal(br_ring_seq_before(&r, 5), 5);   /* caught up */
	assert_int_equal(br_ring_seq_before(&r, 4), 4);
	assert_int_equal(br_ring_seq_before(&r, 3), 3);
	assert_int_equal(br_ring_seq_before(&r, 2), 2);   /* before tail: what was evicted */
	br_ring_cleanup(&r);
	br_msg_unref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_and_in_order),
		cmocka_unit_test(test_out_of_order_is_reordered),
		cmocka_unit_test(test_duplicates_dropped),
		cmocka_unit_test(test_gap_resolves_after_hold),
		cmocka_unit_test(test_two_holes_each_wait),
		cmocka_unit_test(test_full_hold_list_forces_the_gap),
		cmocka_unit_test(test_cleanup_frees_held),
		cmocka_unit_test(test_rebase_after_reconnect),
		cmocka_unit_test(test_ring_push_evict_and_refs),
		cmocka_unit_test(test_ring_find_since),
		cmocka_unit_test(test_ring_seq_before),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
