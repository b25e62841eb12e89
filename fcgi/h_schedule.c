/* h_schedule: shifts, schedules, the caller's own schedule and coverage. */
#include "handlers.h"
#include "qs_json.h"
#include "svc_schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ID 9007199254740991L
#define MAX_BULK 500

/* "HH:MM", 00:00 to 23:59 */
static int hhmm_ok(const char *s)
{
	return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	       (s[0] < '2' || s[1] <= '3') && s[2] == ':' && s[3] >= '0' && s[3] <= '5' &&
	       s[4] >= '0' && s[4] <= '9';
}

/* ?name= as a positive id (0 when absent). */
static enum qs_rc query_id(const struct qs_req *req, const char *name, long *out,
                           struct qs_err *err)
{
	char buf[32];
	const char *v = qs_req_query(req, name, buf, sizeof buf);
	*out = 0;
	if (!v)
		return QS_OK;
	char *end;
	errno = 0;
	*out = strtol(v, &end, 10);
	if (*v < '1' || *v > '9' || *end || errno || *out <= 0)
		return qs_err_field(err, name, "invalid");
	return QS_OK;
}

/* ?name= as a date ("" when absent). */
static enum qs_rc query_date(const struct qs_req *req, const char *name, char out[QS_DATE_LEN],
                             struct qs_err *err)
{
	char buf[32];
	const char *v = qs_req_query(req, name, buf, sizeof buf);
	out[0] = '\0';
	if (!v)
		return QS_OK;
	if (qs_date_days(v) < 0)
		return qs_err_field(err, name, "invalid");
	snprintf(out, QS_DATE_LEN, "%s", v);
	return QS_OK;
}

static enum qs_rc reply(struct qs_req *req, enum qs_rc rc, int status, json_object *out)
{
	if (rc) {
		json_object_put(out);
		return rc;
	}
	qs_reply_json(req, status, out);
	return QS_OK;
}

/* ---- shifts ---- */

enum qs_rc h_shifts_list(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	long dept;
	json_object *out = NULL;
	enum qs_rc rc = query_id(req, "department_id", &dept, err);
	if (!rc)
		rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_shift_list(req->ctx, &req->who, dept, &pg, &out, err);
	return reply(req, rc, 200, out);
}

static enum qs_rc check_times(const struct qs_shift_in *in, struct qs_err *err)
{
	if (in->start_time && !hhmm_ok(in->start_time))
		return qs_err_field(err, "start_time", "invalid");
	if (in->end_time && !hhmm_ok(in->end_time))
		return qs_err_field(err, "end_time", "invalid");
	return QS_OK;
}

