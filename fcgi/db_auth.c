/* db_auth: credential, session and refresh-token SQL (db_auth.h). */
#include "db_auth.h"
#include "qs_http.h"

#include <stdio.h>
#include <string.h>

#define USER_COLUMNS \
	"u.id, u.username, u.full_name, u.role, u.department_id, u.active, u.token_version," \
	" qs_ts(u.created_at), u.password_hash"

static void fill_user(const PGresult *res, struct qs_user *u, char *hash, size_t hashlen)
{
	memset(u, 0, sizeof *u);
	u->id = qs_db_long(res, 0, 0);
	snprintf(u->username, sizeof u->username, "%s", PQgetvalue(res, 0, 1));
	snprintf(u->full_name, sizeof u->full_name, "%s", PQgetvalue(res, 0, 2));
	snprintf(u->role, sizeof u->role, "%s", PQgetvalue(res, 0, 3));
	u->department_id = qs_db_long(res, 0, 4);
	u->active = PQgetvalue(res, 0, 5)[0] == 't';
	u->token_version = qs_db_long(res, 0, 6);
	snprintf(u->created_at, sizeof u->created_at, "%s", PQgetvalue(res, 0, 7));
	if (hash)
		snprintf(hash, hashlen, "%s", PQgetvalue(res, 0, 8));
}

enum qs_rc db_auth_user_by_username(struct qs_db *db, const char *username, struct qs_user *u,
                                    char *hash, size_t hashlen, int *found, struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("SELECT " USER_COLUMNS " FROM users u WHERE u.username = $1", 1);
	PGresult *res;
	const char *params[] = { username };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*found = PQntuples(res) == 1;
	if (*found)
		fill_user(res, u, hash, hashlen);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_auth_user_by_id(struct qs_db *db, long id, struct qs_user *u, char *hash,
                              size_t hashlen, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT("SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1", 1);
	PGresult *res;
	enum qs_rc rc = qs_db_row_by_id(db, &st, id, "user", &res, err);
	if (rc)
		return rc;
	fill_user(res, u, hash, hashlen);
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_auth_session_create(struct qs_db *db, long user_id, int ttl_s, long *sid,
                                  struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO auth_sessions (user_id, expires_at)"
		" VALUES ($1, now() + make_interval(secs => $2)) RETURNING id", 2);
	char uid[24], ttl[16];
	PGresult *res;
	snprintf(uid, sizeof uid, "%ld", user_id);
	snprintf(ttl, sizeof ttl, "%d", ttl_s);
	const char *params[] = { uid, ttl };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*sid = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}

/* bytea in text form: \x followed by hex */
static void hex32(const unsigned char *hash, char out[67])
{
	out[0] = '\\';
	out[1] = 'x';
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 + 2 * i, 3, "%02x", hash[i]);
}

enum qs_rc db_auth_refresh_insert(struct qs_db *db, const unsigned char *hash, long sid,
                                  int ttl_s, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO refresh_tokens (token_hash, session_id, expires_at)"
		" VALUES ($1, $2, now() + make_interval(secs => $3))", 3);
	char h[67], s[24], ttl[16];
	hex32(hash, h);
	snprintf(s, sizeof s, "%ld", sid);
	snprintf(ttl, sizeof ttl, "%d", ttl_s);
	const char *params[] = { h, s, ttl };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_auth_refresh_lock(struct qs_db *db, const unsigned char *hash,
                                struct qs_refresh_row *row, int *found, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT r.session_id, s.user_id, r.used_at IS NOT NULL,"
		"       r.expires_at > now() AND s.expires_at > now() AND s.revoked_at IS NULL"
		"  FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id"
		" WHERE r.token_hash = $1"
		"   FOR UPDATE OF r, s", 1);
	char h[67];
	PGresult *res;
	hex32(hash, h);
	const char *params[] = { h };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*found = PQntuples(res) == 1;
	if (*found) {
		row->session_id = qs_db_long(res, 0, 0);
		row->user_id = qs_db_long(res, 0, 1);
		row->used = PQgetvalue(res, 0, 2)[0] == 't';
		row->usable = PQgetvalue(res, 0, 3)[0] == 't';
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_auth_refresh_mark_used(struct qs_db *db, const unsigned char *hash,
                                     struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1", 1);
	char h[67];
	hex32(hash, h);
	const char *params[] = { h };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_auth_session_revoke(struct qs_db *db, long sid, const char *reason,
                                  struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2"
		" WHERE id = $1 AND revoked_at IS NULL", 2);
	char s[24];
	snprintf(s, sizeof s, "%ld", sid);
	const char *params[] = { s, reason };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_auth_user_revoke_all(struct qs_db *db, long user_id, const char *reason,
                                   long *version, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"WITH v AS (UPDATE users SET token_version = token_version + 1 WHERE id = $1"
		"           RETURNING token_version),"
		"     s AS (UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2"
		"            WHERE user_id = $1 AND revoked_at IS NULL)"
		" SELECT token_version FROM v", 2);
	char u[24];
	PGresult *res;
	snprintf(u, sizeof u, "%ld", user_id);
	const char *params[] = { u, reason };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*version = PQntuples(res) == 1 ? qs_db_long(res, 0, 0) : 0;
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_auth_set_password(struct qs_db *db, long user_id, const char *hash,
                                struct qs_err *err)
{
	static struct qs_stmt st =
		QS_STMT("UPDATE users SET password_hash = $2 WHERE id = $1", 2);
	char u[24];
	snprintf(u, sizeof u, "%ld", user_id);
	const char *params[] = { u, hash };
	return qs_db_run(db, &st, params, NULL, err);
}

enum qs_rc db_auth_principal(struct qs_db *db, long user_id, long sid, long ver,
                             struct qs_principal *who, int *ok, struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"SELECT u.role, u.department_id"
		"  FROM users u JOIN auth_sessions s ON s.user_id = u.id"
		" WHERE u.id = $1 AND s.id = $2 AND u.token_version = $3 AND u.active"
		"   AND s.revoked_at IS NULL AND s.expires_at > now()", 3);
	char u[24], s[24], v[24];
	PGresult *res;
	snprintf(u, sizeof u, "%ld", user_id);
	snprintf(s, sizeof s, "%ld", sid);
	snprintf(v, sizeof v, "%ld", ver);
	const char *params[] = { u, s, v };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*ok = PQntuples(res) == 1;
	if (*ok) {
		who->authenticated = 1;
		who->user_id = user_id;
		who->session_id = sid;
		snprintf(who->role, sizeof who->role, "%s", PQgetvalue(res, 0, 0));
		who->department_id = qs_db_long(res, 0, 1);
	}
	PQclear(res);
	return QS_OK;
}

enum qs_rc db_user_insert(struct qs_db *db, const char *username, const char *full_name,
                          const char *hash, const char *role, long department_id, long *id,
                          struct qs_err *err)
{
	static struct qs_stmt st = QS_STMT(
		"INSERT INTO users (username, full_name, password_hash, role, department_id)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id", 5);
	char dept[24];
	PGresult *res;
	snprintf(dept, sizeof dept, "%ld", department_id);
	const char *params[] = { username, full_name, hash, role, department_id > 0 ? dept : NULL };
	enum qs_rc rc = qs_db_run(db, &st, params, &res, err);
	if (rc)
		return rc;
	*id = qs_db_long(res, 0, 0);
	PQclear(res);
	return QS_OK;
}
