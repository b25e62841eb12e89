/* tx: the one transaction frame of the services.
 *
 * Every change a service makes runs as
 *
 *     BEGIN; body; COMMIT          retried while it answers QS_E_RETRY
 *                                  (serialization failure, deadlock)
 *     failure: ROLLBACK, the event parts freed, nothing published
 *     success: publish (after COMMIT only), the event parts freed
 *
 * The body leaves in struct qs_tx what the event needs: the department's
 * seq and waiting counts, taken inside the transaction (qs_next_seq), so an
 * event's seq is the one its change committed with.  A body whose last
 * statement ends the transaction itself (qs_db_run_commit(): the statement
 * and COMMIT in one round trip) says so with tx->committed: the frame then
 * sends no COMMIT and never runs that body again, whatever it returns
 * afterwards (call-next happens exactly once). */
#ifndef QS_TX_H
#define QS_TX_H

#include "ctx.h"

#define QS_TX_ATTEMPTS 3

struct qs_tx {
	long seq;               /* the department's event seq, taken in the transaction */
	char *waiting;          /* its waiting counts (JSON text); the frame frees it */
	int committed;          /* set by the body: its change is committed already */
	int attempt;            /* 0 on the first run of the body, then 1, 2 */
};

struct qs_tx_frame {
	/* One attempt.  Runs with err cleared and tx reset (seq 0, waiting
	 * NULL, committed 0); returns QS_E_RETRY to be run again. */
	enum qs_rc (*body)(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err);
	/* After COMMIT, when the body succeeded (may be NULL: nothing to
	 * announce).  Publishing never fails the request. */
	void (*publish)(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg);
	/* No BEGIN: the body's reads run alone and its one write is its own
	 * transaction (qs_db_run_alone(), e.g. the ticket take); the body sets
	 * committed when that write succeeded. */
	int alone;
};

/* Run frame->body inside the frame, up to QS_TX_ATTEMPTS times.  Returns the
 * body's (or BEGIN's, or COMMIT's) status; a retry that ran out of attempts
 * stays QS_E_RETRY (503). */
enum qs_rc qs_tx_run(struct qs_ctx *ctx, const struct qs_tx_frame *frame, void *arg,
                     struct qs_err *err);

#endif
