/* svc_dashboard: dashboards and the alert job (svc_dashboard.h). */
#include "svc_dashboard.h"
#include "csv.h"
#include "db_dashboard.h"
#include "db_departments.h"
#include "db_replica.h"
#include "events.h"
#include "qs_log.h"
#include "view_dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_admin(const struct qs_principal *who)
{
	return strcmp(who->role, "admin") == 0;
}

/* The department a request may see: an admin any or all (0); everyone else
 * their own, and another department does not exist for them. */
static enum qs_rc scope_of(struct qs_db *db, const struct qs_principal *who, long asked,
                           struct qs_dash_scope *scope, struct qs_err *err)
{
	long dept = asked;
	if (!is_admin(who)) {
		if (asked && asked != who->department_id)
			return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
		dept = who->department_id;
	}
	return db_dash_scope(db, dept, scope, err);
}

/* from..to with defaults: to is today, from is to - (default_days - 1). */
static enum qs_rc range_of(const struct qs_dash_query *q, const struct qs_dash_scope *scope,
                           int default_days, char from[QS_DATE_LEN], char to[QS_DATE_LEN],
                           struct qs_err *err)
{
	snprintf(to, QS_DATE_LEN, "%s", q->to[0] ? q->to : scope->today);
	long t = qs_date_days(to);
	if (q->from[0])
		snprintf(from, QS_DATE_LEN, "%s", q->from);
	else
		qs_date_from_days(t - (default_days - 1), from);
	long f = qs_date_days(from);
	if (f < 0 || t < 0)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "bad date");
	if (f > t)
		return qs_err_field(err, "from", "after_to");
	if (t - f + 1 > QS_DASH_MAX_DAYS)
		return qs_err_field(err, "to", "range_too_long");
	return QS_OK;
}

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *now_ts(void)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_object_new_string(ts);
}

/* The head every report starts with. */
static json_object *report_new(const struct qs_dash_scope *s)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "department_id",
	                       s->department_id ? json_object_new_int64(s->department_id) : NULL);
	json_object_object_add(o, "timezone", str_or_null(s->timezone));
	json_object_object_add(o, "sla_wait_minutes",
	                       s->sla_wait_minutes ? json_object_new_int(s->sla_wait_minutes) : NULL);
	json_object_object_add(o, "generated_at", now_ts());
	return o;
}

static void add_service(const struct qs_dash_service_row *r, void *arg)
{
	json_object_array_add(arg, qs_dash_service_json(r));
}
static void add_hour(const struct qs_dash_hour_row *r, void *arg)
{
	json_object_array_add(arg, qs_dash_hour_json(r));
}
static void add_department(const struct qs_dash_department_row *r, void *arg)
{
	json_object_array_add(arg, qs_dash_department_json(r));
}
static void add_day(const struct qs_dash_day_row *r, void *arg)
{
	json_object_array_add(arg, qs_dash_day_json(r));
}
static void add_staff(const struct qs_dash_staff_row *r, void *arg)
{
	json_object_array_add(arg, qs_dash_staff_json(r));
}

/* A report's request, for db_replica_run(): the reports read the replica
 * when one is configured and current (db_replica.h). */
struct report {
	const struct qs_principal *who;
	const struct qs_dash_query *q;
	json_object **out;
	const struct qs_dash_sink *sink;
	struct qs_err *err;
	enum qs_rc (*on)(struct qs_db *db, const struct qs_principal *who,
	                 const struct qs_dash_query *q, json_object **out, struct qs_err *err);
};

static enum qs_rc report_body(struct qs_ctx *ctx, struct qs_db *db, void *arg)
{
	(void)ctx;
	struct report *r = arg;
	return r->on(db, r->who, r->q, r->out, r->err);
}

/* Run a report's statements on one snapshot; the report frees itself on
 * failure. */
static enum qs_rc snapshot_end(struct qs_db *db, enum qs_rc rc, json_object **out,
                               struct qs_err *err)
{
	if (!rc)
		rc = qs_db_commit(db, err);
	else
		qs_db_rollback(db);
	if (rc) {
		json_object_put(*out);
		*out = NULL;
	}
	return rc;
}

static enum qs_rc summary_on(struct qs_db *db, const struct qs_principal *who,
                             const struct qs_dash_query *q, json_object **out,
                             struct qs_err *err)
{
	struct qs_dash_scope s;
	struct qs_dash_live live;
	struct qs_figures day, me;
	char date[QS_DATE_LEN];
	enum qs_rc rc;

