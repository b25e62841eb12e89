/* db_queue: ticket transitions (db_queue.h). */
#include "db_queue.h"
#include "db_tickets.h"

#include <stdio.h>
#include <string.h>

#define L(buf, v) snprintf(buf, sizeof buf, "%ld", (long)(v))

/* Run a statement whose parameters are one id and maybe more text. */
static enum qs_rc run_id(struct qs_db *db, struct qs_stmt *st, long id, const char *a,
                         const char *b, struct qs_err *err)
{
	char i[24];
	L(i, id);
	const char *params[] = { i, a, b };
	return qs_db_run(db, st, params, NULL, err);
}

enum qs_rc db_queue_lock(struct qs_db *db, long id, const char *public_id,
                         struct qs_ticket_lock *out, struct qs_err *err)
{
	/* two statements, not one with "($1 > 0 AND id = $1) OR public_id = $2":
	 * PostgreSQL planned that one again at every call (a custom plan looked
	 * cheaper than the generic one), 72 us of each staff change */
#define LOCK_COLUMNS "SELECT id, department_id, service_id, counter_id, served_by, status," \
		     "       recall_count, delays_used, rating IS NOT NULL FROM tickets"
	static struct qs_stmt by_id = QS_STMT(LOCK_COLUMNS " WHERE id = $1 FOR UPDATE", 1);
	static struct qs_stmt by_public = QS_STMT(LOCK_COLUMNS " WHERE public_id = $1 FOR UPDATE", 1);
#undef LOCK_COLUMNS
	char i[24];
	PGresult *res;
	L(i, id);
	const char *params[] = { id != 0 ? i : public_id ? public_id : "" };
	enum qs_rc rc = qs_db_run(db, id != 0 ? &by_id : &by_public, params, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "ticket not found");
	}
	memset(out, 0, sizeof *out);
	out->id = qs_db_long(res, 0, 0);
	out->department_id = qs_db_long(res, 0, 1);
	out->service_id = qs_db_long(res, 0, 2);
	out->counter_id = qs_db_long(res, 0, 3);
	out->served_by = qs_db_long(res, 0, 4);
	snprintf(out->status, sizeof out->status, "%s", PQgetvalue(res, 0, 5));
	out->recall_count = (int)qs_db_long(res, 0, 6);
	out->delays_used = (int)qs_db_long(res, 0, 7);
	out->rated = PQgetvalue(res, 0, 8)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_queue_desk_of(struct qs_db *db, long counter_id, long user_id, long *dept,
                            long *active, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT (SELECT department_id FROM counters"
		"         WHERE id = $1 AND active AND state = 'open' AND staff_id = $2),"
		"       (SELECT id FROM tickets WHERE served_by = $2 AND status IN ('called', 'serving'))",
		2);
	char c[24], u[24];
	PGresult *res;
	L(c, counter_id);
	L(u, user_id);
	const char *params[] = { c, u };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	*active = qs_db_long(res, 0, 1);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_queue_counter_serves(struct qs_db *db, long counter_id, long service_id, int *yes,
                                   struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT NOT EXISTS (SELECT 1 FROM counter_services WHERE counter_id = $1)"
		"    OR EXISTS (SELECT 1 FROM counter_services WHERE counter_id = $1 AND service_id = $2)",
		2);
	char c[24], s[24];
	PGresult *res;
	L(c, counter_id);
	L(s, service_id);
	const char *params[] = { c, s };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*yes = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_queue_call_next_commit(struct qs_db *db, long department_id, long counter_id,
                                     long user_id, int *found, long *seq, char **waiting,
                                     struct qs_ticket *out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT c.seq, c.waiting, c.is_new, (c.ticket).* FROM qs_ticket_call_next($1, $2, $3) c",
		3);
	char d[24], c[24], u[24];
	PGresult *res;
	int is_new;
	L(d, department_id);
	L(c, counter_id);
	L(u, user_id);
	const char *params[] = { d, c, u };
	enum qs_rc rc = qs_db_run_commit(db, &st, params, &res, err);
	if (rc)
		return rc;
	*found = PQntuples(res) == 1;
	if (*found)
		rc = db_ticket_change_row(res, seq, waiting, &is_new, out, err);
	PQclear(res);
	return rc;
}

