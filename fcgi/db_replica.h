/* db_replica: which connection a read-only report runs on.
 *
 * With db_read_conninfo set, the dashboards and the export read a streaming
 * replica (the design's answer to report load on the primary).  The replica
 * is used while it is in recovery, its WAL receiver streams and it is no
 * further behind than db_read_max_lag_ms; each worker thread reads that at
 * most once a second (every 5 s while the replica is found wanting).  Otherwise, or when the replica fails a request, the
 * primary answers (logged at each change as db_read_fallback / db_read_replica). */
#ifndef QS_DB_REPLICA_H
#define QS_DB_REPLICA_H

#include "ctx.h"

/* The connection for a read-only report: the replica or the primary. */
struct qs_db *db_replica_choose(struct qs_ctx *ctx);

/* Run body on the chosen connection; if the replica cannot be reached
 * (QS_E_UNAVAILABLE), run it again on the primary.  body starts and ends
 * its own transaction on db. */
enum qs_rc db_replica_run(struct qs_ctx *ctx,
                          enum qs_rc (*body)(struct qs_ctx *ctx, struct qs_db *db, void *arg),
                          void *arg, struct qs_err *err);

#endif
