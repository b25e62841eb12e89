/* db_users: users SQL for the organisation screens (db_users.h). */
#include "db_users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAG(o) ((o).set ? "t" : "f")

/* The columns of struct qs_user, in this order (p: the table's alias). */
#define USER_COLUMNS(p) \
	p ".id, " p ".username, " p ".full_name, " p ".role, " p ".department_id, " p ".active, " \
	p ".token_version, qs_ts(" p ".created_at)"

static void user_from_row(const PGresult *res, int row, int col, struct qs_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = qs_db_long(res, row, col);
	snprintf(u->username, sizeof u->username, "%s", PQgetvalue(res, row, col + 1));
	snprintf(u->full_name, sizeof u->full_name, "%s", PQgetvalue(res, row, col + 2));
	snprintf(u->role, sizeof u->role, "%s", PQgetvalue(res, row, col + 3));
	u->department_id = qs_db_long(res, row, col + 4);    /* NULL: 0 */
	u->active = PQgetvalue(res, row, col + 5)[0] == 't';
	u->token_version = qs_db_long(res, row, col + 6);
	snprintf(u->created_at, sizeof u->created_at, "%s", PQgetvalue(res, row, col + 7));
}

void qs_user_page_cleanup(struct qs_user_page *p)
{
	free(p->items);
	p->items = NULL;
	p->n = 0;
}

enum qs_rc db_user_list(struct qs_db *db, const struct qs_user_filter *f, const struct qs_page *pg,
                        struct qs_user_page *out, struct qs_err *err)
{
	/* one row at least, which carries the total; the page's users, if any,
	 * beside it (an offset past the end leaves them NULL) */
	static struct qs_stmt st = QS_STMT(
		"WITH m AS (SELECT * FROM users u"
		"            WHERE ($1 = 0 OR u.department_id = $1)"
		"              AND ($2::text IS NULL OR u.role = $2)"
		"              AND ($3::int < 0 OR u.active = ($3::int = 1)))"
		" SELECT t.total, " USER_COLUMNS("p")
		"   FROM (SELECT count(*) AS total FROM m) t"
		"   LEFT JOIN LATERAL (SELECT * FROM m ORDER BY id LIMIT $4 OFFSET $5) p ON true"
		"  ORDER BY p.id", 5);
	char d[24], a[8], l[24], o[24];
	PGresult *res;
	snprintf(d, sizeof d, "%ld", f->department_id);
	snprintf(a, sizeof a, "%d", f->active);
	snprintf(l, sizeof l, "%ld", pg->limit);
	snprintf(o, sizeof o, "%ld", pg->offset);
	const char *params[] = { d, f->role, a, l, o };

	memset(out, 0, sizeof *out);
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	out->total = rows > 0 ? qs_db_long(res, 0, 0) : 0;
	if (rows > 0 && !PQgetisnull(res, 0, 1)) {
		out->items = calloc((size_t)rows, sizeof *out->items);
		if (!out->items) {
			PQclear(res);
			return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
		}
		for (int i = 0; i < rows; i++)
			user_from_row(res, i, 1, &out->items[out->n++]);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_user_get(struct qs_db *db, long id, struct qs_user *out, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT " USER_COLUMNS("u") " FROM users u WHERE u.id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "user", &res, err);
	if (rc)
		return rc;
	user_from_row(res, 0, 0, out);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_user_update(struct qs_db *db, long id, const struct qs_user_in *in,
                          struct qs_user *out, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE users u SET"
		"  full_name = CASE WHEN $2 THEN $3 ELSE u.full_name END,"
		"  role = CASE WHEN $4 THEN $5 ELSE u.role END,"
		"  department_id = CASE WHEN $6 THEN nullif($7::bigint, 0) ELSE u.department_id END,"
		"  active = CASE WHEN $8 THEN $9::boolean ELSE u.active END,"
		"  password_hash = CASE WHEN $10 THEN $11 ELSE u.password_hash END"
		" WHERE u.id = $1 RETURNING " USER_COLUMNS("u"), 11);
	char a[24], d[24];
	PGresult *res;
	snprintf(a, sizeof a, "%ld", id);
	snprintf(d, sizeof d, "%ld", in->department_id.v);
	const char *params[] = { a, FLAG(in->full_name), in->full_name.v, FLAG(in->role), in->role.v,
	                         FLAG(in->department_id), d, FLAG(in->active),
	                         in->active.v ? "t" : "f", FLAG(in->password_hash),
	                         in->password_hash.v };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "user not found");
	}
	user_from_row(res, 0, 0, out);
	PQclear(res);
	return QS_OK;
}
