/* svc_users: account rules (svc_users.h). */
#include "svc_users.h"
#include "db_auth.h"
#include "events.h"
#include "qs_log.h"
#include "qs_password.h"
#include "svc_org.h"
#include "tx.h"

#include <ctype.h>
#include <string.h>

static int rank(const char *role)
{
	return strcmp(role, "admin") == 0 ? 3 : strcmp(role, "manager") == 0 ? 2 : 1;
}

static int username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 64)
		return 0;
	for (; *u; u++)
		if (!(islower((unsigned char)*u) || isdigit((unsigned char)*u) || *u == '.' ||
		      *u == '_' || *u == '-'))
			return 0;
	return 1;
}

/* The target user, if the caller may manage them: admins anyone; managers
 * staff of their own department; 404 otherwise. */
static enum qs_rc target(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                         struct qs_user *user, struct qs_err *err)
{
	enum qs_rc rc = db_user_get(&ctx->db, id, user, err);
	if (rc)
		return rc;
	if (strcmp(who->role, "admin") == 0)
		return QS_OK;
	if (strcmp(user->role, "staff") == 0 && user->department_id > 0 &&
	    user->department_id == who->department_id)
		return QS_OK;
	return qs_err_set(err, QS_E_NOT_FOUND, NULL, "user not found");
}

/* Role and department together: admins have none, the others one that the
 * caller manages. */
static enum qs_rc check_placement(struct qs_ctx *ctx, const struct qs_principal *who,
                                  const char *role, long dept, struct qs_err *err)
{
	json_object *d = NULL;
	enum qs_rc rc;

	if (rank(role) > rank(who->role))
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "no one may grant a role above their own");
	if (strcmp(who->role, "manager") == 0 && strcmp(role, "staff") != 0)
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "a manager manages staff only");
	if (strcmp(role, "admin") == 0)
		return dept ? qs_err_field(err, "department_id", "invalid") : QS_OK;
	if (!dept)
		return qs_err_field(err, "department_id", "required");
	if ((rc = svc_scope_manage(who, dept, err)))
		return rc;
	if ((rc = db_department_get(&ctx->db, dept, &d, err)) == QS_E_NOT_FOUND) {
		qs_err_clear(err);
		return qs_err_field(err, "department_id", "not_found");
	}
	json_object_put(d);
	return rc;
}

static enum qs_rc username_taken(enum qs_rc rc, struct qs_err *err)
{
	if (rc != QS_E_CONFLICT)
		return rc;
	return qs_err_conflict(err, "username", "taken", "the username is taken");
}

enum qs_rc svc_user_list(struct qs_ctx *ctx, const struct qs_principal *who,
                         struct qs_user_filter *f, const struct qs_page *pg,
                         struct qs_user_page *out, struct qs_err *err)
{
	if (strcmp(who->role, "manager") == 0) {
		/* whatever was asked, a manager sees the staff of their department */
		if ((f->department_id && f->department_id != who->department_id) ||
		    (f->role && strcmp(f->role, "staff") != 0)) {
			f->department_id = -1; /* matches nothing */
		} else {
			f->department_id = who->department_id;
			f->role = "staff";
		}
	}
	return db_user_list(&ctx->db, f, pg, out, err);
}

enum qs_rc svc_user_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                        struct qs_user *out, struct qs_err *err)
{
	return target(ctx, who, id, out, err);
}

enum qs_rc svc_user_create(struct qs_ctx *ctx, const struct qs_principal *who,
                           const struct svc_user_new *in, struct qs_user *out,
                           struct qs_err *err)
{
	char hash[QS_PASSWORD_HASH_MAX];
	long id;
	enum qs_rc rc;

	if (!username_ok(in->username))
		return qs_err_field(err, "username", "invalid");
	const char *issue = qs_password_policy(in->password, in->username);
	if (issue)
		return qs_err_field(err, "password", issue);
	if ((rc = check_placement(ctx, who, in->role, in->department_id, err)))
		return rc;
	if (qs_password_hash(in->password, hash, sizeof hash))
		return qs_err_set(err, QS_E_INTERNAL, NULL, "cannot hash the password");
	rc = db_user_insert(&ctx->db, in->username, in->full_name, hash, in->role,
	                    in->department_id, &id, err);
	if ((rc = username_taken(rc, err)))
		return rc;
	qs_log_info("user_created", "user=%ld role=%s by=%ld", id, in->role, who->user_id);
	return db_user_get(&ctx->db, id, out, err);
}

/* A user's change, and the end of their sessions when it takes rights
 * away: one transaction (tx.h), the revocation announced after it. */
struct update {
	long id;
	const struct qs_user_in *up;
	const char *reason;     /* why the sessions end; NULL: they do not */
	struct qs_user *out;
	long version;
};

static enum qs_rc update_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	(void)tx;
	struct update *u = arg;
	enum qs_rc rc = db_user_update(&ctx->db, u->id, u->up, u->out, err);
	if (!rc && u->reason)
		rc = db_auth_user_revoke_all(&ctx->db, u->id, u->reason, &u->version, err);
	return rc;
}

static void update_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	(void)tx;
	const struct update *u = arg;
	if (u->reason)
		qs_event_publish_revoked(ctx, u->id, 0, u->version);
}

enum qs_rc svc_user_update(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                           const struct svc_user_patch *in, struct qs_user *out,
                           struct qs_err *err)
{
	struct qs_user cur;
	char hash[QS_PASSWORD_HASH_MAX];
	const char *reason = NULL;
	enum qs_rc rc;

	if ((rc = target(ctx, who, id, &cur, err)))
		return rc;
	const char *role = cur.role, *username = cur.username;
	long dept = cur.department_id;
	struct qs_user_in up = { .full_name = in->full_name, .role = in->role,
	                         .department_id = in->department_id, .active = in->active };

	if (id == who->user_id && (in->role.set || in->department_id.set ||
	                           (in->active.set && !in->active.v))) {
		rc = qs_err_set(err, QS_E_FORBIDDEN, NULL,
		                "you may not change your own role or department or deactivate yourself");
		goto out;
	}
	if (in->role.set || in->department_id.set) {
		const char *new_role = in->role.set ? in->role.v : role;
		long new_dept = in->department_id.set ? in->department_id.v
		                : strcmp(new_role, "admin") == 0 ? 0 : dept;
		up.department_id.set = 1;
		up.department_id.v = new_dept;
		if ((rc = check_placement(ctx, who, new_role, new_dept, err)))
			goto out;
		if (strcmp(new_role, role) != 0 || new_dept != dept)
			reason = "role_changed";
	}
	if (in->password.set) {
		const char *issue = qs_password_policy(in->password.v, username);
		if (issue) {
			rc = qs_err_field(err, "password", issue);
			goto out;
		}
		if (qs_password_hash(in->password.v, hash, sizeof hash)) {
			rc = qs_err_set(err, QS_E_INTERNAL, NULL, "cannot hash the password");
			goto out;
		}
		up.password_hash.set = 1;
		up.password_hash.v = hash;
		reason = "password_changed";
	}
	if (in->active.set && !in->active.v)
		reason = "deactivated";

	struct update u = { id, &up, reason, out, 0 };
	static const struct qs_tx_frame frame = { update_body, update_publish, 0 };
	if ((rc = qs_tx_run(ctx, &frame, &u, err)))
		goto out;
	qs_log_info("user_updated", "user=%ld by=%ld sessions_ended=%s", id, who->user_id,
	            reason ? reason : "no");
out:
	return rc;
}
