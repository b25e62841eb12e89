/* h_users: /users routes. */
#include "handlers.h"
#include "qs_json.h"
#include "svc_users.h"
#include "view_user.h"

#include <stdlib.h>
#include <string.h>

static const char *const roles[] = { "admin", "manager", "staff", NULL };

/* GET /users?department_id=&role=&active= */
enum qs_rc h_users_list(struct qs_req *req, struct qs_err *err)
{
	struct qs_user_filter f = { 0, NULL, -1 };
	struct qs_page pg;
	struct qs_user_page out = { 0 };
	char dbuf[24], rbuf[16], abuf[8];
	const char *v;
	enum qs_rc rc = h_page(req, &pg, err);
	if (rc)
		return rc;
	if ((v = qs_req_query(req, "department_id", dbuf, sizeof dbuf))) {
		char *end;
		f.department_id = strtol(v, &end, 10);
		if (!*v || *end || f.department_id <= 0)
			return qs_err_field(err, "department_id", "invalid");
	}
	if ((v = qs_req_query(req, "role", rbuf, sizeof rbuf))) {
		int ok = 0;
		for (int i = 0; roles[i]; i++)
			ok |= strcmp(v, roles[i]) == 0;
		if (!ok)
			return qs_err_field(err, "role", "invalid");
		f.role = v;
	}
	if ((v = qs_req_query(req, "active", abuf, sizeof abuf))) {
		if (strcmp(v, "true") && strcmp(v, "false"))
			return qs_err_field(err, "active", "invalid");
		f.active = strcmp(v, "true") == 0;
	}
	rc = svc_user_list(req->ctx, &req->who, &f, &pg, &out, err);
	if (!rc)
		qs_reply_json(req, 200, qs_user_list_json(out.items, out.n, out.total));
	qs_user_page_cleanup(&out);
	return rc;
}

enum qs_rc h_users_get(struct qs_req *req, struct qs_err *err)
{
	long id;
	struct qs_user out;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_user_get(req->ctx, &req->who, id, &out, err);
	if (rc)
		return rc;
	qs_reply_json(req, 200, qs_user_json(&out));
	return QS_OK;
}

/* POST /users {username, full_name, password, role, department_id} */
enum qs_rc h_users_create(struct qs_req *req, struct qs_err *err)
{
	struct svc_user_new in = { 0 };
	struct qs_user out;
	json_object *body = NULL;
	const struct qs_field fields[] = {
		{ "username", QS_F_STR, 1, 3, 64, &in.username, NULL, NULL },
		{ "full_name", QS_F_STR, 1, 1, 200, &in.full_name, NULL, NULL },
		{ "password", QS_F_STR, 1, 1, 1024, &in.password, NULL, NULL },
		{ "role", QS_F_ENUM, 1, 0, 0, &in.role, NULL, roles },
		{ "department_id", QS_F_INT, 0, 1, 9007199254740991L, &in.department_id, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, sizeof fields / sizeof fields[0], &body, err);
	if (!rc)
		rc = svc_user_create(req->ctx, &req->who, &in, &out, err);
	if (!rc)
		qs_reply_json(req, 201, qs_user_json(&out));
	json_object_put(body);
	return rc;
}

/* PATCH /users/{id} {full_name?, role?, department_id?, active?, password?} */
enum qs_rc h_users_update(struct qs_req *req, struct qs_err *err)
{
	struct svc_user_patch in;
	struct qs_user out;
	json_object *body = NULL;
	long id;
	int active = 0;
	memset(&in, 0, sizeof in);
	const struct qs_field fields[] = {
		{ "full_name", QS_F_STR, 0, 1, 200, &in.full_name.v, &in.full_name.set, NULL },
		{ "role", QS_F_ENUM, 0, 0, 0, &in.role.v, &in.role.set, roles },
		{ "department_id", QS_F_INT, 0, 1, 9007199254740991L, &in.department_id.v,
		  &in.department_id.set, NULL },
		{ "active", QS_F_BOOL, 0, 0, 0, &active, &in.active.set, NULL },
		{ "password", QS_F_STR, 0, 1, 1024, &in.password.v, &in.password.set, NULL },
	};
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = h_read_body(req, fields, sizeof fields / sizeof fields[0], &body, err);
	in.active.v = active;
	if (!rc) {
		/* department_id: null moves a user out of every department (admins) */
		json_object *v = NULL;
		if (json_object_object_get_ex(body, "department_id", &v) && !v) {
			in.department_id.set = 1;
			in.department_id.v = 0;
		}
		rc = svc_user_update(req->ctx, &req->who, id, &in, &out, err);
	}
	if (!rc)
		qs_reply_json(req, 200, qs_user_json(&out));
	json_object_put(body);
	return rc;
}

/* DELETE /users/{id}: deactivate, and every token of the user dies */
enum qs_rc h_users_delete(struct qs_req *req, struct qs_err *err)
{
	struct svc_user_patch in;
	struct qs_user out;
	long id;
	memset(&in, 0, sizeof in);
	in.active.set = 1;
	in.active.v = 0;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_user_update(req->ctx, &req->who, id, &in, &out, err);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}
