/* db_assistant: the assistant's own statements (db_assistant.h). */
#include "db_assistant.h"

#include <stdio.h>
#include <stdlib.h>

enum qs_rc db_assistant_names(struct qs_db *db, long dept,
                              void (*on_department)(long id, const char *name, void *),
                              void (*on_service)(long id, const char *name, void *), void *arg,
                              struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT 'd', id, name FROM departments WHERE active"
		" UNION ALL"
		" SELECT 's', id, name FROM services WHERE department_id = $1 AND active"
		" ORDER BY 1, 2", 1);
	char d[24];
	PGresult *res;
	snprintf(d, sizeof d, "%ld", dept);
	const char *params[] = { d };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		long id = qs_db_long(res, i, 1);
		if (PQgetvalue(res, i, 0)[0] == 'd')
			on_department(id, PQgetvalue(res, i, 2), arg);
		else
			on_service(id, PQgetvalue(res, i, 2), arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_assistant_busiest(struct qs_db *db, long dept, const char *day,
                                void (*fn)(const char *kind, int weekday, int hour,
                                           double arrivals, void *),
                                void *arg, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH d AS (SELECT timezone FROM departments WHERE id = $1),"
		"     t AS (SELECT t.created_at AT TIME ZONE d.timezone AS l, t.service_day"
		"             FROM tickets t, d"
		"            WHERE t.department_id = $1"
		"              AND t.service_day BETWEEN $2::date - 56 AND $2::date - 1),"
		"     h AS (SELECT extract(isodow FROM l)::integer AS wd, extract(hour FROM l)::integer AS hr,"
		"                  count(*) / 8.0 AS n FROM t GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 3),"
		"     w AS (SELECT extract(isodow FROM service_day)::integer AS wd, count(*) / 8.0 AS n"
		"             FROM t GROUP BY 1)"
		"SELECT 'hour', wd, hr, n::double precision FROM h"
		" UNION ALL SELECT 'day', wd, -1, n::double precision FROM w"
		" ORDER BY 1 DESC, 4 DESC, 2", 2);
	char d[24];
	PGresult *res;
	snprintf(d, sizeof d, "%ld", dept);
	const char *params[] = { d, day };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++)
		fn(PQgetvalue(res, i, 0), (int)qs_db_long(res, i, 1), (int)qs_db_long(res, i, 2),
		   strtod(PQgetvalue(res, i, 3), NULL), arg);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_assistant_complaints(struct qs_db *db, long dept,
                                   void (*fn)(const char *message, void *), void *arg,
                                   long *total, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT message, count(*) OVER () FROM complaints"
		" WHERE department_id = $1 AND status = 'open'"
		" ORDER BY created_at DESC, id DESC LIMIT 500", 1);
	char d[24];
	PGresult *res;
	snprintf(d, sizeof d, "%ld", dept);
	const char *params[] = { d };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*total = PQntuples(res) ? qs_db_long(res, 0, 1) : 0;
	for (int i = 0; i < PQntuples(res); i++)
		fn(PQgetvalue(res, i, 0), arg);
	PQclear(res);
	return QS_OK;
}
