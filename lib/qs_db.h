/* qs_db: one PostgreSQL connection per worker thread, with prepared
 * statements and reconnect.
 *
 * A query function in fcgi/db_*.c declares its statement once:
 *   static struct qs_stmt st = QS_STMT("SELECT ... WHERE id = $1", 1);
 * and runs it with qs_db_run(); the statement is prepared on first use on
 * each connection (and again after a reconnect). */
#ifndef QS_DB_H
#define QS_DB_H

#include <libpq-fe.h>

#include "qs_config.h"
#include "qs_err.h"

#define QS_DB_MAX_STMTS 256

struct qs_stmt {
	const char *sql;
	int nparams;
	_Atomic int index;      /* assigned on first use, process-wide */
};
#define QS_STMT(sql, n) { (sql), (n), -1 }

struct qs_db {
	PGconn *conn;
	const struct qs_config *cfg;
	const char *conninfo;   /* cfg->db_conninfo, or the replica's */
	unsigned char prepared[QS_DB_MAX_STMTS];
	int in_tx;
};

void qs_db_init(struct qs_db *db, const struct qs_config *cfg);
/* The same, for the read-only replica of cfg->db_read_conninfo. */
void qs_db_init_read(struct qs_db *db, const struct qs_config *cfg);
void qs_db_cleanup(struct qs_db *db);

/* Connect, or reset a broken connection.  QS_E_UNAVAILABLE when the database
 * cannot be reached (within db_connect_timeout_s). */
enum qs_rc qs_db_ensure(struct qs_db *db, struct qs_err *err);

/* Run a prepared statement.  On success *res holds the result (caller
 * PQclear()s it; pass NULL to discard).  Errors are mapped from SQLSTATE:
 * class 23 (unique, exclusion, foreign key...) -> QS_E_CONFLICT, class 22
 * (a value out of range or malformed) -> QS_E_VALIDATION, 40001/40P01 ->
 * QS_E_RETRY, 57014 (timeout) and lost connections -> QS_E_UNAVAILABLE, the
 * rest -> QS_E_INTERNAL (logged with the request id, never shown to a
 * client). */
enum qs_rc qs_db_run(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                     PGresult **res, struct qs_err *err);

/* Run a statement whose one parameter is an id and that must return exactly
 * one row; QS_E_NOT_FOUND ("<what> not found") when it returns none. */
enum qs_rc qs_db_row_by_id(struct qs_db *db, struct qs_stmt *st, long id, const char *what,
                           PGresult **res, struct qs_err *err);

/* Run a statement that answers one row whose first column is JSON text (a
 * view built in SQL) and parse it into *out (a new object).  No row:
 * QS_E_NOT_FOUND ("<what> not found"). */
struct json_object;
enum qs_rc qs_db_json(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                      const char *what, struct json_object **out, struct qs_err *err);

/* Plain SQL without parameters (BEGIN, COMMIT, migrations). */
enum qs_rc qs_db_exec(struct qs_db *db, const char *sql, struct qs_err *err);

enum qs_rc qs_db_begin(struct qs_db *db, struct qs_err *err);
/* A read-only transaction on one snapshot (REPEATABLE READ): the several
 * statements of a report see the same instant. */
enum qs_rc qs_db_begin_snapshot(struct qs_db *db, struct qs_err *err);
/* A statement that cannot be prepared (DECLARE ... CURSOR), with parameters
 * sent apart from the SQL as qs_db_run() does. */
enum qs_rc qs_db_run_unprepared(struct qs_db *db, const char *sql, int nparams,
                                const char *const *params, PGresult **res, struct qs_err *err);
enum qs_rc qs_db_commit(struct qs_db *db, struct qs_err *err);
/* The end of a change: run one statement and COMMIT in a single round trip
 * (libpq's pipeline mode), so the rows that statement locks (a department's
 * seq) stay locked only while it runs and the commit is flushed.  *res as
 * for qs_db_run().  Any failure leaves the transaction for
 * qs_db_rollback(); a connection lost here is QS_E_UNAVAILABLE (the commit
 * may or may not have happened, as with a lost COMMIT). */
enum qs_rc qs_db_run_commit(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                            PGresult **res, struct qs_err *err);
/* A statement that writes and is its own transaction (no BEGIN): never sent
 * twice, even when its connection turns out to be lost (it may have
 * committed); run a read first to find a stale connection. */
enum qs_rc qs_db_run_alone(struct qs_db *db, struct qs_stmt *st, const char *const *params,
                           PGresult **res, struct qs_err *err);
/* Never fails: a broken connection is reset on the next qs_db_ensure(). */
void qs_db_rollback(struct qs_db *db);

/* Statements and connects that failed in this process (the connection
 * lost, the database unavailable, an error of ours; not a conflict or bad
 * input), for the metrics. */
unsigned long qs_db_error_count(void);

/* Value helpers for results. */
long qs_db_long(const PGresult *res, int row, int col);
const char *qs_db_str(const PGresult *res, int row, int col); /* NULL for SQL NULL */

#endif