enum qs_rc db_queue_call(struct qs_db *db, long id, long counter_id, long user_id,
                         struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'called', counter_id = $2, served_by = $3,"
		"       called_at = clock_timestamp() WHERE id = $1", 3);
	char c[24], u[24];
	L(c, counter_id);
	L(u, user_id);
	return run_id(db, &st, id, c, u, err);
}

enum qs_rc db_queue_recall(struct qs_db *db, long id, const char *status, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET recall_count = recall_count + 1, status = $2,"
		"       called_at = CASE WHEN $2 = 'called' THEN clock_timestamp() ELSE called_at END,"
		"       completed_at = CASE WHEN $2 = 'no_show' THEN clock_timestamp() END"
		" WHERE id = $1", 2);
	return run_id(db, &st, id, status, NULL, err);
}

enum qs_rc db_queue_start(struct qs_db *db, long id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'serving', serving_at = clock_timestamp() WHERE id = $1", 1);
	return run_id(db, &st, id, NULL, NULL, err);
}

enum qs_rc db_queue_complete(struct qs_db *db, long id, const char *notes, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'completed', completed_at = clock_timestamp(),"
		"       notes = coalesce($2, notes) WHERE id = $1", 2);
	return run_id(db, &st, id, notes, NULL, err);
}

enum qs_rc db_queue_no_show(struct qs_db *db, long id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'no_show', completed_at = clock_timestamp() WHERE id = $1", 1);
	return run_id(db, &st, id, NULL, NULL, err);
}

enum qs_rc db_queue_cancel(struct qs_db *db, long id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'cancelled', completed_at = clock_timestamp() WHERE id = $1",
		1);
	return run_id(db, &st, id, NULL, NULL, err);
}

enum qs_rc db_queue_transfer(struct qs_db *db, long id, long service_id, struct qs_err *err)
{
	/* same number and same place in time: queued_at is kept */
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'waiting', transferred_from_service_id = service_id,"
		"       service_id = $2, counter_id = NULL, served_by = NULL, called_at = NULL,"
		"       serving_at = NULL, recall_count = 0"
		" WHERE id = $1", 2);
	char s[24];
	L(s, service_id);
	return run_id(db, &st, id, s, NULL, err);
}

enum qs_rc db_queue_requeue(struct qs_db *db, long id, int last, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET status = 'waiting', counter_id = NULL, served_by = NULL,"
		"       called_at = NULL, recall_count = 0,"
		"       queued_at = CASE WHEN $2 THEN clock_timestamp() ELSE queued_at END"
		" WHERE id = $1", 2);
	return run_id(db, &st, id, last ? "t" : "f", NULL, err);
}

enum qs_rc db_queue_delay(struct qs_db *db, long id, struct qs_err *err)
{
	/* behind the next three of the same service and priority: just after
	 * the third one's place, or last when fewer wait behind */
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets t SET delays_used = t.delays_used + 1,"
		"       queued_at = coalesce((SELECT o.queued_at + interval '1 microsecond'"
		"                               FROM tickets o"
		"                              WHERE o.service_id = t.service_id AND o.status = 'waiting'"
		"                                AND o.priority = t.priority"
		"                                AND (o.queued_at, o.id) > (t.queued_at, t.id)"
		"                              ORDER BY o.queued_at, o.id OFFSET 2 LIMIT 1),"
		"                            clock_timestamp())"
		" WHERE t.id = $1", 1);
	return run_id(db, &st, id, NULL, NULL, err);
}

enum qs_rc db_queue_rate(struct qs_db *db, long id, long rating, const char *comment,
                         struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE tickets SET rating = $2, rating_comment = $3 WHERE id = $1", 3);
	char r[24];
	L(r, rating);
	return run_id(db, &st, id, r, comment, err);
}

enum qs_rc db_perf_count(struct qs_db *db, long ticket_id, int completed, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO staff_performance AS p (user_id, day, department_id, served, no_shows,"
		"                                    total_service_seconds, total_call_to_start_seconds)"
		" SELECT t.served_by, qs_service_day(d.timezone, t.completed_at), t.department_id,"
		"        CASE WHEN $2 THEN 1 ELSE 0 END, CASE WHEN $2 THEN 0 ELSE 1 END,"
		"        coalesce(extract(epoch FROM t.completed_at - t.serving_at), 0)::bigint,"
		"        coalesce(extract(epoch FROM t.serving_at - t.called_at), 0)::bigint"
		"   FROM tickets t JOIN departments d ON d.id = t.department_id"
		"  WHERE t.id = $1 AND t.served_by IS NOT NULL"
		" ON CONFLICT (user_id, day) DO UPDATE SET"
		"   served = p.served + excluded.served, no_shows = p.no_shows + excluded.no_shows,"
		"   total_service_seconds = p.total_service_seconds + excluded.total_service_seconds,"
		"   total_call_to_start_seconds ="
		"     p.total_call_to_start_seconds + excluded.total_call_to_start_seconds", 2);
	return run_id(db, &st, ticket_id, completed ? "t" : "f", NULL, err);
}