	*out = NULL;
	if ((rc = qs_db_begin_snapshot(db, err)))
		return rc;
	if ((rc = scope_of(db, who, q->department_id, &s, err)))
		return snapshot_end(db, rc, out, err);
	snprintf(date, sizeof date, "%s", q->date[0] ? q->date : s.today);

	json_object *by_service = json_object_new_array(), *by_hour = json_object_new_array();
	json_object *by_department = NULL;
	*out = report_new(&s);
	json_object_object_add(*out, "date", json_object_new_string(date));
	json_object_object_add(*out, "by_service", by_service);
	json_object_object_add(*out, "by_hour", by_hour);
	/* a closed day of one department: from the daily rollup when it holds it */
	int rolled = 0;
	if ((s.department_id && (rc = db_dash_rolled(db, s.department_id, date, &rolled, err))) ||
	    (rc = db_dash_live(db, s.department_id, &live, err)) ||
	    (rc = db_dash_day(db, s.department_id, date, 0, rolled, &day, err)) ||
	    (rc = db_dash_by_service(db, s.department_id, date, rolled, add_service, by_service,
	                             err)) ||
	    (rc = db_dash_by_hour(db, s.department_id, date,
	                          s.department_id ? s.timezone : NULL, rolled, add_hour, by_hour, err)))
		return snapshot_end(db, rc, out, err);
	qs_dash_live_add(*out, &live);
	qs_dash_figures_add(*out, &day);
	if (!s.department_id) {
		by_department = json_object_new_array();
		json_object_object_add(*out, "by_department", by_department);
		if ((rc = db_dash_by_department(db, date, add_department, by_department, err)))
			return snapshot_end(db, rc, out, err);
	}
	if (strcmp(who->role, "staff") == 0) {
		if ((rc = db_dash_day(db, s.department_id, date, who->user_id, 0, &me, err)))
			return snapshot_end(db, rc, out, err);
		json_object_object_add(*out, "me", qs_dash_me_json(&me));
	}
	return snapshot_end(db, QS_OK, out, err);
}


enum qs_rc svc_dashboard_summary(struct qs_ctx *ctx, const struct qs_principal *who,
                                 const struct qs_dash_query *q, json_object **out,
                                 struct qs_err *err)
{
	struct report r = { who, q, out, NULL, err, summary_on };
	return db_replica_run(ctx, report_body, &r, err);
}

static enum qs_rc staff_on(struct qs_db *db, const struct qs_principal *who,
                           const struct qs_dash_query *q, json_object **out,
                           struct qs_err *err)
{
	struct qs_dash_scope s;
	char from[QS_DATE_LEN], to[QS_DATE_LEN];
	long total = 0;
	enum qs_rc rc;

	*out = NULL;
	if ((rc = qs_db_begin_snapshot(db, err)))
		return rc;
	if ((rc = scope_of(db, who, q->department_id, &s, err)) ||
	    (rc = range_of(q, &s, 1, from, to, err)))
		return snapshot_end(db, rc, out, err);
	json_object *items = json_object_new_array();
	*out = report_new(&s);
	json_object_object_add(*out, "from", json_object_new_string(from));
	json_object_object_add(*out, "to", json_object_new_string(to));
	json_object_object_add(*out, "items", items);
	/* staff see their own row only */
	long user = strcmp(who->role, "staff") == 0 ? who->user_id : 0;
	rc = db_dash_staff(db, s.department_id, from, to, user, q->page.limit,
	                   q->page.offset, add_staff, items, &total, err);
	if (!rc)
		json_object_object_add(*out, "total", json_object_new_int64(total));
	return snapshot_end(db, rc, out, err);
}


enum qs_rc svc_dashboard_staff(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_dash_query *q, json_object **out,
                               struct qs_err *err)
{
	struct report r = { who, q, out, NULL, err, staff_on };
	return db_replica_run(ctx, report_body, &r, err);
}

static enum qs_rc trend_on(struct qs_db *db, const struct qs_principal *who,
                           const struct qs_dash_query *q, json_object **out,
                           struct qs_err *err)
{
	struct qs_dash_scope s;
	char from[QS_DATE_LEN], to[QS_DATE_LEN];
	enum qs_rc rc;

