/* h_auth: the /auth routes. */
#include "ctx.h"
#include "handlers.h"
#include "qs_json.h"
#include "svc_auth.h"
#include "view_user.h"

#include "qs_password.h"

#include <ctype.h>
#include <limits.h>

/* Parse the body against fields; frees nothing, *body must be put by the caller. */
enum qs_rc h_read_body(struct qs_req *req, const struct qs_field *fields, size_t n,
                       json_object **body, struct qs_err *err)
{
	enum qs_rc rc = qs_json_parse_object(req->body, req->body_len, body, err);
	if (rc)
		return rc;
	return qs_json_read_fields(*body, fields, n, err);
}

static void reply_tokens(struct qs_req *req, struct svc_auth_tokens *t)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "access_token", json_object_new_string(t->access_token));
	json_object_object_add(o, "refresh_token", json_object_new_string(t->refresh_token));
	json_object_object_add(o, "token_type", json_object_new_string("bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(t->expires_in));
	json_object_object_add(o, "user", qs_user_json(&t->user));
	qs_reply_json(req, 200, o);
	svc_auth_tokens_cleanup(t);
}

/* A username as the users table allows it (3 to 64 of a-z 0-9 . _ -), with
 * capitals taken as small letters (the table holds no capitals): into
 * out[65], or the issue for the error details. */
static const char *login_username(const char *in, char out[65])
{
	size_t n = 0;
	for (; in[n]; n++) {
		if (n == 64)
			return "too_long";
		char c = (char)tolower((unsigned char)in[n]);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return "invalid";
		out[n] = c;
	}
	out[n] = '\0';
	return n < 3 ? "too_short" : NULL;
}

/* POST /auth/login {username, password}: input that no account can have
 * (the users table's username, the contract's 8 to 128 characters of a
 * password) is 400 with the field, before any lookup, and counts as no
 * failed login. */
enum qs_rc h_auth_login(struct qs_req *req, struct qs_err *err)
{
	const char *username = NULL, *password = NULL, *issue;
	char name[65];
	json_object *body = NULL;
	struct svc_auth_tokens t;
	const struct qs_field fields[] = {
		{ "username", QS_F_STR, 1, 1, 1024, &username, NULL, NULL },
		{ "password", QS_F_STR, 1, QS_PASSWORD_MIN, QS_PASSWORD_MAX, &password, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, 2, &body, err);
	if (!rc && (issue = login_username(username, name)))
		rc = qs_err_field(err, "username", issue);
	if (!rc)
		rc = svc_auth_login(req->ctx, name, password, req->client_addr, &t, err);
	if (!rc)
		reply_tokens(req, &t);
	json_object_put(body);
	return rc;
}

/* POST /auth/refresh {refresh_token}: any string is read here; one that
 * is not shaped like a refresh token is 401 invalid_token (the service
 * checks the shape), like one that is unknown. */
enum qs_rc h_auth_refresh(struct qs_req *req, struct qs_err *err)
{
	const char *token = NULL;
	json_object *body = NULL;
	struct svc_auth_tokens t;
	const struct qs_field fields[] = {
		{ "refresh_token", QS_F_STR, 1, 0, LONG_MAX, &token, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, 1, &body, err);
	if (!rc)
		rc = svc_auth_refresh(req->ctx, token, &t, err);
	if (!rc)
		reply_tokens(req, &t);
	json_object_put(body);
	return rc;
}

/* POST /auth/logout */
enum qs_rc h_auth_logout(struct qs_req *req, struct qs_err *err)
{
	enum qs_rc rc = svc_auth_logout(req->ctx, &req->who, err);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}

/* POST /auth/logout-all */
enum qs_rc h_auth_logout_all(struct qs_req *req, struct qs_err *err)
{
	enum qs_rc rc = svc_auth_logout_all(req->ctx, &req->who, err);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}

/* GET /auth/me */
enum qs_rc h_auth_me(struct qs_req *req, struct qs_err *err)
{
	struct qs_user u;
	enum qs_rc rc = svc_auth_me(req->ctx, &req->who, &u, err);
	if (!rc)
		qs_reply_json(req, 200, qs_user_json(&u));
	return rc;
}

/* POST /auth/password {current_password, new_password} */
enum qs_rc h_auth_password(struct qs_req *req, struct qs_err *err)
{
	const char *current = NULL, *fresh = NULL;
	json_object *body = NULL;
	struct svc_auth_tokens t;
	const struct qs_field fields[] = {
		{ "current_password", QS_F_STR, 1, 1, 1024, &current, NULL, NULL },
		{ "new_password", QS_F_STR, 1, 1, 1024, &fresh, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, 2, &body, err);
	if (!rc)
		rc = svc_auth_change_password(req->ctx, &req->who, current, fresh, &t, err);
	if (!rc)
		reply_tokens(req, &t);
	json_object_put(body);
	return rc;
}
