/* db_tickets: ticket SQL (db_tickets.h). */
#include "db_tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qs_ticket_cleanup(struct qs_ticket *t)
{
	free(t->service_name);
	free(t->department_name);
	free(t->counter_name);
	free(t->customer_name);
	free(t->customer_phone);
	free(t->notes);
	memset(t, 0, sizeof *t);
}

static void ltoa_buf(long v, char *buf, size_t len)
{
	snprintf(buf, len, "%ld", v);
}

enum qs_rc db_ticket_service_ref(struct qs_db *db, long service_id, struct qs_service_ref *out,
                                 struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT s.id, s.department_id, s.prefix,"
		"       qs_department_open(d.opening_hours, d.timezone, now()),"
		"       qs_service_day(d.timezone, now()),"
		"       (SELECT (value #>> '{}')::bigint FROM settings"
		"         WHERE key = 'public_ticket_limit_per_hour')"
		"  FROM services s JOIN departments d ON d.id = s.department_id"
		" WHERE s.id = $1 AND s.active AND d.active", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, service_id, "service", &res, err);
	if (rc)
		return rc;
	out->service_id = qs_db_long(res, 0, 0);
	out->department_id = qs_db_long(res, 0, 1);
	snprintf(out->prefix, sizeof out->prefix, "%s", PQgetvalue(res, 0, 2));
	out->open_now = PQgetvalue(res, 0, 3)[0] == 't';
	snprintf(out->service_day, sizeof out->service_day, "%s", PQgetvalue(res, 0, 4));
	out->public_limit_per_hour = PQgetisnull(res, 0, 5) ? 0 : qs_db_long(res, 0, 5);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_ticket_by_idempotency_key(struct qs_db *db, long department_id, const char *key,
                                        long *ticket_id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT id FROM tickets WHERE department_id = $1 AND idempotency_key = $2", 2);
	char dept[24];
	PGresult *res;
	enum qs_rc rc;

	ltoa_buf(department_id, dept, sizeof dept);
	const char *params[] = { dept, key };
	if ((rc = qs_db_run(db, &st, params, &res, err)))
		return rc;
	*ticket_id = PQntuples(res) ? qs_db_long(res, 0, 0) : 0;
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_ticket_take(struct qs_db *db, const struct qs_ticket_new *t, long *seq,
                          char **waiting, int *created, struct qs_ticket *out,
                          struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT c.seq, c.waiting, c.is_new, (c.ticket).*"
		"  FROM qs_ticket_take($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) c", 10);
	char svc[24], dept[24];
	PGresult *res;
	enum qs_rc rc;

	ltoa_buf(t->service_id, svc, sizeof svc);
	ltoa_buf(t->department_id, dept, sizeof dept);
	const char *params[] = { svc, dept, t->service_day, t->prefix, t->public_id, t->priority,
	                         t->customer_name, t->customer_phone, t->notes,
	                         t->idempotency_key };
	if ((rc = qs_db_run_alone(db, &st, params, &res, err)))
		return rc;
	rc = PQntuples(res) == 1 ? db_ticket_change_row(res, seq, waiting, created, out, err)
	                         : qs_err_set(err, QS_E_INTERNAL, NULL, "no ticket taken");
	PQclear(res);
	return rc;
}

enum qs_rc db_ticket_changed_commit(struct qs_db *db, long id, long department_id, long *seq,
                                    char **waiting, struct qs_ticket *out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT c.seq, c.waiting, c.is_new, (c.ticket).* FROM qs_ticket_changed($1, $2) c", 2);
	char i[24], dept[24];
	PGresult *res;
	int is_new;
	enum qs_rc rc;

	ltoa_buf(id, i, sizeof i);
	ltoa_buf(department_id, dept, sizeof dept);
	const char *params[] = { i, dept };
	if ((rc = qs_db_run_commit(db, &st, params, &res, err)))
		return rc;
	rc = PQntuples(res) == 1 ? db_ticket_change_row(res, seq, waiting, &is_new, out, err)
	                         : qs_err_set(err, QS_E_INTERNAL, NULL, "no ticket changed");
	PQclear(res);
	return rc;
}

/* Columns of a ticket (sql type qs_ticket_state), in order. */
enum {
	C_ID, C_PUBLIC_ID, C_NUMBER, C_STATUS, C_PRIORITY, C_SERVICE_ID, C_SERVICE_NAME,
	C_DEPT_ID, C_DEPT_NAME, C_COUNTER_ID, C_COUNTER_NAME, C_CUST_NAME, C_CUST_PHONE,
	C_NOTES, C_SERVED_BY, C_RECALLS, C_DELAYS, C_RATING, C_TRANSFERRED, C_CREATED,
	C_QUEUED, C_CALLED, C_SERVING, C_COMPLETED, C_AHEAD, C_PRIO_AHEAD, C_AVG_MIN,
	C_RECENT_SEC, C_OPEN_COUNTERS, C_COUNT
};

static char *dup_or_null(const PGresult *res, int col)
{
	const char *s = qs_db_str(res, 0, col);
	return s ? strdup(s) : NULL;
}

static void copy_str(char *dst, size_t len, const PGresult *res, int col)
{
	const char *s = qs_db_str(res, 0, col);
	snprintf(dst, len, "%s", s ? s : "");
}

