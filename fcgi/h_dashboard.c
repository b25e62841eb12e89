/* h_dashboard: the dashboard routes: summary, staff performance, trend,
 * alerts and the CSV export. */
#include "handlers.h"
#include "svc_dashboard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?department_id= and the dates a route takes, each checked strictly. */
static enum qs_rc read_query(const struct qs_req *req, const char *const *dates,
                             struct qs_dash_query *q, struct qs_err *err)
{
	char buf[32];
	const char *v;

	memset(q, 0, sizeof q[0]);
	if ((v = qs_req_query(req, "department_id", buf, sizeof buf))) {
		char *end;
		errno = 0;
		q->department_id = strtol(v, &end, 10);
		if (*v < '1' || *v > '9' || *end || errno || q->department_id <= 0)
			return qs_err_field(err, "department_id", "invalid");
	}
	for (; dates && *dates; dates++) {
		char *slot = strcmp(*dates, "date") == 0 ? q->date
		           : strcmp(*dates, "from") == 0 ? q->from : q->to;
		if (!(v = qs_req_query(req, *dates, buf, sizeof buf)))
			continue;
		if (qs_date_days(v) < 0)
			return qs_err_field(err, *dates, "invalid");
		snprintf(slot, QS_DATE_LEN, "%s", v);
	}
	if (q->from[0] && q->to[0]) {
		long days = qs_date_days(q->to) - qs_date_days(q->from) + 1;
		if (days < 1)
			return qs_err_field(err, "from", "after_to");
		if (days > QS_DASH_MAX_DAYS)
			return qs_err_field(err, "to", "range_too_long");
	}
	return QS_OK;
}

static enum qs_rc reply(struct qs_req *req, enum qs_rc rc, json_object *out)
{
	if (rc)
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}

static const char *const day_param[] = { "date", NULL };
static const char *const range_params[] = { "from", "to", NULL };

enum qs_rc h_dashboard_summary(struct qs_req *req, struct qs_err *err)
{
	struct qs_dash_query q;
	json_object *out = NULL;
	enum qs_rc rc = read_query(req, day_param, &q, err);
	if (!rc)
		rc = svc_dashboard_summary(req->ctx, &req->who, &q, &out, err);
	return reply(req, rc, out);
}

enum qs_rc h_dashboard_staff(struct qs_req *req, struct qs_err *err)
{
	struct qs_dash_query q;
	json_object *out = NULL;
	enum qs_rc rc = read_query(req, range_params, &q, err);
	if (!rc)
		rc = h_page(req, &q.page, err);
	if (!rc)
		rc = svc_dashboard_staff(req->ctx, &req->who, &q, &out, err);
	return reply(req, rc, out);
}

enum qs_rc h_dashboard_trend(struct qs_req *req, struct qs_err *err)
{
	struct qs_dash_query q;
	json_object *out = NULL;
	enum qs_rc rc = read_query(req, range_params, &q, err);
	if (!rc)
		rc = svc_dashboard_trend(req->ctx, &req->who, &q, &out, err);
	return reply(req, rc, out);
}

enum qs_rc h_dashboard_alerts(struct qs_req *req, struct qs_err *err)
{
	struct qs_dash_query q;
	json_object *out = NULL;
	enum qs_rc rc = read_query(req, NULL, &q, err);
	if (!rc)
		rc = svc_dashboard_alerts(req->ctx, &req->who, &q, &out, err);
	return reply(req, rc, out);
}

static void export_begin(void *arg, const char *filename)
{
	qs_reply_stream_begin(arg, "text/csv; charset=utf-8", filename);
}

static int export_write(void *arg, const char *buf, size_t len)
{
	return qs_reply_stream_write(arg, buf, len);
}

enum qs_rc h_dashboard_export(struct qs_req *req, struct qs_err *err)
{
	struct qs_dash_query q;
	const struct qs_dash_sink sink = { export_begin, export_write, req };
	enum qs_rc rc = read_query(req, range_params, &q, err);
	if (!rc)
		rc = svc_dashboard_export(req->ctx, &req->who, &q, &sink, err);
	return rc;
}
