/* db_dashboard: dashboard queries (db_dashboard.h). */
#include "db_dashboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L(buf, v) snprintf(buf, sizeof buf, "%ld", (long)(v))

/* The twelve figure columns, in the order of struct qs_figures' reading. */
#define FIGURES "f.arrivals, f.served, f.no_shows, f.cancelled, f.avg_wait_seconds," \
	" f.p90_wait_seconds, f.avg_service_seconds, f.avg_call_to_start_seconds," \
	" f.sla_met_pct, f.avg_rating, f.ratings, f.complaints"
/* the same twelve from a row of the daily rollup (no complaints there) */
#define FIGURES_ROLLED "f.arrivals, f.served, f.no_shows, f.cancelled, f.avg_wait_seconds," \
	" f.p90_wait_seconds, f.avg_service_seconds, f.avg_call_to_start_seconds," \
	" f.sla_met_pct, f.avg_rating, f.ratings, NULL::bigint"

static double dbl(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NAN : strtod(PQgetvalue(res, row, col), NULL);
}

static void figures_at(const PGresult *res, int row, int c, struct qs_figures *f)
{
	f->arrivals = qs_db_long(res, row, c);
	f->served = qs_db_long(res, row, c + 1);
	f->no_shows = qs_db_long(res, row, c + 2);
	f->cancelled = qs_db_long(res, row, c + 3);
	f->avg_wait_s = dbl(res, row, c + 4);
	f->p90_wait_s = dbl(res, row, c + 5);
	f->avg_service_s = dbl(res, row, c + 6);
	f->avg_call_to_start_s = dbl(res, row, c + 7);
	f->sla_met_pct = dbl(res, row, c + 8);
	f->avg_rating = dbl(res, row, c + 9);
	f->ratings = qs_db_long(res, row, c + 10);
	f->complaints = qs_db_long(res, row, c + 11);
}

enum qs_rc db_dash_scope(struct qs_db *db, long dept, struct qs_dash_scope *out,
                         struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT count(*), coalesce(max(qs_service_day(d.timezone, now())),"
		"                          (now() AT TIME ZONE 'UTC')::date)::text,"
		"       CASE WHEN $1 > 0 THEN min(d.timezone) END,"
		"       CASE WHEN $1 > 0 THEN min(d.sla_wait_minutes) END"
		"  FROM departments d WHERE d.id = ANY (qs_depts($1))", 1);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	out->department_id = dept;
	out->departments = qs_db_long(res, 0, 0);
	snprintf(out->today, sizeof out->today, "%s", PQgetvalue(res, 0, 1));
	snprintf(out->timezone, sizeof out->timezone, "%s", PQgetvalue(res, 0, 2));
	out->sla_wait_minutes = (int)qs_db_long(res, 0, 3);
	PQclear(res);
	if (dept > 0 && out->departments == 0)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
	return QS_OK;
}

