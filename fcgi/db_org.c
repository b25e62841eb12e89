/* db_org: organisation SQL (db_org.h). */
#include "db_org.h"

#include <stdio.h>
#include <stdlib.h>

#define L(buf, v) snprintf(buf, sizeof buf, "%ld", (long)(v))
#define FLAG(o) ((o).set ? "t" : "f")

/* The list shape of the contract, from one filtered, paged query. */
#define LIST_SQL(table, fn, cond) \
	"SELECT json_build_object('total', (SELECT count(*) FROM " table " x WHERE " cond ")," \
	" 'items', coalesce((SELECT json_agg(" fn "(x) ORDER BY x.id) FROM" \
	" (SELECT * FROM " table " x WHERE " cond " ORDER BY x.id LIMIT $2 OFFSET $3) x), '[]'))"

static enum qs_rc list3(struct qs_db *db, struct qs_stmt *st, long id, const struct qs_page *pg,
                        json_object **out, struct qs_err *err)
{
	char a[24], b[24], c[24];
	L(a, id);
	L(b, pg->limit);
	L(c, pg->offset);
	const char *params[] = { a, b, c };
	return qs_db_json(db, st, params, "list", out, err);
}

static enum qs_rc by_id(struct qs_db *db, struct qs_stmt *st, long id, const char *what,
                        json_object **out, struct qs_err *err)
{
	char a[24];
	L(a, id);
	const char *params[] = { a };
	return qs_db_json(db, st, params, what, out, err);
}

/* ---- departments ---- */

enum qs_rc db_department_list(struct qs_db *db, long only_id, const struct qs_page *pg,
                              json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		LIST_SQL("departments", "qs_department_json", "($1 = 0 OR x.id = $1)"), 3);
	return list3(db, &st, only_id, pg, out, err);
}

enum qs_rc db_department_get(struct qs_db *db, long id, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT qs_department_json(d) FROM departments d WHERE d.id = $1", 1);
	return by_id(db, &st, id, "department", out, err);
}

enum qs_rc db_department_insert(struct qs_db *db, const struct qs_department_in *in,
                                json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO departments AS d (name, timezone, sla_wait_minutes, opening_hours)"
		" VALUES ($1, $2, coalesce($3::int, 15), $4::jsonb) RETURNING qs_department_json(d)", 4);
	char sla[24];
	L(sla, in->sla_wait_minutes.v);
	const char *params[] = { in->name.v, in->timezone.v, in->sla_wait_minutes.set ? sla : NULL,
	                         in->opening_hours.set ? in->opening_hours.v : NULL };
	return qs_db_json(db, &st, params, "department", out, err);
}

enum qs_rc db_department_update(struct qs_db *db, long id, const struct qs_department_in *in,
                                json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE departments d SET"
		"  name = CASE WHEN $2 THEN $3 ELSE d.name END,"
		"  timezone = CASE WHEN $4 THEN $5 ELSE d.timezone END,"
		"  sla_wait_minutes = CASE WHEN $6 THEN $7::int ELSE d.sla_wait_minutes END,"
		"  opening_hours = CASE WHEN $8 THEN $9::jsonb ELSE d.opening_hours END,"
		"  active = CASE WHEN $10 THEN $11::boolean ELSE d.active END"
		" WHERE d.id = $1 RETURNING qs_department_json(d)", 11);
	char a[24], sla[24];
	L(a, id);
	L(sla, in->sla_wait_minutes.v);
	const char *params[] = { a, FLAG(in->name), in->name.v, FLAG(in->timezone), in->timezone.v,
	                         FLAG(in->sla_wait_minutes), sla, FLAG(in->opening_hours),
	                         in->opening_hours.v, FLAG(in->active), in->active.v ? "t" : "f" };
	return qs_db_json(db, &st, params, "department", out, err);
}

enum qs_rc db_timezone_valid(struct qs_db *db, const char *tz, int *valid, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT qs_valid_timezone($1)", 1);
	PGresult *res;
	const char *params[] = { tz };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*valid = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return QS_OK;
}

/* ---- services ---- */

enum qs_rc db_service_list(struct qs_db *db, long department_id, const struct qs_page *pg,
                           json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT(LIST_SQL("services", "qs_service_json", "x.department_id = $1"), 3);
	return list3(db, &st, department_id, pg, out, err);
}

enum qs_rc db_service_get(struct qs_db *db, long id, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT qs_service_json(s) FROM services s WHERE s.id = $1", 1);
	return by_id(db, &st, id, "service", out, err);
}

enum qs_rc db_service_insert(struct qs_db *db, long department_id, const struct qs_service_in *in,
                             json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO services AS s (department_id, name, prefix, description, avg_service_minutes)"
		" VALUES ($1, $2, $3, coalesce($4, ''), coalesce($5::int, 5))"
		" RETURNING qs_service_json(s)", 5);
	char d[24], avg[24];
	L(d, department_id);
	L(avg, in->avg_service_minutes.v);
	const char *params[] = { d, in->name.v, in->prefix.v, in->description.v,
	                         in->avg_service_minutes.set ? avg : NULL };
	return qs_db_json(db, &st, params, "service", out, err);
}

