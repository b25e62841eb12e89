/* svc_auth: authentication rules (svc_auth.h). */
#include "svc_auth.h"
#include "db_auth.h"
#include "events.h"
#include "qs_base64.h"
#include "qs_log.h"
#include "qs_password.h"
#include "qs_random.h"
#include "tx.h"

#include <ctype.h>
#include <stdbool.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void svc_auth_tokens_cleanup(struct svc_auth_tokens *t)
{
	free(t->access_token);
	memset(t, 0, sizeof *t);
}

static void sha256_of(const char *token, unsigned char out[32])
{
	SHA256((const unsigned char *)token, strlen(token), out);
}

/* A refresh token is REFRESH_TOKEN_BYTES random bytes in base64url without
 * padding: exactly REFRESH_TOKEN_CHARS characters of that alphabet. */
#define REFRESH_TOKEN_BYTES 32
#define REFRESH_TOKEN_CHARS ((REFRESH_TOKEN_BYTES * 4 + 2) / 3)
_Static_assert(sizeof ((struct svc_auth_tokens *)0)->refresh_token > REFRESH_TOKEN_CHARS,
               "room for the refresh token and its NUL");

static bool refresh_token_well_formed(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (n >= REFRESH_TOKEN_CHARS ||
		    !(isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_'))
			return false;
	return n == REFRESH_TOKEN_CHARS;
}

/* Inside the caller's transaction: a new refresh token in session sid, and
 * an access token for u. */
static enum qs_rc issue_pair(struct qs_ctx *ctx, const struct qs_user *u, long sid,
                             struct svc_auth_tokens *out, struct qs_err *err)
{
	unsigned char hash[32];
	enum qs_rc rc;

	if (qs_random_token(out->refresh_token, sizeof out->refresh_token, REFRESH_TOKEN_BYTES))
		return qs_err_set(err, QS_E_INTERNAL, NULL, "random generator failed");
	sha256_of(out->refresh_token, hash);
	if ((rc = db_auth_refresh_insert(&ctx->db, hash, sid, ctx->cfg->refresh_token_ttl_s, err)))
		return rc;

	struct qs_jwt_claims c = { .sub = u->id, .dept = u->department_id,
	                           .ver = u->token_version, .sid = sid };
	snprintf(c.role, sizeof c.role, "%s", u->role);
	c.iat = (long)time(NULL);
	c.exp = c.iat + ctx->cfg->access_token_ttl_s;
	if (qs_jwt_sign(&ctx->jwt, &c, &out->access_token))
		return qs_err_set(err, QS_E_INTERNAL, NULL, "cannot sign a token");
	out->expires_in = ctx->cfg->access_token_ttl_s;
	out->user = *u;
	return QS_OK;
}

/* Rate-limit keys: the username lower-cased (so case variants share one
 * budget) and the client address. */
static void limit_keys(const char *username, const char *addr, char *ukey, size_t ulen,
                       char *akey, size_t alen)
{
	size_t n = (size_t)snprintf(ukey, ulen, "qstream:login:user:");
	for (const char *p = username; *p && n + 1 < ulen; p++)
		ukey[n++] = (char)tolower((unsigned char)*p);
	ukey[n] = '\0';
	snprintf(akey, alen, "qstream:login:addr:%s", addr);
}

static enum qs_rc check_limits(struct qs_ctx *ctx, const char *ukey, const char *akey,
                               struct qs_err *err)
{
	long count, ttl;
	/* Redis down: limits are best effort, the login goes on */
	if (qs_redis_get_window(&ctx->redis, ukey, &count, &ttl) == 0 &&
	    count >= ctx->cfg->login_max_failures_user) {
		qs_err_set(err, QS_E_RATE_LIMITED, NULL, "too many failed logins, try again later");
		err->retry_after = (int)(ttl > 0 ? ttl : 1);
		return QS_E_RATE_LIMITED;
	}
	if (qs_redis_get_window(&ctx->redis, akey, &count, &ttl) == 0 &&
	    count >= ctx->cfg->login_max_failures_addr) {
		qs_err_set(err, QS_E_RATE_LIMITED, NULL, "too many failed logins, try again later");
		err->retry_after = (int)(ttl > 0 ? ttl : 1);
		return QS_E_RATE_LIMITED;
	}
	return QS_OK;
}

/* A new session and its token pair, in one transaction (tx.h): at login,
 * and after a password change, which first sets the new hash and ends every
 * other session of the user (announced to the bridges after COMMIT). */
struct session {
	struct qs_user *user;
	struct svc_auth_tokens *out;
	long sid;
	long version;           /* of the revocation, when the password changed */
	const char *new_hash;   /* NULL: a login */
	int revoked;
};

static enum qs_rc session_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	(void)tx;
	struct session *sn = arg;
	enum qs_rc rc;
	svc_auth_tokens_cleanup(sn->out);       /* a retried attempt issues its own pair */
	if (sn->new_hash &&
	    ((rc = db_auth_set_password(&ctx->db, sn->user->id, sn->new_hash, err)) ||
	     (rc = db_auth_user_revoke_all(&ctx->db, sn->user->id, "password_changed", &sn->version,
	                                   err)) ||
	     (rc = db_auth_user_by_id(&ctx->db, sn->user->id, sn->user, NULL, 0, err))))
		return rc;
	sn->revoked = sn->new_hash != NULL;
	if ((rc = db_auth_session_create(&ctx->db, sn->user->id, ctx->cfg->refresh_token_ttl_s,
	                                 &sn->sid, err)))
		return rc;
	return issue_pair(ctx, sn->user, sn->sid, sn->out, err);
}

static void session_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	(void)tx;
	const struct session *sn = arg;
	if (sn->revoked)
		qs_event_publish_revoked(ctx, sn->user->id, 0, sn->version);
}