	*out = NULL;
	if ((rc = qs_db_begin_snapshot(db, err)))
		return rc;
	if ((rc = scope_of(db, who, q->department_id, &s, err)) ||
	    (rc = range_of(q, &s, 30, from, to, err)))
		return snapshot_end(db, rc, out, err);
	json_object *items = json_object_new_array();
	*out = report_new(&s);
	json_object_object_add(*out, "from", json_object_new_string(from));
	json_object_object_add(*out, "to", json_object_new_string(to));
	json_object_object_add(*out, "items", items);
	rc = db_dash_trend(db, s.department_id, from, to, add_day, items, err);
	if (!rc)
		json_object_object_add(*out, "total",
		                       json_object_new_int64((int64_t)json_object_array_length(items)));
	return snapshot_end(db, rc, out, err);
}


enum qs_rc svc_dashboard_trend(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_dash_query *q, json_object **out,
                               struct qs_err *err)
{
	struct report r = { who, q, out, NULL, err, trend_on };
	return db_replica_run(ctx, report_body, &r, err);
}

/* ---- alerts ---- */

static void add_alerts(long dept, const char *alerts, const char *fingerprint, void *arg)
{
	(void)dept;
	(void)fingerprint;
	json_object *list = json_tokener_parse(alerts);
	for (size_t i = 0; list && i < json_object_array_length(list); i++)
		json_object_array_add(arg, json_object_get(json_object_array_get_idx(list, i)));
	json_object_put(list);
}

enum qs_rc svc_dashboard_alerts(struct qs_ctx *ctx, const struct qs_principal *who,
                                const struct qs_dash_query *q, json_object **out,
                                struct qs_err *err)
{
	struct qs_dash_scope s;
	enum qs_rc rc;

	*out = NULL;
	if ((rc = scope_of(&ctx->db, who, q->department_id, &s, err)))
		return rc;
	json_object *items = json_object_new_array();
	*out = report_new(&s);
	json_object_object_add(*out, "items", items);
	if ((rc = db_dash_alerts(&ctx->db, s.department_id, ctx->cfg->alert_idle_s, add_alerts,
	                         items, err))) {
		json_object_put(*out);
		*out = NULL;
		return rc;
	}
	json_object_object_add(*out, "total",
	                       json_object_new_int64((int64_t)json_object_array_length(items)));
	return QS_OK;
}

struct alert_change {
	long dept;
	char *alerts, *fingerprint;
};

struct alert_changes {
	struct alert_change *v;
	size_t n, cap;
};

static void collect_alerts(long dept, const char *alerts, const char *fingerprint, void *arg)
{
	struct alert_changes *c = arg;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct alert_change *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (struct alert_change){ dept, strdup(alerts), strdup(fingerprint) };
}

int svc_dashboard_rollup(struct qs_ctx *ctx)
{
	struct qs_err err;
	int filled = 0;
	qs_err_clear(&err);
	if (qs_db_ensure(&ctx->db, &err) || db_dashboard_rollup(&ctx->db, 200, &filled, &err)) {
		qs_log_warn("rollup_failed", "message=\"%s\"", err.message);
		return -1;
	}
	return filled;
}

int svc_alerts_leader(struct qs_ctx *ctx)
{
	struct qs_err err;
	int leader = 0;
	qs_err_clear(&err);
	if (qs_db_ensure(&ctx->db, &err) || db_alert_job_lock(&ctx->db, &leader, &err))
		return 0;
	return leader;
}

