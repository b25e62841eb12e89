/* qs_db: libpq connection, prepared statements, error mapping (qs_db.h). */
#include "qs_db.h"
#include "qs_log.h"

#include <json-c/json.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_int next_stmt_index;
static atomic_ulong errors;

unsigned long qs_db_error_count(void)
{
	return atomic_load_explicit(&errors, memory_order_relaxed);
}

void qs_db_init(struct qs_db *db, const struct qs_config *cfg)
{
	memset(db, 0, sizeof *db);
	db->cfg = cfg;
	db->conninfo = cfg->db_conninfo;
}

void qs_db_init_read(struct qs_db *db, const struct qs_config *cfg)
{
	qs_db_init(db, cfg);
	db->conninfo = cfg->db_read_conninfo;
}

void qs_db_cleanup(struct qs_db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = NULL;
}

static enum qs_rc connect_db(struct qs_db *db, struct qs_err *err)
{
	char timeout[16], options[96];
	snprintf(timeout, sizeof timeout, "%d", db->cfg->db_connect_timeout_s);
	/* jit off: our statements are short, and a high cost estimate (a
	 * 30-day trend's plan) made PostgreSQL spend 2 s compiling one */
	snprintf(options, sizeof options, "-c statement_timeout=%d -c TimeZone=UTC -c jit=off",
	         db->cfg->db_statement_timeout_ms);
	/* the conninfo string comes first and is expanded; the rest override it */
	const char *keys[] = { "dbname", "connect_timeout", "options", "application_name",
	                       "keepalives_idle", NULL };
	const char *vals[] = { db->conninfo, timeout, options, "qstream", "30", NULL };

	if (db->conn)
		PQfinish(db->conn);
	memset(db->prepared, 0, sizeof db->prepared);
	db->in_tx = 0;
	db->conn = PQconnectdbParams(keys, vals, 1);
	if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
		atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
		qs_log_error("db_connect_failed", "error=\"%.*s\"",
		             (int)(db->conn ? strcspn(PQerrorMessage(db->conn), "\n") : 13),
		             db->conn ? PQerrorMessage(db->conn) : "out of memory");
		return qs_err_set(err, QS_E_UNAVAILABLE, NULL, "the database is unavailable");
	}
	return QS_OK;
}

enum qs_rc qs_db_ensure(struct qs_db *db, struct qs_err *err)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK) {
		PGTransactionStatusType ts = PQtransactionStatus(db->conn);
		if (ts == PQTRANS_IDLE)
			return QS_OK;
		if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
			/* a previous request left a transaction open: a bug, but recoverable */
			qs_db_rollback(db);
			if (PQtransactionStatus(db->conn) == PQTRANS_IDLE)
				return QS_OK;
		}
	}
	return connect_db(db, err);
}

static enum qs_rc map_result(struct qs_db *db, PGresult *r, const char *what,
                             struct qs_err *err)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return QS_OK;

	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(db->conn) != CONNECTION_OK || !state) {
		atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
		qs_log_error("db_connection_lost", "stmt=\"%.60s\"", what);
		return qs_err_set(err, QS_E_UNAVAILABLE, NULL, "the database is unavailable");
	}
	if (strcmp(state, "23505") == 0 || strcmp(state, "23P01") == 0)
		return qs_err_set(err, QS_E_CONFLICT, NULL, "conflicts with an existing record");
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return qs_err_set(err, QS_E_RETRY, NULL, "concurrent update, try again");
	/* bad input that validation let through: never a 500 */
	if (strncmp(state, "22", 2) == 0) {
		qs_log_warn("db_data_exception", "sqlstate=%s stmt=\"%.60s\"", state, what);
		return qs_err_set(err, QS_E_VALIDATION, NULL, "a value is out of range or malformed");
	}
	if (strncmp(state, "23", 2) == 0) {
		qs_log_warn("db_integrity", "sqlstate=%s stmt=\"%.60s\"", state, what);
		return qs_err_set(err, QS_E_CONFLICT, NULL, "conflicts with the stored data");
	}
	if (strcmp(state, "57014") == 0 || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0 || strcmp(state, "53300") == 0) {
		atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
		qs_log_error("db_unavailable", "sqlstate=%s stmt=\"%.60s\"", state, what);
		return qs_err_set(err, QS_E_UNAVAILABLE, NULL, "the database is unavailable");
	}
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
	qs_log_error("db_error", "sqlstate=%s stmt=\"%.60s\" error=\"%s\"", state, what,
	             msg ? msg : "");
	return qs_err_set(err, QS_E_INTERNAL, NULL, "database error");
}