/* The ticket in row 0 from column `at` on. */
static enum qs_rc read_ticket(const PGresult *res, int at, struct qs_ticket *out,
                              struct qs_err *err)
{
	if (PQnfields(res) < at + C_COUNT)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "the ticket row is short");
	memset(out, 0, sizeof *out);
	out->id = qs_db_long(res, 0, at + C_ID);
	copy_str(out->public_id, sizeof out->public_id, res, at + C_PUBLIC_ID);
	copy_str(out->ticket_number, sizeof out->ticket_number, res, at + C_NUMBER);
	copy_str(out->status, sizeof out->status, res, at + C_STATUS);
	copy_str(out->priority, sizeof out->priority, res, at + C_PRIORITY);
	out->service_id = qs_db_long(res, 0, at + C_SERVICE_ID);
	out->service_name = dup_or_null(res, at + C_SERVICE_NAME);
	out->department_id = qs_db_long(res, 0, at + C_DEPT_ID);
	out->department_name = dup_or_null(res, at + C_DEPT_NAME);
	out->counter_id = qs_db_long(res, 0, at + C_COUNTER_ID);
	out->counter_name = dup_or_null(res, at + C_COUNTER_NAME);
	out->customer_name = dup_or_null(res, at + C_CUST_NAME);
	out->customer_phone = dup_or_null(res, at + C_CUST_PHONE);
	out->notes = dup_or_null(res, at + C_NOTES);
	out->served_by = qs_db_long(res, 0, at + C_SERVED_BY);
	out->recall_count = (int)qs_db_long(res, 0, at + C_RECALLS);
	out->delays_used = (int)qs_db_long(res, 0, at + C_DELAYS);
	out->rating = (int)qs_db_long(res, 0, at + C_RATING);
	out->transferred_from_service_id = qs_db_long(res, 0, at + C_TRANSFERRED);
	copy_str(out->created_at, sizeof out->created_at, res, at + C_CREATED);
	copy_str(out->queued_at, sizeof out->queued_at, res, at + C_QUEUED);
	copy_str(out->called_at, sizeof out->called_at, res, at + C_CALLED);
	copy_str(out->serving_at, sizeof out->serving_at, res, at + C_SERVING);
	copy_str(out->completed_at, sizeof out->completed_at, res, at + C_COMPLETED);
	out->people_ahead = PQgetisnull(res, 0, at + C_AHEAD) || strcmp(out->status, "waiting") != 0
	                            ? -1
	                            : qs_db_long(res, 0, at + C_AHEAD);
	out->priority_ahead = qs_db_long(res, 0, at + C_PRIO_AHEAD);
	out->avg_service_minutes = (int)qs_db_long(res, 0, at + C_AVG_MIN);
	out->recent_service_seconds = PQgetisnull(res, 0, at + C_RECENT_SEC)
	                                      ? 0
	                                      : strtod(PQgetvalue(res, 0, at + C_RECENT_SEC), NULL);
	out->open_counters = (int)qs_db_long(res, 0, at + C_OPEN_COUNTERS);
	if (!out->service_name || !out->department_name) {
		qs_ticket_cleanup(out);
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	}
	return QS_OK;
}

enum qs_rc db_ticket_change_row(const PGresult *res, long *seq, char **waiting, int *is_new,
                                struct qs_ticket *out, struct qs_err *err)
{
	enum qs_rc rc = read_ticket(res, 3, out, err);
	if (rc)
		return rc;
	*seq = qs_db_long(res, 0, 0);
	*is_new = PQgetvalue(res, 0, 2)[0] == 't';
	*waiting = NULL;
	if (!PQgetisnull(res, 0, 1) && !(*waiting = strdup(PQgetvalue(res, 0, 1)))) {
		qs_ticket_cleanup(out);
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	}
	return QS_OK;
}

enum qs_rc db_ticket_get(struct qs_db *db, long id, struct qs_ticket *out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT * FROM qs_ticket_view($1)", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "ticket", &res, err);
	if (rc)
		return rc;
	rc = read_ticket(res, 0, out, err);
	PQclear(res);
	return rc;
}

const char *const qs_ticket_statuses[QS_TICKET_NSTATUS] = {
	"waiting", "called", "serving", "completed", "no_show", "cancelled"
};

enum qs_rc db_ticket_counts_today(struct qs_db *db, long counts[QS_TICKET_NSTATUS],
                                  long *waiting, struct qs_err *err)
{
	/* each department's own day, through tickets_department_day */
	static struct qs_stmt st = QS_STMT(
		"SELECT t.status, count(*) FROM tickets t"
		"  JOIN departments d ON d.id = t.department_id"
		" WHERE t.service_day = qs_service_day(d.timezone, now())"
		" GROUP BY t.status"
		" UNION ALL SELECT '', coalesce(sum(waiting), 0) FROM queue_counts", 0);
	PGresult *res;
	enum qs_rc rc = qs_db_run(db, &st, NULL, &res, err);
	if (rc)
		return rc;
	memset(counts, 0, sizeof(long) * QS_TICKET_NSTATUS);
	for (int r = 0; r < PQntuples(res); r++) {
		const char *status = PQgetvalue(res, r, 0);
		if (!*status)
			*waiting = qs_db_long(res, r, 1);
		for (int i = 0; i < QS_TICKET_NSTATUS; i++)
			if (strcmp(status, qs_ticket_statuses[i]) == 0)
				counts[i] = qs_db_long(res, r, 1);
	}
	PQclear(res);
	return QS_OK;
}
