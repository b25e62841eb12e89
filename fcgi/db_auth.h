/* db_auth: users as credentials, login sessions and refresh tokens. */
#ifndef QS_DB_AUTH_H
#define QS_DB_AUTH_H

#include "qs_db.h"
#include "user.h"

/* The user and their password hash (hashlen bytes of room); *found = 0 when
 * no such username. */
enum qs_rc db_auth_user_by_username(struct qs_db *db, const char *username, struct qs_user *u,
                                    char *hash, size_t hashlen, int *found, struct qs_err *err);
/* QS_E_NOT_FOUND when absent. */
enum qs_rc db_auth_user_by_id(struct qs_db *db, long id, struct qs_user *u, char *hash,
                              size_t hashlen, struct qs_err *err);

enum qs_rc db_auth_session_create(struct qs_db *db, long user_id, int ttl_s, long *sid,
                                  struct qs_err *err);
/* hash: the 32-byte SHA-256 of the token. */
enum qs_rc db_auth_refresh_insert(struct qs_db *db, const unsigned char *hash, long sid,
                                  int ttl_s, struct qs_err *err);

struct qs_refresh_row {
	long session_id, user_id;
	int used;               /* presented before: a replay */
	int usable;             /* token and session unexpired, session open */
};
/* Look a refresh token up and lock it and its session; *found = 0 when unknown. */
enum qs_rc db_auth_refresh_lock(struct qs_db *db, const unsigned char *hash,
                                struct qs_refresh_row *row, int *found, struct qs_err *err);
enum qs_rc db_auth_refresh_mark_used(struct qs_db *db, const unsigned char *hash,
                                     struct qs_err *err);

enum qs_rc db_auth_session_revoke(struct qs_db *db, long sid, const char *reason,
                                  struct qs_err *err);
/* Revoke every open session of the user and bump the token version, so that
 * every token of the user dies at once; *version is the new one (0 when the
 * user does not exist). */
enum qs_rc db_auth_user_revoke_all(struct qs_db *db, long user_id, const char *reason,
                                   long *version, struct qs_err *err);
enum qs_rc db_auth_set_password(struct qs_db *db, long user_id, const char *hash,
                                struct qs_err *err);

/* What an access token's holder is now: *ok = 0 unless the user is active,
 * the token version matches and the session is open. */
struct qs_principal;
enum qs_rc db_auth_principal(struct qs_db *db, long user_id, long sid, long ver,
                             struct qs_principal *who, int *ok, struct qs_err *err);

/* Create a user (used by --create-admin and the users service). */
enum qs_rc db_user_insert(struct qs_db *db, const char *username, const char *full_name,
                          const char *hash, const char *role, long department_id, long *id,
                          struct qs_err *err);

#endif
