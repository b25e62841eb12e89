/* h_org: departments, services, counters and settings routes. */
#include "handlers.h"
#include "qs_json.h"
#include "svc_org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum qs_rc h_page(const struct qs_req *req, struct qs_page *pg, struct qs_err *err)
{
	char buf[32];
	const char *v;
	char *end;

	pg->limit = 50;
	pg->offset = 0;
	if ((v = qs_req_query(req, "limit", buf, sizeof buf))) {
		pg->limit = strtol(v, &end, 10);
		if (!*v || *end || pg->limit < 1 || pg->limit > 200)
			return qs_err_field(err, "limit", "out_of_range");
	}
	if ((v = qs_req_query(req, "offset", buf, sizeof buf))) {
		pg->offset = strtol(v, &end, 10);
		if (!*v || *end || pg->offset < 0 || pg->offset > 1000000000L)
			return qs_err_field(err, "offset", "out_of_range");
	}
	return QS_OK;
}

/* Reply with out (201 on creation), or pass the error on. */
static enum qs_rc answer(struct qs_req *req, enum qs_rc rc, int status, json_object *out)
{
	if (rc) {
		json_object_put(out);
		return rc;
	}
	qs_reply_json(req, status, out);
	return QS_OK;
}

/* ---- departments ---- */

enum qs_rc h_departments_list(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	json_object *out = NULL;
	enum qs_rc rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_department_list(req->ctx, &req->who, &pg, &out, err);
	return answer(req, rc, 200, out);
}

enum qs_rc h_departments_get(struct qs_req *req, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_department_get(req->ctx, &req->who, id, &out, err);
	return answer(req, rc, 200, out);
}

