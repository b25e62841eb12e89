/* db_departments: department SQL (db_departments.h). */
#include "db_departments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum qs_rc seq_row(PGresult *res, long *seq, char **waiting_json, struct qs_err *err)
{
	if (PQntuples(res) != 1) {
		PQclear(res);
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
	}
	*seq = qs_db_long(res, 0, 0);
	*waiting_json = strdup(PQgetvalue(res, 0, 1));
	PQclear(res);
	return *waiting_json ? QS_OK : qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
}

/* sql qs_next_seq (a department that does not exist is SQLSTATE P0002),
 * alone or with COMMIT in the same round trip */
static enum qs_rc next_seq(struct qs_db *db, long department_id, int commit, long *seq,
                           char **waiting_json, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT n.seq, n.waiting FROM qs_next_seq($1) n", 1);
	char id[24];
	PGresult *res;
	snprintf(id, sizeof id, "%ld", department_id);
	const char *params[] = { id };
	enum qs_rc rc = commit ? qs_db_run_commit(db, &st, params, &res, err)
	                       : qs_db_run(db, &st, params, &res, err);
	return rc ? rc : seq_row(res, seq, waiting_json, err);
}

enum qs_rc db_department_next_seq(struct qs_db *db, long department_id, long *seq,
                                  char **waiting_json, struct qs_err *err)
{
	return next_seq(db, department_id, 0, seq, waiting_json, err);
}

enum qs_rc db_department_seq_commit(struct qs_db *db, long department_id, long *seq,
                                    char **waiting_json, struct qs_err *err)
{
	return next_seq(db, department_id, 1, seq, waiting_json, err);
}

enum qs_rc db_departments_public(struct qs_db *db,
                                 void (*fn)(const struct qs_public_service_row *, void *),
                                 void *arg, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT d.id, d.name, d.timezone, qs_department_open(d.opening_hours, d.timezone, now()),"
		"       s.id, s.name, s.prefix, s.description, s.avg_service_minutes,"
		"       coalesce((SELECT q.waiting FROM queue_counts q WHERE q.service_id = s.id), 0),"
		"       qs_recent_service_seconds(s.id), qs_open_counters(d.id, s.id)"
		"  FROM departments d"
		"  LEFT JOIN services s ON s.department_id = d.id AND s.active"
		" WHERE d.active"
		" ORDER BY d.id, s.prefix", 0);
	PGresult *res;
	enum qs_rc rc;

	if ((rc = qs_db_run(db, &st, NULL, &res, err)))
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_public_service_row row = {
			.department_id = qs_db_long(res, i, 0),
			.department_name = PQgetvalue(res, i, 1),
			.timezone = PQgetvalue(res, i, 2),
			.open_now = PQgetvalue(res, i, 3)[0] == 't',
			.service_id = qs_db_long(res, i, 4),
			.service_name = PQgetvalue(res, i, 5),
			.prefix = PQgetvalue(res, i, 6),
			.description = PQgetvalue(res, i, 7),
			.avg_service_minutes = (int)qs_db_long(res, i, 8),
			.waiting = qs_db_long(res, i, 9),
			.recent_service_seconds = PQgetisnull(res, i, 10)
			                                  ? 0
			                                  : strtod(PQgetvalue(res, i, 10), NULL),
			.open_counters = (int)qs_db_long(res, i, 11),
		};
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_ping(struct qs_db *db, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT 1", 0);
	return qs_db_run(db, &st, NULL, NULL, err);
}

enum qs_rc db_display_snapshot(struct qs_db *db, long department_id, char **json,
                               struct qs_err *err)
{
	/* one statement: the seq and the lists come from the same snapshot */
	static struct qs_stmt st = QS_STMT(
		"SELECT json_build_object("
		"  'department', json_build_object('id', d.id, 'name', d.name),"
		"  'seq', d.event_seq,"
		"  'now_serving', coalesce((SELECT json_agg(json_build_object("
		"        'ticket_number', a.ticket_number, 'counter', a.counter,"
		"        'called_at', qs_ts(a.called_at), 'recall_count', a.recall_count)"
		"        ORDER BY a.called_at DESC, a.id DESC)"
		"      FROM (SELECT t.id, t.ticket_number, c.name AS counter, t.called_at, t.recall_count"
		"              FROM tickets t LEFT JOIN counters c ON c.id = t.counter_id"
		"             WHERE t.department_id = d.id AND t.status IN ('called', 'serving')"
		"             ORDER BY t.called_at DESC, t.id DESC"
		"             LIMIT (SELECT (value #>> '{}')::int FROM settings"
		"                     WHERE key = 'display_recent_count')) a), '[]'),"
		"  'waiting', coalesce((SELECT json_agg(json_build_object("
		"        'service_id', s.id, 'prefix', s.prefix, 'name', s.name,"
		"        'count', coalesce((SELECT q.waiting FROM queue_counts q"
		"                            WHERE q.service_id = s.id), 0),"
		"        'next', coalesce((SELECT json_agg(n.ticket_number)"
		"                            FROM (SELECT w.ticket_number FROM tickets w"
		"                                   WHERE w.service_id = s.id AND w.status = 'waiting'"
		"                                   ORDER BY (w.priority = 'high') DESC, w.queued_at, w.id"
		"                                   LIMIT 3) n), '[]'))"
		"        ORDER BY s.prefix)"
		"      FROM services s WHERE s.department_id = d.id AND s.active), '[]'),"
		"  'generated_at', qs_ts(now()))"
		"  FROM departments d WHERE d.id = $1 AND d.active", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, department_id, "department", &res, err);
	if (rc)
		return rc;
	*json = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return *json ? QS_OK : qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
}
