/* h_queue: the ticket routes after creation: staff actions, the customer's
 * tracking routes, the staff list, and complaints. */
#include "ctx.h"
#include "dates.h"
#include "handlers.h"
#include "qs_json.h"
#include "svc_queue.h"
#include "view_ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum qs_rc reply_ticket(struct qs_req *req, enum qs_rc rc, struct qs_ticket *t, int staff)
{
	if (rc)
		return rc;
	const char *url = req->ctx->cfg->public_url;
	qs_reply_json(req, 200, staff ? qs_ticket_staff_json(t, url) : qs_ticket_public_json(t, url));
	qs_ticket_cleanup(t);
	return QS_OK;
}

/* An optional JSON body: none at all is fine. */
static enum qs_rc optional_body(struct qs_req *req, const struct qs_field *fields, size_t n,
                                json_object **body, struct qs_err *err)
{
	if (req->body_len == 0)
		return QS_OK;
	if (!qs_req_is_json(req))
		return qs_err_set(err, QS_E_MEDIA_TYPE, NULL, "Content-Type must be application/json");
	return h_read_body(req, fields, n, body, err);
}

/* POST /tickets/call-next {counter_id} */
enum qs_rc h_tickets_call_next(struct qs_req *req, struct qs_err *err)
{
	long counter = 0;
	json_object *body = NULL;
	struct qs_ticket t;
	const struct qs_field fields[] = {
		{ "counter_id", QS_F_INT, 1, 1, 9007199254740991L, &counter, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, fields, 1, &body, err);
	if (!rc)
		rc = svc_queue_call_next(req->ctx, req->id, &req->who, counter, &t, err);
	json_object_put(body);
	return reply_ticket(req, rc, &t, 1);
}

/* The staff actions on /tickets/{id}/<action>. */
static enum qs_rc staff_action(struct qs_req *req, enum qs_ticket_action a, struct qs_err *err)
{
	static const char *const positions[] = { "first", "last", NULL };
	struct svc_queue_in in = { 0 };
	const char *position = NULL;
	json_object *body = NULL;
	struct qs_ticket t;
	long id;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (rc)
		return rc;

	if (a == QS_ACT_CALL) {
		const struct qs_field f[] = {
			{ "counter_id", QS_F_INT, 1, 1, 9007199254740991L, &in.counter_id, NULL, NULL } };
		rc = h_read_body(req, f, 1, &body, err);
	} else if (a == QS_ACT_TRANSFER) {
		const struct qs_field f[] = {
			{ "service_id", QS_F_INT, 1, 1, 9007199254740991L, &in.service_id, NULL, NULL } };
		rc = h_read_body(req, f, 1, &body, err);
	} else if (a == QS_ACT_REQUEUE) {
		const struct qs_field f[] = { { "position", QS_F_ENUM, 1, 0, 0, &position, NULL, positions } };
		rc = h_read_body(req, f, 1, &body, err);
		in.last = position && strcmp(position, "last") == 0;
	} else if (a == QS_ACT_COMPLETE) {
		const struct qs_field f[] = { { "notes", QS_F_STR, 0, 1, 2000, &in.notes, NULL, NULL } };
		rc = optional_body(req, f, 1, &body, err);
	} else {
		rc = optional_body(req, NULL, 0, &body, err);
	}
	if (!rc)
		rc = svc_queue_act(req->ctx, req->id, &req->who, id, NULL, a, &in, &t, err);
	json_object_put(body);
	return reply_ticket(req, rc, &t, 1);
}

enum qs_rc h_tickets_call(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_CALL, err); }
enum qs_rc h_tickets_recall(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_RECALL, err); }
enum qs_rc h_tickets_start(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_START, err); }
enum qs_rc h_tickets_complete(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_COMPLETE, err); }
enum qs_rc h_tickets_no_show(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_NO_SHOW, err); }
enum qs_rc h_tickets_cancel(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_CANCEL, err); }
enum qs_rc h_tickets_transfer(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_TRANSFER, err); }
enum qs_rc h_tickets_requeue(struct qs_req *req, struct qs_err *err) { return staff_action(req, QS_ACT_REQUEUE, err); }

