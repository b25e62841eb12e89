/* db_users: users SQL for the organisation screens (db_users.h). */
#include "db_users.h"

#include <stdio.h>

#define FLAG(o) ((o).set ? "t" : "f")

enum qs_rc db_user_list(struct qs_db *db, const struct qs_user_filter *f, const struct qs_page *pg,
                        json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH m AS (SELECT * FROM users u"
		"            WHERE ($1 = 0 OR u.department_id = $1)"
		"              AND ($2::text IS NULL OR u.role = $2)"
		"              AND ($3::int < 0 OR u.active = ($3::int = 1)))"
		" SELECT json_build_object('total', (SELECT count(*) FROM m),"
		"  'items', coalesce((SELECT json_agg(qs_user_json(p) ORDER BY p.id)"
		"                      FROM (SELECT * FROM m ORDER BY id LIMIT $4 OFFSET $5) p), '[]'))",
		5);
	char d[24], a[8], l[24], o[24];
	snprintf(d, sizeof d, "%ld", f->department_id);
	snprintf(a, sizeof a, "%d", f->active);
	snprintf(l, sizeof l, "%ld", pg->limit);
	snprintf(o, sizeof o, "%ld", pg->offset);
	const char *params[] = { d, f->role, a, l, o };
	return qs_db_json(db, &st, params, "list", out, err);
}

enum qs_rc db_user_get(struct qs_db *db, long id, json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT qs_user_json(u) FROM users u WHERE u.id = $1", 1);
	char a[24];
	snprintf(a, sizeof a, "%ld", id);
	const char *params[] = { a };
	return qs_db_json(db, &st, params, "user", out, err);
}

enum qs_rc db_user_update(struct qs_db *db, long id, const struct qs_user_in *in,
                          json_object **out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE users u SET"
		"  full_name = CASE WHEN $2 THEN $3 ELSE u.full_name END,"
		"  role = CASE WHEN $4 THEN $5 ELSE u.role END,"
		"  department_id = CASE WHEN $6 THEN nullif($7::bigint, 0) ELSE u.department_id END,"
		"  active = CASE WHEN $8 THEN $9::boolean ELSE u.active END,"
		"  password_hash = CASE WHEN $10 THEN $11 ELSE u.password_hash END"
		" WHERE u.id = $1 RETURNING qs_user_json(u)", 11);
	char a[24], d[24];
	snprintf(a, sizeof a, "%ld", id);
	snprintf(d, sizeof d, "%ld", in->department_id.v);
	const char *params[] = { a, FLAG(in->full_name), in->full_name.v, FLAG(in->role), in->role.v,
	                         FLAG(in->department_id), d, FLAG(in->active),
	                         in->active.v ? "t" : "f", FLAG(in->password_hash),
	                         in->password_hash.v };
	return qs_db_json(db, &st, params, "user", out, err);
}