/* POST /departments and PATCH /departments/{id} */
static enum qs_rc department_save(struct qs_req *req, long id, struct qs_err *err)
{
	struct qs_department_in in;
	json_object *body = NULL, *out = NULL, *hours = NULL;
	int active = 0;
	memset(&in, 0, sizeof in);
	const struct qs_field fields[] = {
		{ "name", QS_F_STR, !id, 1, 200, &in.name.v, &in.name.set, NULL },
		{ "timezone", QS_F_STR, !id, 1, 64, &in.timezone.v, &in.timezone.set, NULL },
		{ "sla_wait_minutes", QS_F_INT, 0, 1, 1440, &in.sla_wait_minutes.v,
		  (int *)&in.sla_wait_minutes.set, NULL },
		{ "opening_hours", QS_F_OBJECT, 0, 0, 0, &hours, NULL, NULL },
		{ "active", QS_F_BOOL, 0, 0, 0, &active, &in.active.set, NULL },
	};
	/* creation takes no `active`: a new department is active */
	enum qs_rc rc = h_read_body(req, fields, sizeof fields / sizeof fields[0] - !id, &body, err);
	if (!rc) {
		in.active.v = active;
		/* null opening hours is a value (always open), not an absence */
		json_object *v = NULL;
		if (json_object_object_get_ex(body, "opening_hours", &v)) {
			in.opening_hours.set = 1;
			in.opening_hours.v = hours ? json_object_to_json_string_ext(hours, JSON_C_TO_STRING_PLAIN)
			                           : NULL;
		}
		rc = svc_department_save(req->ctx, &req->who, id, &in, hours, &out, err);
	}
	rc = answer(req, rc, id ? 200 : 201, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_departments_create(struct qs_req *req, struct qs_err *err)
{
	return department_save(req, 0, err);
}

enum qs_rc h_departments_update(struct qs_req *req, struct qs_err *err)
{
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	return rc ? rc : department_save(req, id, err);
}

enum qs_rc h_departments_delete(struct qs_req *req, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	struct qs_department_in in = { .active = { 1, 0 } };
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_department_save(req->ctx, &req->who, id, &in, NULL, &out, err);
	json_object_put(out);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}

/* ---- services and counters: reading ---- */

static enum qs_rc object_list(struct qs_req *req, enum qs_object kind, struct qs_err *err)
{
	long dept;
	struct qs_page pg;
	json_object *out = NULL;
	enum qs_rc rc = h_param_id(req, 0, &dept, err);
	if (!rc)
		rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_dept_object_list(req->ctx, &req->who, kind, dept, &pg, &out, err);
	return answer(req, rc, 200, out);
}

static enum qs_rc object_get(struct qs_req *req, enum qs_object kind, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_dept_object_get(req->ctx, &req->who, kind, id, &out, err);
	return answer(req, rc, 200, out);
}

enum qs_rc h_services_list(struct qs_req *req, struct qs_err *err) { return object_list(req, QS_OBJ_SERVICE, err); }
enum qs_rc h_services_get(struct qs_req *req, struct qs_err *err) { return object_get(req, QS_OBJ_SERVICE, err); }
enum qs_rc h_counters_list(struct qs_req *req, struct qs_err *err) { return object_list(req, QS_OBJ_COUNTER, err); }
enum qs_rc h_counters_get(struct qs_req *req, struct qs_err *err) { return object_get(req, QS_OBJ_COUNTER, err); }

/* ---- services ---- */

static int prefix_ok(const char *p)
{
	size_t n = strlen(p);
	for (size_t i = 0; i < n; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return 0;
	return n >= 1 && n <= 3;
}

static enum qs_rc service_save(struct qs_req *req, long dept, long id, struct qs_err *err)
{
	struct qs_service_in in;
	json_object *body = NULL, *out = NULL;
	int active = 0;
	memset(&in, 0, sizeof in);
	const struct qs_field fields[] = {
		{ "name", QS_F_STR, !id, 1, 200, &in.name.v, &in.name.set, NULL },
		{ "prefix", QS_F_STR, !id, 1, 3, &in.prefix.v, &in.prefix.set, NULL },
		{ "description", QS_F_STR, 0, 0, 1000, &in.description.v, &in.description.set, NULL },
		{ "avg_service_minutes", QS_F_INT, 0, 1, 480, &in.avg_service_minutes.v,
		  (int *)&in.avg_service_minutes.set, NULL },
		{ "active", QS_F_BOOL, 0, 0, 0, &active, &in.active.set, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, sizeof fields / sizeof fields[0] - !id, &body, err);
	in.active.v = active;
	if (!rc && in.prefix.set && !prefix_ok(in.prefix.v))
		rc = qs_err_field(err, "prefix", "invalid");
	if (!rc)
		rc = svc_service_save(req->ctx, &req->who, dept, id, &in, &out, err);
	rc = answer(req, rc, id ? 200 : 201, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_services_create(struct qs_req *req, struct qs_err *err)
{
	long dept;
	enum qs_rc rc = h_param_id(req, 0, &dept, err);
	return rc ? rc : service_save(req, dept, 0, err);
}

enum qs_rc h_services_update(struct qs_req *req, struct qs_err *err)
{
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	return rc ? rc : service_save(req, 0, id, err);
}

enum qs_rc h_services_delete(struct qs_req *req, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	struct qs_service_in in = { .active = { 1, 0 } };
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_service_save(req->ctx, &req->who, 0, id, &in, &out, err);
	json_object_put(out);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}

/* ---- counters ---- */

/* service_ids: distinct positive integers, as a PostgreSQL array literal */
static enum qs_rc service_ids_text(json_object *ids, char *buf, size_t len, long *n,
                                   struct qs_err *err)
{
	size_t count = json_object_array_length(ids), o = 0;
	if (count > 64)
		return qs_err_field(err, "service_ids", "too_long");
	o += (size_t)snprintf(buf + o, len - o, "{");
	for (size_t i = 0; i < count; i++) {
		json_object *v = json_object_array_get_idx(ids, i);
		if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) <= 0 ||
		    json_object_get_int64(v) > 9007199254740991LL)
			return qs_err_field(err, "service_ids", "invalid");
		for (size_t j = 0; j < i; j++)
			if (json_object_get_int64(json_object_array_get_idx(ids, j)) ==
			    json_object_get_int64(v))
				return qs_err_field(err, "service_ids", "invalid");
		o += (size_t)snprintf(buf + o, len - o, "%s%lld", i ? "," : "",
		                      (long long)json_object_get_int64(v));
	}
	snprintf(buf + o, len - o, "}");
	*n = (long)count;
	return QS_OK;
}

static enum qs_rc counter_save(struct qs_req *req, long dept, long id, struct qs_err *err)
{
	struct qs_counter_in in;
	json_object *body = NULL, *out = NULL, *ids = NULL;
	int has_ids = 0, active = 0;
	char idbuf[64 * 21 + 4];
	memset(&in, 0, sizeof in);
	const struct qs_field fields[] = {
		{ "name", QS_F_STR, !id, 1, 100, &in.name.v, &in.name.set, NULL },
		{ "service_ids", QS_F_ARRAY, 0, 0, 0, &ids, &has_ids, NULL },
		{ "active", QS_F_BOOL, 0, 0, 0, &active, &in.active.set, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, sizeof fields / sizeof fields[0] - !id, &body, err);
	in.active.v = active;
	if (!rc && has_ids) {
		rc = service_ids_text(ids, idbuf, sizeof idbuf, &in.n_service_ids, err);
		in.service_ids.set = 1;
		in.service_ids.v = idbuf;
	}
	if (!rc)
		rc = svc_counter_save(req->ctx, req->id, &req->who, dept, id, &in, &out, err);
	rc = answer(req, rc, id ? 200 : 201, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_counters_create(struct qs_req *req, struct qs_err *err)
{
	long dept;
	enum qs_rc rc = h_param_id(req, 0, &dept, err);
	return rc ? rc : counter_save(req, dept, 0, err);
}

enum qs_rc h_counters_update(struct qs_req *req, struct qs_err *err)
{
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	return rc ? rc : counter_save(req, 0, id, err);
}

enum qs_rc h_counters_delete(struct qs_req *req, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	struct qs_counter_in in = { .active = { 1, 0 } };
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_counter_save(req->ctx, req->id, &req->who, 0, id, &in, &out, err);
	json_object_put(out);
	if (!rc)
		qs_reply_json(req, 204, NULL);
	return rc;
}

static enum qs_rc counter_state(struct qs_req *req, const char *state, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_counter_set_state(req->ctx, req->id, &req->who, id, state, &out, err);
	return answer(req, rc, 200, out);
}

enum qs_rc h_counters_open(struct qs_req *req, struct qs_err *err)
{
	return counter_state(req, "open", err);
}

enum qs_rc h_counters_pause(struct qs_req *req, struct qs_err *err)
{
	return counter_state(req, "paused", err);
}

enum qs_rc h_counters_close(struct qs_req *req, struct qs_err *err)
{
	return counter_state(req, "closed", err);
}

/* ---- settings ---- */

enum qs_rc h_settings_get(struct qs_req *req, struct qs_err *err)
{
	json_object *out = NULL;
	/* two statements: the order in which C evaluates arguments is unspecified */
	enum qs_rc rc = svc_settings_get(req->ctx, &out, err);
	return answer(req, rc, 200, out);
}

enum qs_rc h_settings_update(struct qs_req *req, struct qs_err *err)
{
	long max_recalls, limit, recent;
	const char *lang;
	json_object *body = NULL, *out = NULL;
	const struct qs_field fields[] = {
		{ "max_recalls", QS_F_INT, 0, 0, 10, &max_recalls, NULL, NULL },
		{ "public_ticket_limit_per_hour", QS_F_INT, 0, 1, 100000, &limit, NULL, NULL },
		{ "display_recent_count", QS_F_INT, 0, 1, 50, &recent, NULL, NULL },
		{ "announcement_language", QS_F_STR, 0, 2, 35, &lang, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, sizeof fields / sizeof fields[0], &body, err);
	if (!rc) {
		/* a null would erase a setting the system needs */
		json_object_object_foreach(body, k, v) {
			if (!v)
				rc = qs_err_field(err, k, "wrong_type");
		}
	}
	if (!rc)
		rc = svc_settings_update(req->ctx, body, &out, err);
	rc = answer(req, rc, 200, out);
	json_object_put(body);
	return rc;
}