/* GET /tickets/{id} */
enum qs_rc h_tickets_get(struct qs_req *req, struct qs_err *err)
{
	long id;
	struct qs_ticket t;
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = svc_ticket_get(req->ctx, &req->who, id, &t, err);
	return reply_ticket(req, rc, &t, 1);
}

/* YYYY-MM-DD that is a real day (2026-02-31 is not: PostgreSQL would refuse it) */
/* GET /tickets?department_id=&status=waiting,called&service_id=&date=&q= */
enum qs_rc h_tickets_list(struct qs_req *req, struct qs_err *err)
{
	static const char *const statuses[] = { "waiting", "called", "serving", "completed",
	                                        "no_show", "cancelled" };
	struct qs_ticket_filter f = { 0 };
	struct qs_page pg;
	char dbuf[24], sbuf[24], stbuf[128], status_arr[160], datebuf[16], qbuf[64];
	const char *v;
	char *end;
	json_object *out = NULL;
	enum qs_rc rc = h_page(req, &pg, err);
	if (rc)
		return rc;
	if ((v = qs_req_query(req, "department_id", dbuf, sizeof dbuf))) {
		f.department_id = strtol(v, &end, 10);
		if (!*v || *end || f.department_id <= 0)
			return qs_err_field(err, "department_id", "invalid");
	}
	if ((v = qs_req_query(req, "service_id", sbuf, sizeof sbuf))) {
		f.service_id = strtol(v, &end, 10);
		if (!*v || *end || f.service_id <= 0)
			return qs_err_field(err, "service_id", "invalid");
	}
	if ((v = qs_req_query(req, "status", stbuf, sizeof stbuf))) {
		/* a comma-separated list of known statuses, as a SQL array */
		size_t o = (size_t)snprintf(status_arr, sizeof status_arr, "{");
		char *save = NULL;
		for (char *s = strtok_r(stbuf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
			int ok = 0;
			for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
				ok |= strcmp(s, statuses[i]) == 0;
			if (!ok)
				return qs_err_field(err, "status", "invalid");
			o += (size_t)snprintf(status_arr + o, sizeof status_arr - o, "%s%s",
			                      o > 1 ? "," : "", s);
		}
		snprintf(status_arr + o, sizeof status_arr - o, "}");
		f.statuses = status_arr;
	}
	if ((v = qs_req_query(req, "date", datebuf, sizeof datebuf))) {
		if (qs_date_days(v) < 0)
			return qs_err_field(err, "date", "invalid");
		f.date = v;
	}
	if ((v = qs_req_query(req, "q", qbuf, sizeof qbuf))) {
		if (!qs_utf8_valid(v, strlen(v)) || strlen(v) > 60)
			return qs_err_field(err, "q", "invalid");
		/* LIKE patterns: the customer's text is matched literally */
		if (strpbrk(v, "%_\\"))
			return qs_err_field(err, "q", "invalid");
		f.q = *v ? v : NULL;
	}
	rc = svc_ticket_list(req->ctx, &req->who, &f, pg.limit, pg.offset, &out, err);
	if (rc)
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}

/* ---- the customer's phone: /tickets/track/{public_id} ---- */

static int public_id_ok(const char *p)
{
	size_t n = strlen(p);
	if (n < 22 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_'))
			return 0;
	return 1;
}

static enum qs_rc public_param(const struct qs_req *req, const char **pid, struct qs_err *err)
{
	*pid = req->nparams > 0 ? req->params[0] : "";
	return public_id_ok(*pid) ? QS_OK : qs_err_set(err, QS_E_NOT_FOUND, NULL, "ticket not found");
}

enum qs_rc h_track_get(struct qs_req *req, struct qs_err *err)
{
	const char *pid;
	struct qs_ticket t;
	enum qs_rc rc = public_param(req, &pid, err);
	if (!rc)
		rc = svc_ticket_track(req->ctx, pid, &t, err);
	return reply_ticket(req, rc, &t, 0);
}

static enum qs_rc customer_action(struct qs_req *req, enum qs_ticket_action a,
                                  struct qs_err *err)
{
	const char *pid;
	struct svc_queue_in in = { 0 };
	json_object *body = NULL;
	struct qs_ticket t;
	enum qs_rc rc = public_param(req, &pid, err);
	if (rc)
		return rc;
	if (a == QS_ACT_RATE) {
		const struct qs_field f[] = {
			{ "rating", QS_F_INT, 1, 1, 5, &in.rating, NULL, NULL },
			{ "comment", QS_F_STR, 0, 1, 2000, &in.comment, NULL, NULL },
		};
		rc = h_read_body(req, f, 2, &body, err);
	} else {
		rc = optional_body(req, NULL, 0, &body, err);
	}
	if (!rc)
		rc = svc_queue_act(req->ctx, req->id, NULL, 0, pid, a, &in, &t, err);
	json_object_put(body);
	return reply_ticket(req, rc, &t, 0);
}

enum qs_rc h_track_cancel(struct qs_req *req, struct qs_err *err) { return customer_action(req, QS_ACT_CANCEL, err); }
enum qs_rc h_track_delay(struct qs_req *req, struct qs_err *err) { return customer_action(req, QS_ACT_DELAY, err); }
enum qs_rc h_track_rating(struct qs_req *req, struct qs_err *err) { return customer_action(req, QS_ACT_RATE, err); }

/* POST /tickets/track/{public_id}/complaints {category, message} */
enum qs_rc h_track_complaint(struct qs_req *req, struct qs_err *err)
{
	static const char *const categories[] = { "wait_time", "staff", "service", "facility",
	                                          "other", NULL };
	const char *pid, *category = NULL, *message = NULL;
	json_object *body = NULL, *out = NULL;
	const struct qs_field f[] = {
		{ "category", QS_F_ENUM, 1, 0, 0, &category, NULL, categories },
		{ "message", QS_F_STR, 1, 1, 2000, &message, NULL, NULL },
	};
	enum qs_rc rc = public_param(req, &pid, err);
	if (!rc)
		rc = h_read_body(req, f, 2, &body, err);
	if (!rc)
		rc = svc_complaint_create(req->ctx, pid, category, message, &out, err);
	if (!rc)
		qs_reply_json(req, 201, out);
	json_object_put(body);
	return rc;
}

/* ---- complaints for managers ---- */

/* GET /complaints?department_id=&status=open|resolved */
enum qs_rc h_complaints_list(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	char dbuf[24], sbuf[16];
	const char *v, *status = NULL;
	long dept = 0;
	json_object *out = NULL;
	enum qs_rc rc = h_page(req, &pg, err);
	if (rc)
		return rc;
	if ((v = qs_req_query(req, "department_id", dbuf, sizeof dbuf))) {
		char *end;
		dept = strtol(v, &end, 10);
		if (!*v || *end || dept <= 0)
			return qs_err_field(err, "department_id", "invalid");
	}
	if ((status = qs_req_query(req, "status", sbuf, sizeof sbuf)) &&
	    strcmp(status, "open") != 0 && strcmp(status, "resolved") != 0)
		return qs_err_field(err, "status", "invalid");
	rc = svc_complaint_list(req->ctx, &req->who, dept, status, pg.limit, pg.offset, &out, err);
	if (rc)
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}

/* PATCH /complaints/{id} {status: "resolved", resolution} */
enum qs_rc h_complaints_update(struct qs_req *req, struct qs_err *err)
{
	static const char *const resolved[] = { "resolved", NULL };
	const char *status = NULL, *resolution = NULL;
	json_object *body = NULL, *out = NULL;
	long id;
	const struct qs_field f[] = {
		{ "status", QS_F_ENUM, 1, 0, 0, &status, NULL, resolved },
		{ "resolution", QS_F_STR, 1, 1, 2000, &resolution, NULL, NULL },
	};
	enum qs_rc rc = h_param_id(req, 0, &id, err);
	if (!rc)
		rc = h_read_body(req, f, 2, &body, err);
	if (!rc)
		rc = svc_complaint_resolve(req->ctx, &req->who, id, resolution, &out, err);
	if (!rc)
		qs_reply_json(req, 200, out);
	json_object_put(body);
	return rc;
}