enum qs_rc db_setting_long(struct qs_db *db, const char *key, long *value, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT (value #>> '{}')::bigint FROM settings WHERE key = $1", 1);
	PGresult *res;
	const char *params[] = { key };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1)
		*value = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_queue_id_by_public(struct qs_db *db, const char *public_id, long *id,
                                 struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT id FROM tickets WHERE public_id = $1", 1);
	PGresult *res;
	const char *params[] = { public_id };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*id = PQntuples(res) ? qs_db_long(res, 0, 0) : 0;
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_queue_list(struct qs_db *db, const struct qs_ticket_filter *f, long limit,
                         long offset, long *ids, int *n, long *total, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH m AS (SELECT t.id, t.status, t.priority, t.queued_at FROM tickets t"
		"  WHERE ($1 = 0 OR t.department_id = $1)"
		"    AND ($2::text[] IS NULL OR t.status = ANY($2::text[]))"
		"    AND ($3 = 0 OR t.service_id = $3)"
		"    AND ($4::date IS NULL OR t.service_day = $4::date)"
		"    AND ($5::text IS NULL OR t.ticket_number ILIKE $5 || '%'"
		"         OR t.customer_name ILIKE '%' || $5 || '%'))"
		" SELECT id, (SELECT count(*) FROM m) FROM m"
		"  ORDER BY (status = 'waiting') DESC, (priority = 'high') DESC, queued_at, id"
		"  LIMIT $6 OFFSET $7", 7);
	char d[24], s[24], l[24], o[24];
	PGresult *res;
	L(d, f->department_id);
	L(s, f->service_id);
	L(l, limit);
	L(o, offset);
	const char *params[] = { d, f->statuses, s, f->date, f->q, l, o };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*n = PQntuples(res);
	*total = *n ? qs_db_long(res, 0, 1) : 0;
	for (int i = 0; i < *n; i++)
		ids[i] = qs_db_long(res, i, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_complaint_insert(struct qs_db *db, long ticket_id, long department_id,
                               const char *category, const char *message, json_object **out,
                               struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO complaints AS c (ticket_id, department_id, category, message)"
		" VALUES ($1, $2, $3, $4) RETURNING qs_complaint_json(c)", 4);
	char t[24], d[24];
	L(t, ticket_id);
	L(d, department_id);
	const char *params[] = { t, d, category, message };
	return qs_db_json(db, &st, params, "complaint", out, err);
}

enum qs_rc db_complaint_list(struct qs_db *db, long department_id, const char *status,
                             long limit, long offset, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH m AS (SELECT * FROM complaints c WHERE ($1 = 0 OR c.department_id = $1)"
		"             AND ($2::text IS NULL OR c.status = $2))"
		" SELECT json_build_object('total', (SELECT count(*) FROM m),"
		"  'items', coalesce((SELECT json_agg(qs_complaint_json(p) ORDER BY p.id DESC)"
		"                      FROM (SELECT * FROM m ORDER BY id DESC LIMIT $3 OFFSET $4) p), '[]'))",
		4);
	char d[24], l[24], o[24];
	L(d, department_id);
	L(l, limit);
	L(o, offset);
	const char *params[] = { d, status, l, o };
	return qs_db_json(db, &st, params, "list", out, err);
}

enum qs_rc db_complaint_department(struct qs_db *db, long id, long *dept, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT department_id FROM complaints WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "complaint", &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_complaint_resolve(struct qs_db *db, long id, const char *resolution, long user_id,
                                json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE complaints c SET status = 'resolved', resolution = $2, resolved_by = $3,"
		"       resolved_at = now() WHERE c.id = $1 RETURNING qs_complaint_json(c)", 3);
	char i[24], u[24];
	L(i, id);
	L(u, user_id);
	const char *params[] = { i, resolution, u };
	return qs_db_json(db, &st, params, "complaint", out, err);
}