enum qs_rc db_service_update(struct qs_db *db, long id, const struct qs_service_in *in,
                             json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE services s SET"
		"  name = CASE WHEN $2 THEN $3 ELSE s.name END,"
		"  prefix = CASE WHEN $4 THEN $5 ELSE s.prefix END,"
		"  description = CASE WHEN $6 THEN coalesce($7, '') ELSE s.description END,"
		"  avg_service_minutes = CASE WHEN $8 THEN $9::int ELSE s.avg_service_minutes END,"
		"  active = CASE WHEN $10 THEN $11::boolean ELSE s.active END"
		" WHERE s.id = $1 RETURNING qs_service_json(s)", 11);
	char a[24], avg[24];
	L(a, id);
	L(avg, in->avg_service_minutes.v);
	const char *params[] = { a, FLAG(in->name), in->name.v, FLAG(in->prefix), in->prefix.v,
	                         FLAG(in->description), in->description.v,
	                         FLAG(in->avg_service_minutes), avg, FLAG(in->active),
	                         in->active.v ? "t" : "f" };
	return qs_db_json(db, &st, params, "service", out, err);
}

enum qs_rc db_services_count_active(struct qs_db *db, long department_id, const char *ids,
                                    long *count, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT count(*) FROM services"
		" WHERE department_id = $1 AND active AND id = ANY($2::bigint[])", 2);
	char d[24];
	PGresult *res;
	L(d, department_id);
	const char *params[] = { d, ids };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*count = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

/* ---- counters ---- */

enum qs_rc db_counter_list(struct qs_db *db, long department_id, const struct qs_page *pg,
                           json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT(LIST_SQL("counters", "qs_counter_json", "x.department_id = $1"), 3);
	return list3(db, &st, department_id, pg, out, err);
}

enum qs_rc db_counter_get(struct qs_db *db, long id, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT qs_counter_json(c) FROM counters c WHERE c.id = $1", 1);
	return by_id(db, &st, id, "counter", out, err);
}

enum qs_rc db_counter_insert(struct qs_db *db, long department_id, const char *name, long *id,
                             struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO counters (department_id, name) VALUES ($1, $2) RETURNING id", 2);
	char d[24];
	PGresult *res;
	L(d, department_id);
	const char *params[] = { d, name };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*id = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_counter_update(struct qs_db *db, long id, const struct qs_counter_in *in,
                             struct qs_err *err)
{
	/* a counter taken out of use is closed as well */
	static struct qs_stmt st = QS_STMT(
		"UPDATE counters c SET"
		"  name = CASE WHEN $2 THEN $3 ELSE c.name END,"
		"  active = CASE WHEN $4 THEN $5::boolean ELSE c.active END,"
		"  state = CASE WHEN $4 AND NOT $5::boolean THEN 'closed' ELSE c.state END,"
		"  staff_id = CASE WHEN $4 AND NOT $5::boolean THEN NULL ELSE c.staff_id END"
		" WHERE c.id = $1", 5);
	char a[24];
	L(a, id);
	const char *params[] = { a, FLAG(in->name), in->name.v, FLAG(in->active),
	                         in->active.v ? "t" : "f" };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_counter_set_services(struct qs_db *db, long id, const char *ids,
                                   struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH gone AS (DELETE FROM counter_services WHERE counter_id = $1)"
		" INSERT INTO counter_services (counter_id, service_id)"
		" SELECT $1, s FROM (SELECT DISTINCT unnest($2::bigint[]) AS s) u", 2);
	char a[24];
	L(a, id);
	const char *params[] = { a, ids };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_counter_set_state(struct qs_db *db, long id, const char *state, long user_id,
                                int *changed, struct qs_err *err)
{
	/* open: take a free counter (or keep one's own); pause: one's own;
	 * close: any, by whoever the service allowed to */
	static struct qs_stmt st = QS_STMT(
		"UPDATE counters c SET state = $2,"
		"  staff_id = CASE WHEN $2 = 'closed' THEN NULL ELSE $3::bigint END,"
		"  state_changed_at = CASE WHEN c.state = $2 AND c.staff_id IS NOT DISTINCT FROM"
		"                              (CASE WHEN $2 = 'closed' THEN NULL ELSE $3::bigint END)"
		"                         THEN c.state_changed_at ELSE now() END"
		" WHERE c.id = $1 AND c.active"
		"   AND ($2 = 'closed' OR c.staff_id IS NULL OR c.staff_id = $3::bigint)"
		"   AND ($2 <> 'paused' OR c.staff_id = $3::bigint)", 3);
	char a[24], u[24];
	PGresult *res;
	L(a, id);
	L(u, user_id);
	const char *params[] = { a, state, u };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*changed = atol(PQcmdTuples(res)) > 0;
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_object_department(struct qs_db *db, enum qs_object kind, long id, long *dept,
                                struct qs_err *err)
{
	static struct qs_stmt svc = QS_STMT("SELECT department_id FROM services WHERE id = $1", 1);
	static struct qs_stmt ctr = QS_STMT("SELECT department_id FROM counters WHERE id = $1", 1);
	static struct qs_stmt usr = QS_STMT("SELECT department_id FROM users WHERE id = $1", 1);
	static const char *const what[] = { "service", "counter", "user" };
	struct qs_stmt *st = kind == QS_OBJ_SERVICE ? &svc : kind == QS_OBJ_COUNTER ? &ctr : &usr;
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, st, id, what[kind], &res, err);
	if (rc)
		return rc;
	*dept = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

/* ---- settings ---- */

enum qs_rc db_settings_get(struct qs_db *db, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM settings", 0);
	return qs_db_json(db, &st, NULL, "settings", out, err);
}

enum qs_rc db_settings_update(struct qs_db *db, const char *patch, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO settings (key, value) SELECT key, value FROM jsonb_each($1::jsonb)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()", 1);
	const char *params[] = { patch };
	return qs_db_run(db, &st, params, NULL, err);
}
