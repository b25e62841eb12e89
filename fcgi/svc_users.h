/* svc_users: who may see, create and change which accounts.  Managers
 * manage the staff of their own department only; no one raises a role
 * above their own; nobody changes their own role or deactivates
 * themselves.  A change of role, department, password or a deactivation
 * ends every session of that user at once.  They answer users as struct
 * qs_user (and pages of them); the handlers make the JSON (view_user.c). */
#ifndef QS_SVC_USERS_H
#define QS_SVC_USERS_H

#include <json-c/json.h>

#include "ctx.h"
#include "db_users.h"
#include "qs_http.h"

struct svc_user_new {
	const char *username, *full_name, *password, *role;
	long department_id;     /* 0: none */
};

struct svc_user_patch {
	struct qs_opt_text full_name, role, password;
	struct qs_opt_long department_id, active;
};

enum qs_rc svc_user_list(struct qs_ctx *ctx, const struct qs_principal *who,
                         struct qs_user_filter *f, const struct qs_page *pg,
                         struct qs_user_page *out, struct qs_err *err);
enum qs_rc svc_user_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                        struct qs_user *out, struct qs_err *err);
enum qs_rc svc_user_create(struct qs_ctx *ctx, const struct qs_principal *who,
                           const struct svc_user_new *in, struct qs_user *out,
                           struct qs_err *err);
enum qs_rc svc_user_update(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                           const struct svc_user_patch *in, struct qs_user *out,
                           struct qs_err *err);

#endif
