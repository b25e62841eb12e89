/* tx: the one transaction frame of the services (tx.h). */
#include "tx.h"
#include "qs_log.h"

#include <stdlib.h>

enum qs_rc qs_tx_run(struct qs_ctx *ctx, const struct qs_tx_frame *frame, void *arg,
                     struct qs_err *err)
{
	struct qs_tx tx = { 0 };
	enum qs_rc rc = QS_E_RETRY;

	for (int i = 0; i < QS_TX_ATTEMPTS && rc == QS_E_RETRY; i++) {
		free(tx.waiting);
		tx = (struct qs_tx){ .attempt = i };
		qs_err_clear(err);
		if (!frame->alone && (rc = qs_db_begin(&ctx->db, err)))
			continue;
		rc = frame->body(ctx, &tx, arg, err);
		/* a body that ended with qs_db_run_commit() left no transaction */
		if (!rc && !tx.committed && ctx->db.in_tx)
			tx.committed = (rc = qs_db_commit(&ctx->db, err)) == QS_OK;
		if (rc)
			qs_db_rollback(&ctx->db); /* no round trip once the transaction ended */
		if (rc == QS_E_RETRY && tx.committed) {
			/* a body that asks for a retry after its COMMIT: a bug; running
			 * it again would make the change twice */
			qs_log_error("tx_retry_after_commit", "attempt=%d", i);
			rc = qs_err_set(err, QS_E_INTERNAL, NULL, "retry after commit");
		}
	}
	if (!rc && frame->publish)
		frame->publish(ctx, &tx, arg);
	free(tx.waiting);
	return rc;
}
