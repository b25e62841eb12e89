/* alert_job: `qstream-api --alerts`, the clock of the stateless design.
 *
 * Some alerts become true with no request at all (a ticket passing its wait
 * target, a counter idle for two minutes), so no worker can notice them.
 * One small long-running process evaluates every department's alerts every
 * alert_interval_s and publishes `alerts_updated` when a department's set
 * changes.  Several may run (one per host): a PostgreSQL advisory lock makes
 * one of them the leader and the others stand by, taking over within one
 * interval when the leader's connection ends. */
#ifndef QS_ALERT_JOB_H
#define QS_ALERT_JOB_H

#include "qs_config.h"

/* Runs until SIGTERM or SIGINT; returns the process exit code. */
int qs_alert_job_run(const struct qs_config *cfg);

#endif