enum qs_rc h_shifts_create(struct qs_req *req, struct qs_err *err)
{
	struct qs_shift_in in = { 0 };
	long dept = 0;
	json_object *body = NULL, *out = NULL;
	const struct qs_field f[] = {
		{ "department_id", QS_F_INT, 1, 1, MAX_ID, &dept, NULL, NULL },
		{ "name", QS_F_STR, 1, 1, 100, &in.name, NULL, NULL },
		{ "start_time", QS_F_STR, 1, 5, 5, &in.start_time, NULL, NULL },
		{ "end_time", QS_F_STR, 1, 5, 5, &in.end_time, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, f, 4, &body, err);
	if (!rc)
		rc = check_times(&in, err);
	if (!rc)
		rc = svc_shift_create(req->ctx, &req->who, dept, &in, &out, err);
	rc = reply(req, rc, 201, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_shifts_update(struct qs_req *req, struct qs_err *err)
{
	struct qs_shift_in in = { 0 };
	long id;
	json_object *body = NULL, *out = NULL;
	const struct qs_field f[] = {
		{ "name", QS_F_STR, 0, 1, 100, &in.name, NULL, NULL },
		{ "start_time", QS_F_STR, 0, 5, 5, &in.start_time, NULL, NULL },
		{ "end_time", QS_F_STR, 0, 5, 5, &in.end_time, NULL, NULL },
	};
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = h_read_body(req, f, 3, &body, err);
	if (!rc)
		rc = check_times(&in, err);
	if (!rc)
		rc = svc_shift_update(req->ctx, &req->who, id, &in, &out, err);
	rc = reply(req, rc, 200, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_shifts_delete(struct qs_req *req, struct qs_err *err)
{
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_shift_delete(req->ctx, &req->who, id, err);
	return reply(req, rc, 204, NULL);
}

/* ---- schedules ---- */

/* One schedule's fields from obj into in; problems are named with prefix
 * ("" or "items[3]."). */
static enum qs_rc read_item(json_object *obj, const char *prefix, struct qs_schedule_in *in,
                            struct qs_err *err)
{
	const char *date = NULL;
	struct qs_err e;
	const struct qs_field f[] = {
		{ "user_id", QS_F_INT, 1, 1, MAX_ID, &in->user_id, NULL, NULL },
		{ "shift_id", QS_F_INT, 1, 1, MAX_ID, &in->shift_id, NULL, NULL },
		{ "date", QS_F_STR, 1, 10, 10, &date, NULL, NULL },
		{ "counter_id", QS_F_INT, 0, 1, MAX_ID, &in->counter_id, NULL, NULL },
	};
	memset(in, 0, sizeof *in);
	qs_err_clear(&e);
	if (!json_object_is_type(obj, json_type_object))
		qs_err_field(&e, "", "wrong_type");
	else if (!qs_json_read_fields(obj, f, 4, &e) && qs_date_days(date) < 0)
		qs_err_field(&e, "date", "invalid");
	if (!e.rc) {
		snprintf(in->date, sizeof in->date, "%s", date);
		return QS_OK;
	}
	for (int i = 0; i < e.ndetails; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s", prefix, e.details[i].field);
		/* a bare "items[3]." names the item itself */
		size_t len = strlen(name);
		if (len && name[len - 1] == '.')
			name[len - 1] = '\0';
		qs_err_field(err, name, e.details[i].issue);
	}
	return QS_E_VALIDATION;
}

enum qs_rc h_schedules_create(struct qs_req *req, struct qs_err *err)
{
	struct qs_schedule_in in;
	json_object *body = NULL, *out = NULL;
	struct qs_err e;
	enum qs_rc rc;

	qs_err_clear(&e);
	if (!(rc = qs_json_parse_object(req->body, req->body_len, &body, err)) &&
	    !(rc = read_item(body, "", &in, err)))
		rc = svc_schedule_create(req->ctx, req->id, &req->who, &in, 1, 0, &out, err);
	if (!rc) {
		/* one made: the Schedule itself */
		json_object *one = json_object_get(json_object_array_get_idx(out, 0));
		json_object_put(out);
		out = one;
	}
	rc = reply(req, rc, 201, out);
	json_object_put(body);
	return rc;
}

enum qs_rc h_schedules_bulk(struct qs_req *req, struct qs_err *err)
{
	json_object *body = NULL, *items = NULL, *out = NULL;
	struct qs_schedule_in *in = NULL;
	const struct qs_field f[] = {
		{ "items", QS_F_ARRAY, 1, 0, 0, &items, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, f, 1, &body, err);
	size_t n = rc ? 0 : json_object_array_length(items);
	if (!rc && (n < 1 || n > MAX_BULK))
		rc = qs_err_field(err, "items", n ? "too_long" : "too_short");
	if (!rc && !(in = calloc(n, sizeof *in)))
		rc = qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "items[%zu].", i);
		rc = read_item(json_object_array_get_idx(items, i), prefix, &in[i], err);
	}
	if (!rc)
		rc = svc_schedule_create(req->ctx, req->id, &req->who, in, n, 1, &out, err);
	if (!rc) {
		json_object *list = json_object_new_object();
		json_object_object_add(list, "items", out);
		json_object_object_add(list, "total", json_object_new_int64((int64_t)n));
		out = list;
	}
	rc = reply(req, rc, 201, out);
	free(in);
	json_object_put(body);
	return rc;
}

enum qs_rc h_schedules_delete(struct qs_req *req, struct qs_err *err)
{
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_schedule_delete(req->ctx, req->id, &req->who, id, err);
	return reply(req, rc, 204, NULL);
}

enum qs_rc h_schedules_list(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	long dept, user;
	char from[QS_DATE_LEN], to[QS_DATE_LEN];
	json_object *out = NULL;
	enum qs_rc rc = query_id(req, "department_id", &dept, err);
	if (!rc)
		rc = query_id(req, "user_id", &user, err);
	if (!rc)
		rc = query_date(req, "from", from, err);
	if (!rc)
		rc = query_date(req, "to", to, err);
	if (!rc)
		rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_schedule_list(req->ctx, &req->who, dept, user, from, to, &pg, &out, err);
	return reply(req, rc, 200, out);
}

enum qs_rc h_schedules_me(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	char from[QS_DATE_LEN], to[QS_DATE_LEN];
	json_object *out = NULL;
	enum qs_rc rc = query_date(req, "from", from, err);
	if (!rc)
		rc = query_date(req, "to", to, err);
	if (!rc)
		rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_schedule_me(req->ctx, &req->who, from, to, &pg, &out, err);
	return reply(req, rc, 200, out);
}

enum qs_rc h_schedules_coverage(struct qs_req *req, struct qs_err *err)
{
	long dept;
	char date[QS_DATE_LEN];
	json_object *out = NULL;
	enum qs_rc rc = query_id(req, "department_id", &dept, err);
	if (!rc)
		rc = query_date(req, "date", date, err);
	if (!rc)
		rc = svc_staffing(req->ctx, &req->who, dept, date, &out, err);
	return reply(req, rc, 200, out);
}

enum qs_rc h_schedules_me_ics(struct qs_req *req, struct qs_err *err)
{
	char from[QS_DATE_LEN], to[QS_DATE_LEN], *text = NULL;
	size_t len = 0;
	enum qs_rc rc = query_date(req, "from", from, err);
	if (!rc)
		rc = query_date(req, "to", to, err);
	if (!rc)
		rc = svc_schedule_me_ics(req->ctx, &req->who, from, to, &text, &len, err);
	if (!rc) {
		qs_reply_stream_begin(req, "text/calendar; charset=utf-8", "qstream-schedule.ics");
		qs_reply_stream_write(req, text, len);
	}
	free(text);
	return rc;
}