/* The statement's name on this connection, prepared on first use. */
static enum qs_rc prepared_name(struct qs_db *db, struct qs_stmt *st, char name[16],
                                struct qs_err *err)
{
	int idx = atomic_load(&st->index);
	if (idx < 0) {
		/* two threads may race here: the loser's number is simply unused */
		int fresh = atomic_fetch_add(&next_stmt_index, 1), expected = -1;
		idx = atomic_compare_exchange_strong(&st->index, &expected, fresh) ? fresh
		                                                                   : expected;
	}
	if (idx >= QS_DB_MAX_STMTS) {
		qs_log_error("db_too_many_statements", "max=%d", QS_DB_MAX_STMTS);
		return qs_err_set(err, QS_E_INTERNAL, NULL, "too many statements");
	}
	snprintf(name, 16, "qs%d", idx);
	if (!db->prepared[idx]) {
		PGresult *r = PQprepare(db->conn, name, st->sql, st->nparams, NULL);
		enum qs_rc rc = map_result(db, r, st->sql, err);
		PQclear(r);
		if (rc)
			return rc;
		db->prepared[idx] = 1;
	}
	return QS_OK;
}

static enum qs_rc run_once(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                           PGresult **res, struct qs_err *err)
{
	enum qs_rc rc;
	PGresult *r = NULL;
	char name[16];

	if (res)
		*res = NULL;
	if (!db->conn && (rc = connect_db(db, err)))
		return rc;
	if ((rc = prepared_name(db, st, name, err)))
		return rc;
	r = PQexecPrepared(db->conn, name, st->nparams, params, NULL, NULL, 0);
	rc = map_result(db, r, st->sql, err);
	if (rc || !res)
		PQclear(r);
	else
		*res = r;
	return rc;
}

/* A kept connection learns that the server restarted only when it next
 * sends something.  Outside a transaction (where only reads run: every write
 * is inside BEGIN) a statement that found its connection dead is sent once
 * more on a new connection, so a database restart costs no request. */
static int lost_and_retryable(struct qs_db *db, enum qs_rc rc)
{
	return rc == QS_E_UNAVAILABLE && !db->in_tx && db->conn &&
	       PQstatus(db->conn) != CONNECTION_OK;
}

enum qs_rc qs_db_run(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                     PGresult **res, struct qs_err *err)
{
	enum qs_rc rc = run_once(db, st, params, res, err);
	if (lost_and_retryable(db, rc)) {
		qs_err_clear(err);
		if ((rc = connect_db(db, err)) == QS_OK)
			rc = run_once(db, st, params, res, err);
	}
	return rc;
}

enum qs_rc qs_db_run_alone(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                           PGresult **res, struct qs_err *err)
{
	return run_once(db, st, params, res, err);
}

/* Forget a connection whose pipeline went wrong: the next request connects
 * anew. */
static enum qs_rc pipeline_broken(struct qs_db *db, const char *what, struct qs_err *err)
{
	atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
	qs_log_error("db_pipeline_failed", "stmt=\"%.60s\" error=\"%.*s\"", what,
	             (int)strcspn(PQerrorMessage(db->conn), "\n"), PQerrorMessage(db->conn));
	PQfinish(db->conn);
	db->conn = NULL;
	db->in_tx = 0;
	return qs_err_set(err, QS_E_UNAVAILABLE, NULL, "the database is unavailable");
}

enum qs_rc qs_db_run_commit(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                            PGresult **res, struct qs_err *err)
{
	enum qs_rc rc;
	char name[16];