enum qs_rc svc_auth_login(struct qs_ctx *ctx, const char *username, const char *password,
                          const char *client_addr, struct svc_auth_tokens *out,
                          struct qs_err *err)
{
	struct qs_user u;
	char hash[QS_PASSWORD_HASH_MAX + 64] = "";
	char ukey[128], akey[128];
	int found = 0;
	long count, ttl;
	enum qs_rc rc;

	memset(out, 0, sizeof *out);
	limit_keys(username, client_addr, ukey, sizeof ukey, akey, sizeof akey);
	if ((rc = check_limits(ctx, ukey, akey, err)))
		return rc;
	if ((rc = db_auth_user_by_username(&ctx->db, username, &u, hash, sizeof hash, &found, err)))
		return rc;
	/* the same Argon2id work whether or not the user exists */
	int ok = qs_password_verify(found ? hash : NULL, password) && found && u.active;
	if (!ok) {
		qs_redis_incr_window(&ctx->redis, ukey, ctx->cfg->login_window_s, &count, &ttl);
		qs_redis_incr_window(&ctx->redis, akey, ctx->cfg->login_window_s, &count, &ttl);
		qs_log_info("login_failed", "addr=%s", client_addr);
		return qs_err_set(err, QS_E_UNAUTHENTICATED, "invalid_credentials",
		                  "wrong username or password");
	}
	qs_redis_del(&ctx->redis, ukey);

	struct session sn = { &u, out, 0, 0, NULL, 0 };
	static const struct qs_tx_frame frame = { session_body, NULL, 0 };
	if ((rc = qs_tx_run(ctx, &frame, &sn, err))) {
		svc_auth_tokens_cleanup(out);
		return rc;
	}
	qs_log_info("login", "user=%ld sid=%ld", u.id, sn.sid);
	return QS_OK;
}

static enum qs_rc invalid_token(struct qs_err *err)
{
	return qs_err_set(err, QS_E_UNAUTHENTICATED, "invalid_token", "the token is not valid");
}

enum qs_rc svc_auth_refresh(struct qs_ctx *ctx, const char *refresh_token,
                            struct svc_auth_tokens *out, struct qs_err *err)
{
	struct qs_refresh_row row;
	struct qs_user u;
	unsigned char hash[32];
	int found = 0;
	enum qs_rc rc;

	memset(out, 0, sizeof *out);
	/* anything else (an access token, a long or empty string) is a
	 * credential that is not valid, not a malformed request */
	if (!refresh_token_well_formed(refresh_token))
		return invalid_token(err);
	sha256_of(refresh_token, hash);
	/* Not the services' frame (tx.h): a replayed token commits the end of
	 * its session and still answers 401, which the frame cannot say. */
	if ((rc = qs_db_begin(&ctx->db, err)))
		return rc;
	if ((rc = db_auth_refresh_lock(&ctx->db, hash, &row, &found, err)))
		goto fail;
	if (!found) {
		rc = invalid_token(err);
		goto fail;
	}
	if (row.used) {
		/* replayed: whoever holds the newer token and whoever replays
		 * this one cannot be told apart, so the session ends for both */
		if ((rc = db_auth_session_revoke(&ctx->db, row.session_id, "refresh_reuse", err)) ||
		    (rc = qs_db_commit(&ctx->db, err)))
			goto fail;
		qs_log_warn("refresh_reuse", "user=%ld sid=%ld", row.user_id, row.session_id);
		qs_event_publish_revoked(ctx, row.user_id, row.session_id, 0);
		return invalid_token(err);
	}
	if (!row.usable) {
		rc = invalid_token(err);
		goto fail;
	}
	if ((rc = db_auth_user_by_id(&ctx->db, row.user_id, &u, NULL, 0, err)))
		goto fail;
	if (!u.active) {
		rc = invalid_token(err);
		goto fail;
	}
	if ((rc = db_auth_refresh_mark_used(&ctx->db, hash, err)) ||
	    (rc = issue_pair(ctx, &u, row.session_id, out, err)) ||
	    (rc = qs_db_commit(&ctx->db, err)))
		goto fail;
	return QS_OK;
fail:
	qs_db_rollback(&ctx->db);
	svc_auth_tokens_cleanup(out);
	return rc;
}

