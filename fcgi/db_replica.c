/* db_replica: the replica for reports, or the primary (db_replica.h). */
#include "db_replica.h"
#include "qs_log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static long ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static void set_usable(struct qs_ctx *ctx, int usable, int first, const char *why)
{
	if (first || usable != ctx->read_usable) {
		if (usable)
			qs_log_info("db_read_replica", "reports=replica");
		else
			qs_log_warn("db_read_fallback", "reports=primary reason=\"%s\"", why);
	}
	ctx->read_usable = usable;
}

/* In recovery, its WAL receiver streaming (a replica cut off from the
 * primary replays nothing and looks current), and the replay close enough:
 * no lag when all that was received is replayed, else the age of the last
 * replayed commit.  The receiver's status needs pg_read_all_stats (or a
 * superuser); without it the status reads NULL and only the lag counts. */
static int replica_current(struct qs_ctx *ctx, char *why, size_t whylen)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT pg_is_in_recovery(),"
		" coalesce((SELECT status FROM pg_stat_wal_receiver), 'unknown'),"
		" CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
		"  ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000,"
		"                1e9)::bigint END", 0);
	struct qs_err err;
	PGresult *res = NULL;
	qs_err_clear(&err);
	if (qs_db_run(&ctx->db_read, &st, NULL, &res, &err)) {
		snprintf(why, whylen, "%s", err.message);
		return 0;
	}
	int ok = 1;
	const char *recovery = qs_db_str(res, 0, 0), *status = qs_db_str(res, 0, 1);
	long lag = qs_db_long(res, 0, 2);
	if (!recovery || strcmp(recovery, "t") != 0) {
		snprintf(why, whylen, "not a replica (not in recovery)");
		ok = 0;
	} else if (status && strcmp(status, "streaming") != 0 && strcmp(status, "unknown") != 0) {
		snprintf(why, whylen, "wal receiver %s", status);
		ok = 0;
	} else if (lag > ctx->cfg->db_read_max_lag_ms) {
		snprintf(why, whylen, "%ld ms behind", lag);
		ok = 0;
	}
	PQclear(res);
	return ok;
}

struct qs_db *db_replica_choose(struct qs_ctx *ctx)
{
	if (!ctx->cfg->db_read_conninfo || !ctx->cfg->db_read_conninfo[0] || !ctx->db_read.cfg)
		return &ctx->db;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int first = !ctx->read_checked.tv_sec && !ctx->read_checked.tv_nsec;
	/* a replica found wanting is asked again after 5 s, not 1: one that
	 * does not answer at all costs a connect timeout each time */
	if (first || ms_between(&ctx->read_checked, &now) >= (ctx->read_usable ? 1000 : 5000)) {
		char why[200] = "";
		ctx->read_checked = now;
		set_usable(ctx, replica_current(ctx, why, sizeof why), first, why);
	}
	return ctx->read_usable ? &ctx->db_read : &ctx->db;
}

enum qs_rc db_replica_run(struct qs_ctx *ctx,
                          enum qs_rc (*body)(struct qs_ctx *ctx, struct qs_db *db, void *arg),
                          void *arg, struct qs_err *err)
{
	struct qs_db *db = db_replica_choose(ctx);
	enum qs_rc rc = body(ctx, db, arg);
	if (rc == QS_E_UNAVAILABLE && db != &ctx->db) {
		/* the replica went away between two checks: the primary, now and
		 * for the next second */
		clock_gettime(CLOCK_MONOTONIC, &ctx->read_checked);
		set_usable(ctx, 0, 0, err->message);
		qs_err_clear(err);
		rc = body(ctx, &ctx->db, arg);
	}
	return rc;
}