	if (res)
		*res = NULL;
	if (!db->conn || !db->in_tx)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "no transaction to commit");
	if ((rc = prepared_name(db, st, name, err)))
		return rc;
	if (!PQenterPipelineMode(db->conn) ||
	    !PQsendQueryPrepared(db->conn, name, st->nparams, params, NULL, NULL, 0) ||
	    !PQsendQueryParams(db->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQpipelineSync(db->conn))
		return pipeline_broken(db, st->sql, err);

	/* the statement's result, then COMMIT's, each followed by NULL, then the
	 * sync; after an error the rest come back PGRES_PIPELINE_ABORTED */
	PGresult *r, *stmt_res = NULL, *commit_res = NULL;
	int synced = 0, nulls = 0;
	while (!synced) {
		r = PQgetResult(db->conn);
		if (!r) {
			/* more NULLs than ends of commands: the connection is gone */
			if (++nulls > 2 || PQstatus(db->conn) != CONNECTION_OK)
				break;
			continue;
		}
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_PIPELINE_SYNC) {
			synced = 1;
			PQclear(r);
		} else if (!stmt_res) {
			stmt_res = r;
		} else if (!commit_res) {
			commit_res = r;
		} else {
			PQclear(r);
		}
	}
	if (!synced || !PQexitPipelineMode(db->conn)) {
		PQclear(stmt_res);
		PQclear(commit_res);
		return pipeline_broken(db, st->sql, err);
	}
	rc = map_result(db, stmt_res, st->sql, err);
	if (!rc)
		rc = map_result(db, commit_res, "COMMIT", err);
	PQclear(commit_res);
	if (!rc && PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		db->in_tx = 0;
	if (rc || !res)
		PQclear(stmt_res);
	else
		*res = stmt_res;
	return rc;
}

enum qs_rc qs_db_row_by_id(struct qs_db *db, struct qs_stmt *st, long id, const char *what,
                           PGresult **res, struct qs_err *err)
{
	char idbuf[24];
	enum qs_rc rc;

	snprintf(idbuf, sizeof idbuf, "%ld", id);
	const char *params[] = { idbuf };
	if ((rc = qs_db_run(db, st, params, res, err)))
		return rc;
	if (PQntuples(*res) != 1) {
		PQclear(*res);
		*res = NULL;
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "%s not found", what);
	}
	return QS_OK;
}

enum qs_rc qs_db_json(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                      const char *what, struct json_object **out, struct qs_err *err)
{
	PGresult *res;
	enum qs_rc rc = qs_db_run(db, st, params, &res, err);
	*out = NULL;
	if (rc)
		return rc;
	if (PQntuples(res) < 1 || PQgetisnull(res, 0, 0)) {
		PQclear(res);
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "%s not found", what);
	}
	*out = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!*out)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "the database answered no JSON");
	return QS_OK;
}

enum qs_rc qs_db_exec(struct qs_db *db, const char *sql, struct qs_err *err)
{
	enum qs_rc rc;
	if (!db->conn && (rc = connect_db(db, err)))
		return rc;
	PGresult *r = PQexec(db->conn, sql);
	rc = map_result(db, r, sql, err);
	PQclear(r);
	return rc;
}

static enum qs_rc begin_with(struct qs_db *db, const char *sql, struct qs_err *err)
{
	enum qs_rc rc = qs_db_ensure(db, err);
	if (rc)
		return rc;
	rc = qs_db_exec(db, sql, err);
	if (lost_and_retryable(db, rc)) {
		qs_err_clear(err);
		if ((rc = connect_db(db, err)) == QS_OK)
			rc = qs_db_exec(db, sql, err);
	}
	db->in_tx = rc == QS_OK;
	return rc;
}

enum qs_rc qs_db_begin(struct qs_db *db, struct qs_err *err)
{
	return begin_with(db, "BEGIN", err);
}

enum qs_rc qs_db_begin_snapshot(struct qs_db *db, struct qs_err *err)
{
	return begin_with(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", err);
}

enum qs_rc qs_db_run_unprepared(struct qs_db *db, const char *sql, int nparams,
                                const char *const *params, PGresult **res, struct qs_err *err)
{
	enum qs_rc rc;
	if (res)
		*res = NULL;
	if (!db->conn && (rc = connect_db(db, err)))
		return rc;
	PGresult *r = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	rc = map_result(db, r, sql, err);
	if (rc || !res)
		PQclear(r);
	else
		*res = r;
	return rc;
}

enum qs_rc qs_db_commit(struct qs_db *db, struct qs_err *err)
{
	enum qs_rc rc = qs_db_exec(db, "COMMIT", err);
	db->in_tx = 0;
	return rc;
}

void qs_db_rollback(struct qs_db *db)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		PGresult *r = PQexec(db->conn, "ROLLBACK");
		PQclear(r);
	}
	db->in_tx = 0;
}

long qs_db_long(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtol(PQgetvalue(res, row, col), NULL, 10);
}

const char *qs_db_str(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}
