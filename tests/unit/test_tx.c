/* The transaction frame (fcgi/tx.c), with bodies that need no database
 * (alone: no BEGIN): how often a body runs, what it sees on each run, and
 * when the event is published. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tx.h"

struct script {
	enum qs_rc answers[QS_TX_ATTEMPTS]; /* what the body answers on each run */
	int commit_on;                      /* the run that commits (-1: none) */
	int runs, published;
	long published_seq;
	char published_waiting[16];
	int saw_dirty;                      /* a run saw the previous run's state */
};

static enum qs_rc body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	struct script *s = arg;
	(void)ctx;
	if (tx->seq || tx->waiting || tx->committed || err->rc || err->message[0] ||
	    tx->attempt != s->runs)
		s->saw_dirty = 1;
	int run = s->runs++;
	tx->seq = 40 + run;
	tx->waiting = strdup("{\"7\": 1}");
	if (run == s->commit_on)
		tx->committed = 1;
	enum qs_rc rc = s->answers[run];
	if (rc == QS_E_CONFLICT)
		return qs_err_conflict(err, "counter_id", "counter_not_open", "open it first");
	if (rc)
		return qs_err_set(err, rc, NULL, "run %d failed", run);
	return QS_OK;
}

static void publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct script *s = arg;
	(void)ctx;
	s->published++;
	s->published_seq = tx->seq;
	snprintf(s->published_waiting, sizeof s->published_waiting, "%s", tx->waiting ? tx->waiting : "");
}

static const struct qs_tx_frame frame = { body, publish, 1 };

static enum qs_rc run(struct script *s, struct qs_err *err)
{
	static struct qs_config cfg;
	struct qs_ctx ctx = { .cfg = &cfg };
	qs_db_init(&ctx.db, &cfg);
	qs_err_clear(err);
	return qs_tx_run(&ctx, &frame, s, err);
}

static void test_retry_then_publish(void **state)
{
	(void)state;
	struct qs_err err;
	struct script s = { { QS_E_RETRY, QS_OK }, 1, 0, 0, 0, "", 0 };
	assert_int_equal(run(&s, &err), QS_OK);
	assert_int_equal(s.runs, 2);
	assert_int_equal(s.saw_dirty, 0); /* each run starts clean */
	assert_int_equal(s.published, 1);
	assert_int_equal(s.published_seq, 41); /* the seq of the run that committed */
	assert_string_equal(s.published_waiting, "{\"7\": 1}");
	assert_int_equal(err.rc, QS_OK);
}

static void test_retries_run_out(void **state)
{
	(void)state;
	struct qs_err err;
	struct script s = { { QS_E_RETRY, QS_E_RETRY, QS_E_RETRY }, -1, 0, 0, 0, "", 0 };
	assert_int_equal(run(&s, &err), QS_E_RETRY);
	assert_int_equal(s.runs, QS_TX_ATTEMPTS);
	assert_int_equal(s.saw_dirty, 0);
	assert_int_equal(s.published, 0);
	assert_int_equal(qs_err_http_status(err.rc), 503);
}

static void test_refusal_is_final(void **state)
{
	(void)state;
	struct qs_err err;
	struct script s = { { QS_E_CONFLICT, QS_OK }, -1, 0, 0, 0, "", 0 };
	assert_int_equal(run(&s, &err), QS_E_CONFLICT);
	assert_int_equal(s.runs, 1);
	assert_int_equal(s.published, 0);
	assert_string_equal(err.code, "conflict");
	assert_int_equal(err.ndetails, 1);
	assert_string_equal(err.details[0].issue, "counter_not_open");
}

/* A body that committed never runs again, even if it then asks to: the
 * change (a call-next) would happen twice. */
static void test_no_retry_after_commit(void **state)
{
	(void)state;
	struct qs_err err;
	struct script s = { { QS_E_RETRY, QS_OK }, 0, 0, 0, 0, "", 0 };
	assert_int_equal(run(&s, &err), QS_E_INTERNAL);
	assert_int_equal(s.runs, 1);
	assert_int_equal(s.published, 0);
}

/* A refusal after the body's COMMIT (call-next: nobody waiting) is the
 * answer, once, with nothing published. */
static void test_refusal_after_commit(void **state)
{
	(void)state;
	struct qs_err err;
	struct script s = { { QS_E_CONFLICT, QS_OK }, 0, 0, 0, 0, "", 0 };
	assert_int_equal(run(&s, &err), QS_E_CONFLICT);
	assert_int_equal(s.runs, 1);
	assert_int_equal(s.published, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_then_publish),
		cmocka_unit_test(test_retries_run_out),
		cmocka_unit_test(test_refusal_is_final),
		cmocka_unit_test(test_no_retry_after_commit),
		cmocka_unit_test(test_refusal_after_commit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
