/* svc_auth: login, token refresh and revocation, and who is asking. */
#ifndef QS_SVC_AUTH_H
#define QS_SVC_AUTH_H

#include "ctx.h"
#include "qs_http.h"
#include "qs_jwt.h"
#include "user.h"

/* A fresh token pair and its user; release with svc_auth_tokens_cleanup(). */
struct svc_auth_tokens {
	char *access_token;
	char refresh_token[48];
	int expires_in;
	struct qs_user user;
};
void svc_auth_tokens_cleanup(struct svc_auth_tokens *t);

/* 401 invalid_credentials for a wrong username or password alike (same
 * work either way); 429 rate_limited after too many failures per username or
 * per client address. */
enum qs_rc svc_auth_login(struct qs_ctx *ctx, const char *username, const char *password,
                          const char *client_addr, struct svc_auth_tokens *out,
                          struct qs_err *err);

/* Rotate: the presented token is used up and a new pair issued.  A token
 * presented a second time revokes its whole session. */
enum qs_rc svc_auth_refresh(struct qs_ctx *ctx, const char *refresh_token,
                            struct svc_auth_tokens *out, struct qs_err *err);

enum qs_rc svc_auth_logout(struct qs_ctx *ctx, const struct qs_principal *who, struct qs_err *err);
enum qs_rc svc_auth_logout_all(struct qs_ctx *ctx, const struct qs_principal *who,
                               struct qs_err *err);
enum qs_rc svc_auth_me(struct qs_ctx *ctx, const struct qs_principal *who, struct qs_user *out,
                       struct qs_err *err);
/* New password: every session of the user ends, and a new pair is issued. */
enum qs_rc svc_auth_change_password(struct qs_ctx *ctx, const struct qs_principal *who,
                                    const char *current, const char *new_password,
                                    struct svc_auth_tokens *out, struct qs_err *err);

/* From an Authorization header to a principal: 401 unauthenticated (no
 * header), invalid_token, token_expired. */
enum qs_rc svc_auth_authenticate(struct qs_ctx *ctx, const char *authorization,
                                 struct qs_principal *who, struct qs_err *err);

#endif
