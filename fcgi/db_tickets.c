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

enum qs_rc db_ticket_next_number(struct qs_db *db, long service_id, const char *service_day,
                                 long *number, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO ticket_numbers AS n (service_id, service_day, last_number)"
		" VALUES ($1, $2, 1)"
		" ON CONFLICT (service_id, service_day)"
		" DO UPDATE SET last_number = n.last_number + 1"
		" RETURNING last_number", 2);
	char svc[24];
	PGresult *res;
	enum qs_rc rc;

	ltoa_buf(service_id, svc, sizeof svc);
	const char *params[] = { svc, service_day };
	if ((rc = qs_db_run(db, &st, params, &res, err)))
		return rc;
	*number = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_ticket_insert(struct qs_db *db, const struct qs_ticket_new *t, long *id,
                           struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO tickets (public_id, department_id, service_id, number_service_id,"
		"                     service_day, number, ticket_number, priority,"
		"                     customer_name, customer_phone, notes, idempotency_key)"
		" VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
		" RETURNING id", 11);
	char dept[24], svc[24], num[24];
	PGresult *res;
	enum qs_rc rc;

	ltoa_buf(t->department_id, dept, sizeof dept);
	ltoa_buf(t->service_id, svc, sizeof svc);
	ltoa_buf(t->number, num, sizeof num);
	const char *params[] = { t->public_id, dept, svc, t->service_day, num, t->ticket_number,
	                         t->priority, t->customer_name, t->customer_phone, t->notes,
	                         t->idempotency_key };
	if ((rc = qs_db_run(db, &st, params, &res, err)))
		return rc;
	*id = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

/* Columns of the ticket query, in order. */
enum {
	C_ID, C_PUBLIC_ID, C_NUMBER, C_STATUS, C_PRIORITY, C_SERVICE_ID, C_SERVICE_NAME,
	C_DEPT_ID, C_DEPT_NAME, C_COUNTER_ID, C_COUNTER_NAME, C_CUST_NAME, C_CUST_PHONE,
	C_NOTES, C_SERVED_BY, C_RECALLS, C_DELAYS, C_RATING, C_TRANSFERRED, C_CREATED,
	C_QUEUED, C_CALLED, C_SERVING, C_COMPLETED, C_AHEAD, C_PRIO_AHEAD, C_AVG_MIN,
	C_RECENT_SEC, C_OPEN_COUNTERS
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

enum qs_rc db_ticket_get(struct qs_db *db, long id, struct qs_ticket *out, struct qs_err *err)
{
	/* people ahead: waiting tickets of the same service earlier in queue
	 * order (high priority first, then queued_at, then id) */
	static struct qs_stmt st = QS_STMT(
		"SELECT t.id, t.public_id, t.ticket_number, t.status, t.priority,"
		"       t.service_id, s.name, t.department_id, d.name, t.counter_id, c.name,"
		"       t.customer_name, t.customer_phone, t.notes, t.served_by,"
		"       t.recall_count, t.delays_used, t.rating, t.transferred_from_service_id,"
		"       qs_ts(t.created_at), qs_ts(t.queued_at), qs_ts(t.called_at),"
		"       qs_ts(t.serving_at), qs_ts(t.completed_at),"
		"       a.ahead, a.priority_ahead, s.avg_service_minutes,"
		"       qs_recent_service_seconds(t.service_id),"
		"       qs_open_counters(t.department_id, t.service_id)"
		"  FROM tickets t"
		"  JOIN services s ON s.id = t.service_id"
		"  JOIN departments d ON d.id = t.department_id"
		"  LEFT JOIN counters c ON c.id = t.counter_id"
		"  LEFT JOIN LATERAL ("
		"       SELECT count(*) AS ahead, count(*) FILTER (WHERE o.priority = 'high') AS priority_ahead"
		"         FROM tickets o"
		"        WHERE t.status = 'waiting' AND o.service_id = t.service_id"
		"          AND o.status = 'waiting' AND o.id <> t.id"
		"          AND ((o.priority = 'high') > (t.priority = 'high')"
		"               OR ((o.priority = 'high') = (t.priority = 'high')"
		"                   AND (o.queued_at, o.id) < (t.queued_at, t.id)))) a ON true"
		" WHERE t.id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "ticket", &res, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	out->id = qs_db_long(res, 0, C_ID);
	copy_str(out->public_id, sizeof out->public_id, res, C_PUBLIC_ID);
	copy_str(out->ticket_number, sizeof out->ticket_number, res, C_NUMBER);
	copy_str(out->status, sizeof out->status, res, C_STATUS);
	copy_str(out->priority, sizeof out->priority, res, C_PRIORITY);
	out->service_id = qs_db_long(res, 0, C_SERVICE_ID);
	out->service_name = dup_or_null(res, C_SERVICE_NAME);
	out->department_id = qs_db_long(res, 0, C_DEPT_ID);
	out->department_name = dup_or_null(res, C_DEPT_NAME);
	out->counter_id = qs_db_long(res, 0, C_COUNTER_ID);
	out->counter_name = dup_or_null(res, C_COUNTER_NAME);
	out->customer_name = dup_or_null(res, C_CUST_NAME);
	out->customer_phone = dup_or_null(res, C_CUST_PHONE);
	out->notes = dup_or_null(res, C_NOTES);
	out->served_by = qs_db_long(res, 0, C_SERVED_BY);
	out->recall_count = (int)qs_db_long(res, 0, C_RECALLS);
	out->delays_used = (int)qs_db_long(res, 0, C_DELAYS);
	out->rating = (int)qs_db_long(res, 0, C_RATING);
	out->transferred_from_service_id = qs_db_long(res, 0, C_TRANSFERRED);
	copy_str(out->created_at, sizeof out->created_at, res, C_CREATED);
	copy_str(out->queued_at, sizeof out->queued_at, res, C_QUEUED);
	copy_str(out->called_at, sizeof out->called_at, res, C_CALLED);
	copy_str(out->serving_at, sizeof out->serving_at, res, C_SERVING);
	copy_str(out->completed_at, sizeof out->completed_at, res, C_COMPLETED);
	out->people_ahead = PQgetisnull(res, 0, C_AHEAD) || strcmp(out->status, "waiting") != 0
	                            ? -1
	                            : qs_db_long(res, 0, C_AHEAD);
	out->priority_ahead = qs_db_long(res, 0, C_PRIO_AHEAD);
	out->avg_service_minutes = (int)qs_db_long(res, 0, C_AVG_MIN);
	out->recent_service_seconds =
		PQgetisnull(res, 0, C_RECENT_SEC) ? 0 : strtod(PQgetvalue(res, 0, C_RECENT_SEC), NULL);
	out->open_counters = (int)qs_db_long(res, 0, C_OPEN_COUNTERS);
	PQclear(res);
	if (!out->service_name || !out->department_name) {
		qs_ticket_cleanup(out);
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	}
	return QS_OK;
}