int svc_alerts_tick(struct qs_ctx *ctx)
{
	struct alert_changes all = { 0 };
	struct qs_err err;
	int changed_total = 0;

	qs_err_clear(&err);
	if (qs_db_ensure(&ctx->db, &err) ||
	    db_dash_alerts(&ctx->db, 0, ctx->cfg->alert_idle_s, collect_alerts, &all, &err)) {
		qs_log_warn("alerts_failed", "message=\"%s\"", err.message);
		changed_total = -1;
		goto out;
	}
	for (size_t i = 0; i < all.n; i++) {
		struct alert_change *a = &all.v[i];
		int changed = 0;
		long seq = 0;
		char *waiting = NULL;
		if (!a->alerts || !a->fingerprint)
			continue;
		/* the seq row is taken last, just before COMMIT */
		if (qs_db_begin(&ctx->db, &err) ||
		    db_alert_state_swap(&ctx->db, a->dept, a->alerts, a->fingerprint, &changed, &err) ||
		    (changed ? db_department_seq_commit(&ctx->db, a->dept, &seq, &waiting, &err)
		             : qs_db_commit(&ctx->db, &err))) {
			qs_db_rollback(&ctx->db);
			free(waiting);
			qs_log_warn("alerts_failed", "dept=%ld message=\"%s\"", a->dept, err.message);
			changed_total = -1;
			goto out;
		}
		if (changed) {
			json_object *list = json_tokener_parse(a->alerts);
			long total = list ? (long)json_object_array_length(list) : 0;
			json_object_put(list);
			qs_event_publish_alerts(ctx, a->dept, seq, total, waiting);
			qs_log_info("alerts_updated", "dept=%ld seq=%ld", a->dept, seq);
			changed_total++;
		}
		free(waiting);
	}
out:
	for (size_t i = 0; i < all.n; i++) {
		free(all.v[i].alerts);
		free(all.v[i].fingerprint);
	}
	free(all.v);
	return changed_total;
}

/* ---- the CSV export ---- */

struct export {
	const struct qs_dash_sink *sink;
	struct qs_csv buf;
	int gone;
};

static int flush(struct export *x)
{
	if (!x->gone && x->sink->write(x->sink->arg, x->buf.data, x->buf.len))
		x->gone = 1;
	x->buf.len = 0;
	return x->gone;
}

static int export_row(const char *const *fields, const int *lens, void *arg)
{
	struct export *x = arg;
	if (qs_csv_row(&x->buf, fields, lens, QS_EXPORT_COLUMNS))
		return x->gone = 1;
	return x->buf.len >= 32768 ? flush(x) : 0;
}

static enum qs_rc export_on(struct qs_ctx *ctx, struct qs_db *db, void *arg)
{
	(void)ctx;
	struct report *r = arg;
	const struct qs_principal *who = r->who;
	const struct qs_dash_query *q = r->q;
	const struct qs_dash_sink *sink = r->sink;
	struct qs_err *err = r->err;
	struct qs_dash_scope s;
	struct export x = { sink, { 0 }, 0 };
	char from[QS_DATE_LEN], to[QS_DATE_LEN], name[96];
	int lens[QS_EXPORT_COLUMNS], rows;
	enum qs_rc rc;

	if ((rc = qs_db_begin_snapshot(db, err)))
		return rc;
	if ((rc = scope_of(db, who, q->department_id, &s, err)) ||
	    (rc = range_of(q, &s, 1, from, to, err)) ||
	    (rc = db_dash_export_open(db, s.department_id, from, to, err)))
		goto out;
	if (s.department_id)
		snprintf(name, sizeof name, "qstream-department-%ld-%s-to-%s.csv", s.department_id,
		         from, to);
	else
		snprintf(name, sizeof name, "qstream-all-departments-%s-to-%s.csv", from, to);
	sink->begin(sink->arg, name);
	/* a UTF-8 byte order mark, so that spreadsheets read the names right */
	x.gone = sink->write(sink->arg, "\xEF\xBB\xBF", 3) != 0;
	for (int c = 0; c < QS_EXPORT_COLUMNS; c++)
		lens[c] = (int)strlen(qs_export_header[c]);
	if (qs_csv_row(&x.buf, qs_export_header, lens, QS_EXPORT_COLUMNS))
		goto out;
	do {
		if ((rc = db_dash_export_fetch(db, 1000, export_row, &x, &rows, err)))
			break;
	} while (rows > 0 && !x.gone);
	if (!rc && !x.gone)
		flush(&x);
	if (rc || x.gone)
		qs_log_warn("export_ended", "rc=%d client_gone=%d", rc, x.gone);
	/* once the download has begun, an error can only end it */
	rc = QS_OK;
out:
	qs_db_rollback(db);       /* read only: nothing to keep */
	free(x.buf.data);
	return rc;
}

enum qs_rc svc_dashboard_export(struct qs_ctx *ctx, const struct qs_principal *who,
                                const struct qs_dash_query *q, const struct qs_dash_sink *sink,
                                struct qs_err *err)
{
	struct report r = { who, q, NULL, sink, err, NULL };
	return db_replica_run(ctx, export_on, &r, err);
}