enum qs_rc db_dash_rolled(struct qs_db *db, long dept, const char *day, int *rolled,
                          struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT EXISTS (SELECT 1 FROM dashboard_days WHERE department_id = $1"
		"                AND service_day = $2::date AND service_id = 0 AND filled)", 2);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a, day };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*rolled = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_live(struct qs_db *db, long dept, struct qs_dash_live *out,
                        struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH d AS (SELECT qs_depts($1) AS ids)"
		"SELECT (SELECT count(*) FROM tickets t, d"
		"         WHERE t.department_id = ANY (d.ids) AND t.status = 'waiting'),"
		"       (SELECT count(*) FROM tickets t, d"
		"         WHERE t.department_id = ANY (d.ids) AND t.status IN ('called', 'serving')),"
		"       (SELECT count(*) FROM counters k, d"
		"         WHERE k.department_id = ANY (d.ids) AND k.active AND k.state = 'open'),"
		"       (SELECT count(*) FROM complaints c, d"
		"         WHERE c.department_id = ANY (d.ids) AND c.status = 'open')", 1);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	out->waiting_now = qs_db_long(res, 0, 0);
	out->serving_now = qs_db_long(res, 0, 1);
	out->open_counters = qs_db_long(res, 0, 2);
	out->open_complaints = qs_db_long(res, 0, 3);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_day(struct qs_db *db, long dept, const char *day, long user, int rolled,
                       struct qs_figures *out, struct qs_err *err)
{
	static struct qs_stmt st_day = QS_STMT(
		"SELECT " FIGURES " FROM qs_dashboard_figures(qs_depts($1), $2::date, $2::date, 'day') f",
		2);
	static struct qs_stmt st_user = QS_STMT(
		"SELECT " FIGURES " FROM qs_dashboard_figures(qs_depts($1), $2::date, $2::date, 'staff') f"
		" WHERE f.key_id = $3", 3);
	static struct qs_stmt st_rolled = QS_STMT(
		"SELECT " FIGURES_ROLLED " FROM dashboard_days f"
		" WHERE f.department_id = $1 AND f.service_day = $2::date AND f.service_id = 0"
		"   AND f.filled AND f.arrivals > 0", 2);
	char a[24], u[24];
	PGresult *res;
	L(a, dept);
	L(u, user);
	const char *params[] = { a, day, u };
	enum qs_rc rc = qs_db_run(db, user > 0 ? &st_user : rolled ? &st_rolled : &st_day, params,
	                          &res, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	if (PQntuples(res) == 1) {
		figures_at(res, 0, 0, out);
	} else {
		out->avg_wait_s = out->p90_wait_s = out->avg_service_s = NAN;
		out->avg_call_to_start_s = out->sla_met_pct = out->avg_rating = NAN;
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_by_service(struct qs_db *db, long dept, const char *day, int rolled,
                              void (*fn)(const struct qs_dash_service_row *, void *),
                              void *arg, struct qs_err *err)
{
	/* active services, and retired ones that had tickets that day */
	static struct qs_stmt st = QS_STMT(
		"SELECT s.id, s.department_id, s.name, s.prefix,"
		"       (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting'),"
		"       " FIGURES
		"  FROM services s"
		"  LEFT JOIN qs_dashboard_figures(qs_depts($1), $2::date, $2::date, 'service') f"
		"         ON f.key_id = s.id"
		" WHERE s.department_id = ANY (qs_depts($1)) AND (s.active OR f.key_id IS NOT NULL)"
		" ORDER BY s.department_id, s.prefix, s.id", 2);
	static struct qs_stmt st_rolled = QS_STMT(
		"SELECT s.id, s.department_id, s.name, s.prefix,"
		"       (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting'),"
		"       " FIGURES_ROLLED
		"  FROM services s"
		"  LEFT JOIN dashboard_days f ON f.department_id = $1 AND f.service_day = $2::date"
		"                            AND f.service_id = s.id"
		" WHERE s.department_id = $1 AND (s.active OR f.service_id IS NOT NULL)"
		" ORDER BY s.department_id, s.prefix, s.id", 2);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a, day };
	enum qs_rc rc = qs_db_run(db, rolled ? &st_rolled : &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_dash_service_row row = {
			.service_id = qs_db_long(res, i, 0),
			.department_id = qs_db_long(res, i, 1),
			.name = PQgetvalue(res, i, 2),
			.prefix = PQgetvalue(res, i, 3),
			.waiting_now = qs_db_long(res, i, 4),
		};
		figures_at(res, i, 5, &row.f);
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_by_hour(struct qs_db *db, long dept, const char *day, const char *tz,
                           int rolled, void (*fn)(const struct qs_dash_hour_row *, void *), void *arg,
                           struct qs_err *err)
{
	/* one department: its true local hours, each ticket in the hour it was
	 * taken (arrivals, wait) or completed (served) */
	static struct qs_stmt st_zone = QS_STMT(
		"SELECT hour, qs_ts(start_at), arrivals, served, avg_wait_seconds"
		"  FROM qs_dashboard_hours($1, $2::date)", 2);
	/* a closed day the rollup holds */
	static struct qs_stmt st_rolled = QS_STMT(
		"SELECT h.hour, h.start, h.arrivals, h.served, h.avg_wait_seconds"
		"  FROM dashboard_days r,"
		"       jsonb_to_recordset(r.hours) AS h(hour integer, start text, arrivals bigint,"
		"                                        served bigint, avg_wait_seconds double precision)"
		" WHERE r.department_id = $1 AND r.service_day = $2::date AND r.service_id = 0"
		"   AND r.filled", 2);
	/* several departments: by local hour label, each in its own zone */
	static struct qs_stmt st_labels = QS_STMT(
		"WITH f AS (SELECT created_at, completed_at, status, wait_seconds, timezone"
		"             FROM qs_ticket_facts"
		"            WHERE department_id = ANY (qs_depts($1)) AND service_day = $2::date),"
		"     a AS (SELECT extract(hour FROM created_at AT TIME ZONE timezone)::integer AS i,"
		"                  count(*) AS n, avg(wait_seconds) AS w FROM f GROUP BY 1),"
		"     s AS (SELECT extract(hour FROM completed_at AT TIME ZONE timezone)::integer AS i,"
		"                  count(*) AS n FROM f WHERE status = 'completed' GROUP BY 1)"
		"SELECT h.i, NULL, coalesce(a.n, 0), coalesce(s.n, 0), a.w"
		"  FROM generate_series(0, 23) AS h(i) LEFT JOIN a USING (i) LEFT JOIN s USING (i)"
		" ORDER BY h.i", 2);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a, day };
	enum qs_rc rc = qs_db_run(db, !tz ? &st_labels : rolled ? &st_rolled : &st_zone, params,
	                          &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_dash_hour_row row = {
			.hour = (int)qs_db_long(res, i, 0),
			.start = qs_db_str(res, i, 1),
			.arrivals = qs_db_long(res, i, 2),
			.served = qs_db_long(res, i, 3),
			.avg_wait_s = dbl(res, i, 4),
		};
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_by_department(struct qs_db *db, const char *day,
                                 void (*fn)(const struct qs_dash_department_row *, void *),
                                 void *arg, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT d.id, d.name, d.timezone,"
		"       (SELECT count(*) FROM tickets t WHERE t.department_id = d.id AND t.status = 'waiting'),"
		"       (SELECT count(*) FROM tickets t"
		"         WHERE t.department_id = d.id AND t.status IN ('called', 'serving')),"
		"       (SELECT count(*) FROM counters k"
		"         WHERE k.department_id = d.id AND k.active AND k.state = 'open'),"
		"       (SELECT count(*) FROM complaints c WHERE c.department_id = d.id AND c.status = 'open'),"
		"       " FIGURES
		"  FROM departments d"
		"  LEFT JOIN qs_dashboard_figures(qs_depts(0), $1::date, $1::date, 'department') f"
		"         ON f.key_id = d.id"
		" WHERE d.active ORDER BY d.name, d.id", 1);
	PGresult *res;
	const char *params[] = { day };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_dash_department_row row = {
			.department_id = qs_db_long(res, i, 0),
			.name = PQgetvalue(res, i, 1),
			.timezone = PQgetvalue(res, i, 2),
			.live = { qs_db_long(res, i, 3), qs_db_long(res, i, 4), qs_db_long(res, i, 5),
			          qs_db_long(res, i, 6) },
		};
		figures_at(res, i, 7, &row.f);
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_trend(struct qs_db *db, long dept, const char *from, const char *to,
                         void (*fn)(const struct qs_dash_day_row *, void *), void *arg,
                         struct qs_err *err)
{
	/* one department: its daily rollup where it holds the day (migration
	 * 007); all departments together: from the tickets */
	static struct qs_stmt st_one = QS_STMT(
		"SELECT g.day::date::text, " FIGURES
		"  FROM generate_series($2::date, $3::date, interval '1 day') AS g(day)"
		"  LEFT JOIN qs_dashboard_trend($1, $2::date, $3::date) f ON f.key_day = g.day::date"
		" ORDER BY g.day", 3);
	static struct qs_stmt st_all = QS_STMT(
		"SELECT g.day::date::text, " FIGURES
		"  FROM generate_series($2::date, $3::date, interval '1 day') AS g(day)"
		"  LEFT JOIN qs_dashboard_figures(qs_depts($1), $2::date, $3::date, 'day') f"
		"         ON f.key_day = g.day::date"
		" ORDER BY g.day", 3);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a, from, to };
	enum qs_rc rc = qs_db_run(db, dept > 0 ? &st_one : &st_all, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_dash_day_row row = { .date = PQgetvalue(res, i, 0) };
		figures_at(res, i, 1, &row.f);
		fn(&row, arg);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dash_staff(struct qs_db *db, long dept, const char *from, const char *to,
                         long user, long limit, long offset,
                         void (*fn)(const struct qs_dash_staff_row *, void *), void *arg,
                         long *total, struct qs_err *err)
{
	/* the active staff of the departments, and anyone who served there */
	static struct qs_stmt st = QS_STMT(
		"SELECT u.id, u.full_name, count(*) OVER (), " FIGURES
		"  FROM users u"
		"  LEFT JOIN qs_dashboard_figures(qs_depts($1), $2::date, $3::date, 'staff') f"
		"         ON f.key_id = u.id"
		" WHERE ((u.role = 'staff' AND u.active AND u.department_id = ANY (qs_depts($1)))"
		"        OR f.key_id IS NOT NULL)"
		"   AND ($4 = 0 OR u.id = $4)"
		" ORDER BY coalesce(f.served, 0) DESC, u.full_name, u.id"
		" LIMIT $5 OFFSET $6", 6);
	char a[24], u[24], l[24], o[24];
	PGresult *res;
	L(a, dept);
	L(u, user);
	L(l, limit);
	L(o, offset);
	const char *params[] = { a, from, to, u, l, o };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*total = PQntuples(res) ? qs_db_long(res, 0, 2) : 0;
	for (int i = 0; i < PQntuples(res); i++) {
		struct qs_dash_staff_row row = {
			.user_id = qs_db_long(res, i, 0),
			.full_name = PQgetvalue(res, i, 1),
		};
		figures_at(res, i, 3, &row.f);
		fn(&row, arg);
	}
	PQclear(res);
	if (*total == 0 && offset > 0) {
		/* a page past the end: the total still tells how many there are */
		static struct qs_stmt st_count = QS_STMT(
			"SELECT count(*) FROM users u"
			"  LEFT JOIN qs_dashboard_figures(qs_depts($1), $2::date, $3::date, 'staff') f"
			"         ON f.key_id = u.id"
			" WHERE ((u.role = 'staff' AND u.active AND u.department_id = ANY (qs_depts($1)))"
			"        OR f.key_id IS NOT NULL)"
			"   AND ($4 = 0 OR u.id = $4)", 4);
		if ((rc = qs_db_run(db, &st_count, params, &res, err)))
			return rc;
		*total = qs_db_long(res, 0, 0);
		PQclear(res);
	}
	return QS_OK;
}

enum qs_rc db_dash_alerts(struct qs_db *db, long dept, int idle_seconds,
                          void (*fn)(long dept, const char *alerts, const char *fingerprint,
                                     void *),
                          void *arg, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT department_id, alerts, fingerprint"
		"  FROM qs_dashboard_alerts(CASE WHEN $1 > 0 THEN ARRAY[$1::bigint] END, now(), $2)"
		" ORDER BY department_id", 2);
	char a[24], s[24];
	PGresult *res;
	L(a, dept);
	L(s, idle_seconds);
	const char *params[] = { a, s };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(res); i++)
		fn(qs_db_long(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), arg);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_alert_job_lock(struct qs_db *db, int *held, struct qs_err *err)
{
	/* 0x5153 ("QS"), 1: the alert job; CASE evaluates lazily, so a session
	 * that holds the lock does not stack it again every tick */
	static struct qs_stmt st = QS_STMT(
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
		"                           AND pid = pg_backend_pid() AND classid = 20819"
		"                           AND objid = 1 AND objsubid = 2 AND granted)"
		"            THEN true ELSE pg_try_advisory_lock(20819, 1) END", 0);
	PGresult *res;
	enum qs_rc rc = qs_db_run(db, &st, NULL, &res, err);
	if (rc)
		return rc;
	*held = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_alert_state_swap(struct qs_db *db, long dept, const char *alerts,
                               const char *fingerprint, int *changed, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO alert_state AS a (department_id, fingerprint, alerts)"
		" SELECT $1, $3, $2::jsonb"
		/* no row yet counts as no alert: a quiet department costs no event */
		"  WHERE coalesce((SELECT fingerprint FROM alert_state WHERE department_id = $1),"
		"                 md5('')) <> $3"
		" ON CONFLICT (department_id) DO UPDATE"
		"   SET fingerprint = EXCLUDED.fingerprint, alerts = EXCLUDED.alerts, updated_at = now()"
		" WHERE a.fingerprint <> EXCLUDED.fingerprint", 3);
	char a[24];
	PGresult *res;
	L(a, dept);
	const char *params[] = { a, alerts, fingerprint };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*changed = atol(PQcmdTuples(res)) > 0;
	PQclear(res);
	return QS_OK;
}

const char *const qs_export_header[QS_EXPORT_COLUMNS] = {
	"department", "service_day", "ticket_number", "service", "status", "priority",
	"created_at", "called_at", "serving_at", "completed_at", "wait_seconds",
	"service_seconds", "within_sla", "counter", "served_by", "recall_count", "transferred_from",
	"rating", "rating_comment", "customer_name", "customer_phone", "notes",
};

#define LOCAL(t) "date_part('epoch', " t ")::bigint, (date_part('epoch', " t " AT TIME ZONE" \
	" f.timezone) - date_part('epoch', " t "))::integer"

enum qs_rc db_dash_export_open(struct qs_db *db, long dept, const char *from, const char *to,
                               struct qs_err *err)
{
	/* the columns of qs_export_header, in its order */
	static const char sql[] =
		"DECLARE qs_export NO SCROLL CURSOR FOR"
		" SELECT d.name, f.service_day::text, f.ticket_number, s.name, f.status, f.priority,"
		/* each time as its instant and the zone's offset then; C writes
		 * them (to_char in SQL made the export three times slower) */
		"        " LOCAL("f.created_at") ", " LOCAL("f.called_at") ","
		"        " LOCAL("f.serving_at") ", " LOCAL("f.completed_at") ","
		"        round(f.wait_seconds)::bigint, round(f.service_seconds)::bigint,"
		"        CASE f.within_sla WHEN true THEN 'yes' WHEN false THEN 'no' END,"
		"        k.name, u.full_name, f.recall_count, x.name, f.rating, f.rating_comment,"
		"        f.customer_name, f.customer_phone, f.notes"
		"   FROM qs_ticket_facts f"
		"   JOIN departments d ON d.id = f.department_id"
		"   JOIN services s ON s.id = f.service_id"
		"   LEFT JOIN counters k ON k.id = f.counter_id"
		"   LEFT JOIN users u ON u.id = f.served_by"
		"   LEFT JOIN services x ON x.id = f.transferred_from_service_id"
		"  WHERE f.department_id = ANY (qs_depts($1::bigint))"
		"    AND f.service_day BETWEEN $2::date AND $3::date"
		"  ORDER BY f.department_id, f.service_day, f.created_at, f.id";
	char a[24];
	L(a, dept);
	const char *params[] = { a, from, to };
	return qs_db_run_unprepared(db, sql, 3, params, NULL, err);
}

enum qs_rc db_dash_export_fetch(struct qs_db *db, int max,
                                int (*fn)(const char *const *fields, const int *lens, void *),
                                void *arg, int *rows, struct qs_err *err)
{
	char sql[48];
	PGresult *res;
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM qs_export", max);
	enum qs_rc rc = qs_db_run_unprepared(db, sql, 0, NULL, &res, err);
	if (rc)
		return rc;
	*rows = PQntuples(res);
	for (int i = 0; i < *rows; i++) {
		/* columns: 6 texts, 4 times as (instant, offset), 12 texts */
		const char *fields[QS_EXPORT_COLUMNS];
		int lens[QS_EXPORT_COLUMNS];
		char stamps[4][QS_STAMP_LEN];
		for (int c = 0, col = 0; c < QS_EXPORT_COLUMNS; c++) {
			if (c >= 6 && c < 10) {
				int k = c - 6;
				if (PQgetisnull(res, i, col))
					stamps[k][0] = '\0';
				else
					qs_local_stamp(strtoll(PQgetvalue(res, i, col), NULL, 10),
					               (int)qs_db_long(res, i, col + 1), stamps[k]);
				fields[c] = stamps[k];
				lens[c] = (int)strlen(stamps[k]);
				col += 2;
				continue;
			}
			fields[c] = PQgetvalue(res, i, col);
			lens[c] = PQgetlength(res, i, col);
			col++;
		}
		if (fn(fields, lens, arg)) {
			*rows = 0;      /* the client went away: stop */
			break;
		}
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_dashboard_rollup(struct qs_db *db, int max_days, int *filled, struct qs_err *err)
{
	static struct qs_stmt reserve = QS_STMT("SELECT qs_dashboard_rollup_reserve($1)", 1);
	static struct qs_stmt fill = QS_STMT("SELECT qs_dashboard_rollup_fill()", 0);
	char n[24];
	PGresult *res;
	L(n, max_days);
	const char *params[] = { n };
	static struct qs_stmt clear = QS_STMT("SELECT qs_dashboard_rollup_clear()", 0);
	/* the history generator's lock too (migration 008) */
	static struct qs_stmt lock = QS_STMT("SELECT qs_rollup_lock()", 0);
	/* reserve, then clear and fill in another transaction: migration 007 */
	enum qs_rc rc = qs_db_run(db, &reserve, params, NULL, err);
	if (rc || (rc = qs_db_begin(db, err)))
		return rc;
	if ((rc = qs_db_run(db, &lock, NULL, NULL, err)) ||
	    (rc = qs_db_run(db, &clear, NULL, NULL, err)) ||
	    (rc = qs_db_run(db, &fill, NULL, &res, err))) {
		qs_db_rollback(db);
		return rc;
	}
	*filled = (int)qs_db_long(res, 0, 0);
	PQclear(res);
	return qs_db_commit(db, err);
}
