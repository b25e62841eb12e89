/* db_schedule: shift, schedule and staffing SQL (db_schedule.h). */
#include "db_schedule.h"
#include "ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L(buf, v) snprintf(buf, sizeof buf, "%ld", (long)(v))

enum qs_rc db_shift_list(struct qs_db *db, long dept, int all, const struct qs_page *pg,
                         json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT json_build_object('items', coalesce((SELECT json_agg(qs_shift_json(s)"
		"                                                  ORDER BY s.start_time, s.name)"
		"    FROM (SELECT * FROM shifts WHERE department_id = $1 AND (active OR $2)"
		"           ORDER BY start_time, name LIMIT $3 OFFSET $4) s), '[]'),"
		"  'total', (SELECT count(*) FROM shifts WHERE department_id = $1 AND (active OR $2)))", 4);
	char d[24], l[24], o[24];
	L(d, dept);
	L(l, pg->limit);
	L(o, pg->offset);
	const char *params[] = { d, all ? "t" : "f", l, o };
	return qs_db_json(db, &st, params, "shifts", out, err);
}

enum qs_rc db_shift_get(struct qs_db *db, long id, struct qs_shift_row *out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT department_id, active, qs_hhmm(start_time), qs_hhmm(end_time)"
		"  FROM shifts WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "shift", &res, err);
	if (rc)
		return rc;
	out->id = id;
	out->department_id = qs_db_long(res, 0, 0);
	out->active = PQgetvalue(res, 0, 1)[0] == 't';
	snprintf(out->start_time, sizeof out->start_time, "%s", PQgetvalue(res, 0, 2));
	snprintf(out->end_time, sizeof out->end_time, "%s", PQgetvalue(res, 0, 3));
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_shift_json(struct qs_db *db, long id, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT qs_shift_json(s) FROM shifts s WHERE id = $1", 1);
	char i[24];
	L(i, id);
	const char *params[] = { i };
	return qs_db_json(db, &st, params, "shift", out, err);
}

enum qs_rc db_shift_insert(struct qs_db *db, long dept, const char *name, const char *start,
                           const char *end, long *id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO shifts (department_id, name, start_time, end_time)"
		" VALUES ($1, $2, $3::time, $4::time) RETURNING id", 4);
	char d[24];
	PGresult *res;
	L(d, dept);
	const char *params[] = { d, name, start, end };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*id = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_shift_update(struct qs_db *db, long id, const char *name, const char *start,
                           const char *end, const char *active, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE shifts SET name = coalesce($2, name),"
		"       start_time = coalesce($3::time, start_time),"
		"       end_time = coalesce($4::time, end_time),"
		"       active = coalesce($5::boolean, active)"
		" WHERE id = $1", 5);
	char i[24];
	L(i, id);
	const char *params[] = { i, name, start, end, active };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_shift_future(struct qs_db *db, long id, long *count, char first[11],
                           struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT count(*), coalesce(min(day)::text, '') FROM schedules"
		" WHERE shift_id = $1 AND upper(span) > now()", 1);
	char i[24];
	PGresult *res;
	L(i, id);
	const char *params[] = { i };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*count = qs_db_long(res, 0, 0);
	snprintf(first, 11, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_person(struct qs_db *db, long user_id, long *dept, int *active,
                              struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT coalesce(department_id, 0), active AND role <> 'admin' FROM users WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, user_id, "user", &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	*active = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_counter(struct qs_db *db, long counter_id, long *dept, int *active,
                               struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT department_id, active FROM counters WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, counter_id, "counter", &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	*active = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_insert(struct qs_db *db, long dept, long user_id, long shift_id,
                              const char *day, long counter_id, long created_by, long *id,
                              struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO schedules (department_id, user_id, shift_id, day, counter_id, span, created_by)"
		" SELECT $1, $2, s.id, $4::date, nullif($5, 0),"
		"        qs_shift_span($4::date, s.start_time, s.end_time, d.timezone), $6"
		"   FROM shifts s JOIN departments d ON d.id = s.department_id WHERE s.id = $3"
		" RETURNING id", 6);
	char d[24], u[24], s[24], c[24], by[24];
	PGresult *res;
	L(d, dept);
	L(u, user_id);
	L(s, shift_id);
	L(c, counter_id);
	L(by, created_by);
	const char *params[] = { d, u, s, day, c, by };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*id = PQntuples(res) ? qs_db_long(res, 0, 0) : 0;
	PQclear(res);
	if (!*id)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "shift not found");
	return QS_OK;
}

enum qs_rc db_schedule_overlapping(struct qs_db *db, long user_id, long shift_id,
                                   const char *day, long *other, char *what, size_t whatlen,
                                   struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT x.id, o.name || ' on ' || x.day::text"
		"  FROM shifts s JOIN departments d ON d.id = s.department_id,"
		"       schedules x JOIN shifts o ON o.id = x.shift_id"
		" WHERE s.id = $2 AND x.user_id = $1"
		"   AND x.span && qs_shift_span($3::date, s.start_time, s.end_time, d.timezone)"
		" ORDER BY lower(x.span) LIMIT 1", 3);
	char u[24], s[24];
	PGresult *res;
	L(u, user_id);
	L(s, shift_id);
	const char *params[] = { u, s, day };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*other = PQntuples(res) ? qs_db_long(res, 0, 0) : 0;
	snprintf(what, whatlen, "%s", PQntuples(res) ? PQgetvalue(res, 0, 1) : "");
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_owner(struct qs_db *db, long id, long *dept, long *user_id,
                             struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT department_id, user_id FROM schedules WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "schedule", &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	*user_id = qs_db_long(res, 0, 1);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_delete(struct qs_db *db, long id, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("DELETE FROM schedules WHERE id = $1", 1);
	char i[24];
	L(i, id);
	const char *params[] = { i };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_schedule_json_list(struct qs_db *db, const char *ids, json_object **out,
                                 struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT coalesce(json_agg(qs_schedule_json(x) ORDER BY x.id), '[]')"
		"  FROM schedules x WHERE x.id = ANY ($1::bigint[])", 1);
	const char *params[] = { ids };
	return qs_db_json(db, &st, params, "schedules", out, err);
}

enum qs_rc db_schedule_list(struct qs_db *db, long dept, long user_id, const char *from,
                            const char *to, const struct qs_page *pg, json_object **out,
                            struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH m AS (SELECT * FROM schedules x"
		"            WHERE ($1 = 0 OR x.department_id = $1) AND ($2 = 0 OR x.user_id = $2)"
		"              AND x.day BETWEEN $3::date AND $4::date)"
		"SELECT json_build_object('items', coalesce((SELECT json_agg(qs_schedule_json(p)"
		"                                                  ORDER BY lower(p.span), p.user_id)"
		"    FROM (SELECT * FROM m ORDER BY lower(span), user_id LIMIT $5 OFFSET $6) p), '[]'),"
		"  'total', (SELECT count(*) FROM m))", 6);
	char d[24], u[24], l[24], o[24];
	L(d, dept);
	L(u, user_id);
	L(l, pg->limit);
	L(o, pg->offset);
	const char *params[] = { d, u, from, to, l, o };
	return qs_db_json(db, &st, params, "schedules", out, err);
}

enum qs_rc db_staffing_department(struct qs_db *db, long dept, char tz[64], int *sla_minutes,
                                  char today[11], struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT timezone, sla_wait_minutes, qs_service_day(timezone, now())::text"
		"  FROM departments WHERE id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, dept, "department", &res, err);
	if (rc)
		return rc;
	snprintf(tz, 64, "%s", PQgetvalue(res, 0, 0));
	*sla_minutes = (int)qs_db_long(res, 0, 1);
	snprintf(today, 11, "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_staffing_hours(struct qs_db *db, long dept, const char *day,
                             void (*fn)(const struct qs_staffing_row *, void *), void *arg,
                             struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT hour, qs_ts(start_at), scheduled, expected_arrivals, aht_seconds"
		"  FROM qs_staffing_hours($1, $2::date)", 2);
	char d[24];
	PGresult *res;
	L(d, dept);
	const char *params[] = { d, day };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_staffing_row row = {
			.hour = (int)qs_db_long(res, i, 0),
			.start = PQgetvalue(res, i, 1),
			.scheduled = qs_db_long(res, i, 2),
			.expected_arrivals = strtod(PQgetvalue(res, i, 3), NULL),
			.aht_seconds = strtod(PQgetvalue(res, i, 4), NULL),
		};
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_schedule_zone(struct qs_db *db, long dept, const char *from, const char *to,
                            char name[201], char tz[64], int *offset_s,
                            struct qs_ics_transition **transitions, size_t *n,
                            struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH d AS (SELECT coalesce((SELECT name FROM departments WHERE id = $1), 'QStream') AS name,"
		"                  coalesce((SELECT timezone FROM departments WHERE id = $1), 'UTC') AS tz),"
		"     g AS (SELECT at, date_part('epoch', (at AT TIME ZONE d.tz) - (at AT TIME ZONE 'UTC'))::integer AS off"
		"             FROM d, generate_series(($2::date - 370)::timestamp AT TIME ZONE 'UTC',"
		"                                     ($3::date + 2)::timestamp AT TIME ZONE 'UTC',"
		"                                     interval '1 hour') AS at),"
		"     c AS (SELECT at, off, lag(off) OVER (ORDER BY at) AS prev FROM g)"
		"SELECT d.name, d.tz, (SELECT off FROM g ORDER BY at DESC LIMIT 1),"
		"       c.at IS NOT NULL, date_part('epoch', c.at)::bigint, c.prev, c.off"
		"  FROM d LEFT JOIN c ON c.prev <> c.off ORDER BY c.at", 3);
	char d[24];
	PGresult *res;
	snprintf(d, sizeof d, "%ld", dept);
	const char *params[] = { d, from, to };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	*n = 0;
	*transitions = calloc(rows ? (size_t)rows : 1, sizeof **transitions);
	if (!*transitions) {
		PQclear(res);
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	}
	snprintf(name, 201, "%s", rows ? PQgetvalue(res, 0, 0) : "QStream");
	snprintf(tz, 64, "%s", rows ? PQgetvalue(res, 0, 1) : "UTC");
	*offset_s = rows ? (int)qs_db_long(res, 0, 2) : 0;
	for (int i = 0; i < rows; i++) {
		if (PQgetvalue(res, i, 3)[0] != 't')
			continue;
		(*transitions)[(*n)++] = (struct qs_ics_transition){
			strtoll(PQgetvalue(res, i, 4), NULL, 10),
			(int)qs_db_long(res, i, 5), (int)qs_db_long(res, i, 6) };
	}
	PQclear(res);
	return QS_OK;
}