enum qs_rc svc_auth_logout(struct qs_ctx *ctx, const struct qs_principal *who, struct qs_err *err)
{
	enum qs_rc rc = db_auth_session_revoke(&ctx->db, who->session_id, "logout", err);
	if (!rc) {
		qs_log_info("logout", "user=%ld sid=%ld", who->user_id, who->session_id);
		qs_event_publish_revoked(ctx, who->user_id, who->session_id, 0);
	}
	return rc;
}

enum qs_rc svc_auth_logout_all(struct qs_ctx *ctx, const struct qs_principal *who,
                               struct qs_err *err)
{
	long version;
	enum qs_rc rc = db_auth_user_revoke_all(&ctx->db, who->user_id, "logout_all", &version, err);
	if (!rc) {
		qs_log_info("logout_all", "user=%ld", who->user_id);
		qs_event_publish_revoked(ctx, who->user_id, 0, version);
	}
	return rc;
}

enum qs_rc svc_auth_me(struct qs_ctx *ctx, const struct qs_principal *who, struct qs_user *out,
                       struct qs_err *err)
{
	return db_auth_user_by_id(&ctx->db, who->user_id, out, NULL, 0, err);
}

enum qs_rc svc_auth_change_password(struct qs_ctx *ctx, const struct qs_principal *who,
                                    const char *current, const char *new_password,
                                    struct svc_auth_tokens *out, struct qs_err *err)
{
	struct qs_user u;
	char hash[QS_PASSWORD_HASH_MAX + 64], fresh[QS_PASSWORD_HASH_MAX];
	enum qs_rc rc;

	memset(out, 0, sizeof *out);
	if ((rc = db_auth_user_by_id(&ctx->db, who->user_id, &u, hash, sizeof hash, err)))
		return rc;
	const char *issue = qs_password_policy(new_password, u.username);
	if (issue)
		return qs_err_field(err, "new_password", issue);
	if (!qs_password_verify(hash, current)) {
		qs_err_set(err, QS_E_VALIDATION, NULL, "current_password is wrong");
		qs_err_add_detail(err, "current_password", "invalid");
		return QS_E_VALIDATION;
	}
	if (qs_password_hash(new_password, fresh, sizeof fresh))
		return qs_err_set(err, QS_E_INTERNAL, NULL, "cannot hash the password");

	struct session sn = { &u, out, 0, 0, fresh, 0 };
	static const struct qs_tx_frame frame = { session_body, session_publish, 0 };
	if ((rc = qs_tx_run(ctx, &frame, &sn, err))) {
		svc_auth_tokens_cleanup(out);
		return rc;
	}
	qs_log_info("password_changed", "user=%ld", u.id);
	return QS_OK;
}

enum qs_rc svc_auth_authenticate(struct qs_ctx *ctx, const char *authorization,
                                 struct qs_principal *who, struct qs_err *err)
{
	struct qs_jwt_claims c;
	int ok = 0;
	enum qs_rc rc;

	memset(who, 0, sizeof *who);
	if (!authorization || !*authorization)
		return qs_err_set(err, QS_E_UNAUTHENTICATED, NULL, "authentication required");
	if (strncasecmp(authorization, "Bearer ", 7) != 0)
		return invalid_token(err);
	switch (qs_jwt_verify(&ctx->jwt, authorization + 7, (long)time(NULL), &c)) {
	case QS_JWT_OK:
		break;
	case QS_JWT_EXPIRED:
		return qs_err_set(err, QS_E_UNAUTHENTICATED, "token_expired", "the token has expired");
	default:
		return invalid_token(err);
	}
	/* revocation is instant: the user, version and session are checked now */
	if ((rc = db_auth_principal(&ctx->db, c.sub, c.sid, c.ver, who, &ok, err)))
		return rc;
	/* a token that names another role or department than the user has now
	 * is stale or forged, whatever its signature says */
	if (!ok || strcmp(who->role, c.role) != 0 || who->department_id != c.dept) {
		memset(who, 0, sizeof *who);
		return invalid_token(err);
	}
	return QS_OK;
}
