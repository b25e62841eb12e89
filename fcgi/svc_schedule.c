/* svc_schedule: shifts, schedules and staffing (svc_schedule.h). */
#include "svc_schedule.h"
#include "db_departments.h"
#include "db_schedule.h"
#include "erlang.h"
#include "events.h"
#include "ics.h"
#include "svc_org.h"
#include "tx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_admin(const struct qs_principal *who)
{
	return strcmp(who->role, "admin") == 0;
}

/* The department a list reads: an admin any (0: all), others their own. */
static enum qs_rc read_scope(const struct qs_principal *who, long asked, long *dept,
                             struct qs_err *err)
{
	if (is_admin(who)) {
		*dept = asked;
		return QS_OK;
	}
	if (asked && asked != who->department_id)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
	*dept = who->department_id;
	return QS_OK;
}

/* from..to with defaults (from today, `days` days), at most 366 days. */
static enum qs_rc date_range(const char *from, const char *to, const char *today, int days,
                             char f[QS_DATE_LEN], char t[QS_DATE_LEN], struct qs_err *err)
{
	snprintf(f, QS_DATE_LEN, "%s", from && *from ? from : today);
	if (to && *to)
		snprintf(t, QS_DATE_LEN, "%s", to);
	else
		qs_date_from_days(qs_date_days(f) + days - 1, t);
	long a = qs_date_days(f), b = qs_date_days(t);
	if (a < 0 || b < 0)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "bad date");
	if (a > b)
		return qs_err_field(err, "from", "after_to");
	if (b - a + 1 > 366)
		return qs_err_field(err, "to", "range_too_long");
	return QS_OK;
}

/* Today in the department's zone (UTC without a department). */
static void local_today(struct qs_ctx *ctx, long dept, char out[QS_DATE_LEN])
{
	char tz[64];
	int sla;
	struct qs_err e;
	qs_err_clear(&e);
	if (dept > 0 && db_staffing_department(&ctx->db, dept, tz, &sla, out, &e) == QS_OK)
		return;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, QS_DATE_LEN, "%Y-%m-%d", &tm);
}

/* ---- shifts ---- */

enum qs_rc svc_shift_list(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                          const struct qs_page *pg, json_object **out, struct qs_err *err)
{
	enum qs_rc rc = read_scope(who, dept, &dept, err);
	if (rc)
		return rc;
	if (!dept)
		return qs_err_field(err, "department_id", "required");
	/* retired shifts are history: managers see them, staff the ones in use */
	return db_shift_list(&ctx->db, dept, strcmp(who->role, "staff") != 0, pg, out, err);
}

static enum qs_rc name_taken(enum qs_rc rc, struct qs_err *err)
{
	if (rc != QS_E_CONFLICT)
		return rc;
	return qs_err_conflict(err, "name", "taken", "the department has a shift of that name");
}

/* A shift whose times change or that is retired must have no schedules from
 * today on (they would move or lose their hours). */
struct shift_change {
	long id;
	int times_change, retire;
	const struct qs_shift_in *in;
};

static enum qs_rc shift_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	struct shift_change *c = arg;
	long future = 0;
	char first[11];
	enum qs_rc rc;
	(void)tx;
	if ((c->times_change || c->retire) &&
	    (rc = db_shift_future(&ctx->db, c->id, &future, first, err)))
		return rc;
	if (future)
		return qs_err_conflict(err, "shift_id", "has_future_schedules",
		                       "the shift has %ld schedule%s from %s on; %s", future,
		                       future == 1 ? "" : "s", first,
		                       c->retire ? "delete them first"
		                                 : "delete or move them first, or make a new shift");
	if (c->retire)
		return db_shift_update(&ctx->db, c->id, NULL, NULL, NULL, "f", err);
	return name_taken(db_shift_update(&ctx->db, c->id, c->in->name, c->in->start_time,
	                                  c->in->end_time, NULL, err), err);
}

enum qs_rc svc_shift_create(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                            const struct qs_shift_in *in, json_object **out, struct qs_err *err)
{
	long id;
	json_object *d = NULL;
	enum qs_rc rc = svc_scope_manage(who, dept, err);
	if (!rc)
		rc = svc_department_get(ctx, who, dept, &d, err);
	json_object_put(d);
	if (rc)
		return rc == QS_E_NOT_FOUND ? qs_err_set(err, QS_E_NOT_FOUND, NULL,
		                                         "department not found") : rc;
	if (strcmp(in->start_time, in->end_time) == 0)
		return qs_err_field(err, "end_time", "equals_start_time");
	rc = name_taken(db_shift_insert(&ctx->db, dept, in->name, in->start_time, in->end_time,
	                                &id, err), err);
	return rc ? rc : db_shift_json(&ctx->db, id, out, err);
}

enum qs_rc svc_shift_update(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                            const struct qs_shift_in *in, json_object **out, struct qs_err *err)
{
	struct qs_shift_row s;
	enum qs_rc rc = db_shift_get(&ctx->db, id, &s, err);
	if (!rc)
		rc = svc_scope_manage(who, s.department_id, err);
	if (rc)
		return rc;
	const char *start = in->start_time ? in->start_time : s.start_time;
	const char *end = in->end_time ? in->end_time : s.end_time;
	if (strcmp(start, end) == 0)
		return qs_err_field(err, in->end_time ? "end_time" : "start_time", "equals_start_time");
	struct shift_change c = {
		id, strcmp(start, s.start_time) != 0 || strcmp(end, s.end_time) != 0, 0, in
	};
	static const struct qs_tx_frame frame = { shift_body, NULL, 0 };
	rc = qs_tx_run(ctx, &frame, &c, err);
	return rc ? rc : db_shift_json(&ctx->db, id, out, err);
}

enum qs_rc svc_shift_delete(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                            struct qs_err *err)
{
	struct qs_shift_row s;
	enum qs_rc rc = db_shift_get(&ctx->db, id, &s, err);
	if (!rc)
		rc = svc_scope_manage(who, s.department_id, err);
	if (rc)
		return rc;
	struct shift_change c = { id, 0, 1, NULL };
	static const struct qs_tx_frame frame = { shift_body, NULL, 0 };
	return qs_tx_run(ctx, &frame, &c, err);
}

/* ---- schedules ---- */

/* "user_id", or "items[3].user_id" in a batch */
static enum qs_rc item_field(struct qs_err *err, int bulk, size_t i, const char *field,
                             const char *issue)
{
	char name[48];
	if (bulk)
		snprintf(name, sizeof name, "items[%zu].%s", i, field);
	else
		snprintf(name, sizeof name, "%s", field);
	return qs_err_field(err, name, issue);
}

/* The verdict on a person or counter an item names, as the lookup left it
 * (rc, its department, whether in use): it must be of the shift's
 * department and in use. */
static enum qs_rc member_of(enum qs_rc rc, long dept, int active, long want, int bulk, size_t i,
                            const char *field, struct qs_err *err)
{
	if (rc == QS_E_NOT_FOUND || (!rc && dept != want)) {
		qs_err_clear(err);
		return item_field(err, bulk, i, field, "not_in_department");
	}
	if (rc)
		return rc;
	return active ? QS_OK : item_field(err, bulk, i, field, "inactive");
}

/* Check one item against the rules, inside the transaction; *dept is the
 * department it belongs to (the shift's). */
static enum qs_rc check_item(struct qs_ctx *ctx, const struct qs_principal *who,
                             const struct qs_schedule_in *in, int bulk, size_t i, long *dept,
                             struct qs_err *err)
{
	struct qs_shift_row s;
	long udept, cdept;
	int active;
	enum qs_rc rc = db_shift_get(&ctx->db, in->shift_id, &s, err);
	if (!rc)
		rc = svc_scope_manage(who, s.department_id, err);
	if (rc == QS_E_NOT_FOUND) {
		/* a shift the caller may not see does not exist for them */
		qs_err_clear(err);
		return bulk ? item_field(err, bulk, i, "shift_id", "not_found")
		            : qs_err_set(err, QS_E_NOT_FOUND, NULL, "shift not found");
	}
	if (rc)
		return rc;
	if (!s.active)
		return item_field(err, bulk, i, "shift_id", "inactive");
	*dept = s.department_id;
	rc = db_schedule_person(&ctx->db, in->user_id, &udept, &active, err);
	if ((rc = member_of(rc, udept, active, s.department_id, bulk, i, "user_id", err)))
		return rc;
	if (!in->counter_id)
		return QS_OK;
	rc = db_schedule_counter(&ctx->db, in->counter_id, &cdept, &active, err);
	return member_of(rc, cdept, active, s.department_id, bulk, i, "counter_id", err);
}

/* The overlap of item i, named: a schedule already there, or another item
 * of the same batch.  Runs inside the transaction (after a rollback to the
 * item's savepoint), so it sees the batch's earlier items. */
static enum qs_rc conflict(struct qs_ctx *ctx, const struct qs_schedule_in *in, int bulk,
                           size_t i, const long *made, size_t nmade, struct qs_err *err)
{
	long other = 0;
	char what[160];
	struct qs_err e2;
	qs_err_clear(&e2);
	qs_err_clear(err);
	if (db_schedule_overlapping(&ctx->db, in->user_id, in->shift_id, in->date, &other, what,
	                            sizeof what, &e2) || !other)
		qs_err_set(err, QS_E_CONFLICT, "schedule_conflict", "overlaps another schedule of the person");
	else {
		size_t j = 0;
		while (j < nmade && made[j] != other)
			j++;
		if (j < nmade)
			qs_err_set(err, QS_E_CONFLICT, "schedule_conflict",
			           "overlaps item %zu of this request (%s)", j, what);
		else
			qs_err_set(err, QS_E_CONFLICT, "schedule_conflict",
			           "overlaps schedule %ld (%s) of the same person", other, what);
		err->conflict_id = j < nmade ? 0 : other;
	}
	char name[48];
	snprintf(name, sizeof name, bulk ? "items[%zu].date" : "date", i);
	qs_err_add_detail(err, name, "overlaps");
	return QS_E_CONFLICT;
}

/* "{1,2,3}" */
static void id_array(const long *ids, size_t n, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "{");
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%ld", i ? "," : "", ids[i]);
	if (used < len)
		snprintf(buf + used, len - used, "}");
}

static void publish(struct qs_ctx *ctx, const char *req_id, long dept, long seq,
                    const char *change, const long *ids, size_t n, const char *waiting)
{
	/* ids only: the event reaches public sockets too, and a screen that
	 * cares refetches what it may see */
	json_object *body = json_object_new_object(), *list = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(list, json_object_new_int64(ids[i]));
	json_object_object_add(body, "change", json_object_new_string(change));
	json_object_object_add(body, "ids", list);
	qs_event_publish_with(ctx, req_id, "schedule_updated", dept, seq, "schedules", body, waiting);
}

#define MAX_TX_DEPTS 8

/* Schedules made in the frame of tx.h: the items, then the seq of each
 * department touched, the last one with COMMIT; an event per department
 * after. */
struct schedule_create {
	const char *req_id;
	const struct qs_principal *who;
	const struct qs_schedule_in *in;
	size_t n;
	int bulk;
	long *made, *depts;             /* per item: the schedule made, its department */
	long seq[MAX_TX_DEPTS], seq_dept[MAX_TX_DEPTS];
	size_t nseq;
};

static enum qs_rc create_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg,
                              struct qs_err *err)
{
	struct schedule_create *c = arg;
	const struct qs_schedule_in *in = c->in;
	enum qs_rc rc = QS_OK;
	c->nseq = 0;
	for (size_t i = 0; i < c->n && !rc; i++) {
		c->made[i] = 0;
		if ((rc = check_item(ctx, c->who, &in[i], c->bulk, i, &c->depts[i], err)) ||
		    (rc = qs_db_exec(&ctx->db, "SAVEPOINT item", err)))
			break;
		rc = db_schedule_insert(&ctx->db, c->depts[i], in[i].user_id, in[i].shift_id, in[i].date,
		                        in[i].counter_id, c->who->user_id, &c->made[i], err);
		if (rc == QS_E_CONFLICT) {
			struct qs_err e2;
			qs_err_clear(&e2);
			if (qs_db_exec(&ctx->db, "ROLLBACK TO SAVEPOINT item", &e2) == QS_OK)
				rc = conflict(ctx, &in[i], c->bulk, i, c->made, i, err);
		}
	}
	/* the departments touched, in the order of the items */
	for (size_t i = 0; i < c->n && !rc; i++) {
		size_t k = 0;
		while (k < c->nseq && c->seq_dept[k] != c->depts[i])
			k++;
		if (k < c->nseq)
			continue;
		if (c->nseq == MAX_TX_DEPTS)
			return item_field(err, c->bulk, i, "shift_id", "too_many_departments");
		c->seq_dept[c->nseq++] = c->depts[i];
	}
	/* their seq rows last, the last one with COMMIT (locked only that long) */
	for (size_t k = 0; k < c->nseq && !rc; k++) {
		free(tx->waiting);
		tx->waiting = NULL;
		if (k + 1 < c->nseq)
			rc = db_department_next_seq(&ctx->db, c->seq_dept[k], &c->seq[k], &tx->waiting, err);
		else if (!(rc = db_department_seq_commit(&ctx->db, c->seq_dept[k], &c->seq[k],
		                                         &tx->waiting, err)))
			tx->committed = 1;
	}
	return rc;
}

static void create_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct schedule_create *c = arg;
	(void)tx;
	for (size_t k = 0; k < c->nseq; k++) {
		long mine[c->n ? c->n : 1];
		size_t m = 0;
		for (size_t i = 0; i < c->n; i++)
			if (c->depts[i] == c->seq_dept[k])
				mine[m++] = c->made[i];
		publish(ctx, c->req_id, c->seq_dept[k], c->seq[k], "created", mine, m, NULL);
	}
}

enum qs_rc svc_schedule_create(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, const struct qs_schedule_in *in,
                               size_t n, int bulk, json_object **out, struct qs_err *err)
{
	struct schedule_create c = {
		.req_id = req_id, .who = who, .in = in, .n = n, .bulk = bulk,
		.made = calloc(n ? n : 1, sizeof *c.made),
		.depts = calloc(n ? n : 1, sizeof *c.depts),
	};
	char *ids = NULL;
	enum qs_rc rc;

	*out = NULL;
	if (!c.made || !c.depts) {
		rc = qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
		goto out;
	}
	/* two people planning the same person at once can meet in the
	 * exclusion constraint's check as a deadlock: the loser tries again and
	 * then finds the winner's schedule (409) */
	static const struct qs_tx_frame frame = { create_body, create_publish, 0 };
	if ((rc = qs_tx_run(ctx, &frame, &c, err)))
		goto out;
	size_t len = n * 21 + 3;
	if (!(ids = malloc(len))) {
		rc = qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
		goto out;
	}
	id_array(c.made, n, ids, len);
	rc = db_schedule_json_list(&ctx->db, ids, out, err);
out:
	free(c.made);
	free(c.depts);
	free(ids);
	return rc;
}

struct schedule_delete {
	const char *req_id;
	long id, dept;
};

static enum qs_rc delete_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg,
                              struct qs_err *err)
{
	struct schedule_delete *c = arg;
	enum qs_rc rc = db_schedule_delete(&ctx->db, c->id, err);
	if (!rc && !(rc = db_department_seq_commit(&ctx->db, c->dept, &tx->seq, &tx->waiting, err)))
		tx->committed = 1;
	return rc;
}

static void delete_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct schedule_delete *c = arg;
	publish(ctx, c->req_id, c->dept, tx->seq, "deleted", &c->id, 1, NULL);
}

enum qs_rc svc_schedule_delete(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, long id, struct qs_err *err)
{
	long dept, user;
	enum qs_rc rc = db_schedule_owner(&ctx->db, id, &dept, &user, err);
	if (!rc)
		rc = svc_scope_manage(who, dept, err);
	if (rc == QS_E_FORBIDDEN && strcmp(who->role, "staff") == 0 && user != who->user_id) {
		/* another person's schedule does not exist for staff */
		qs_err_clear(err);
		rc = qs_err_set(err, QS_E_NOT_FOUND, NULL, "schedule not found");
	}
	if (rc)
		return rc;
	struct schedule_delete c = { req_id, id, dept };
	static const struct qs_tx_frame frame = { delete_body, delete_publish, 0 };
	return qs_tx_run(ctx, &frame, &c, err);
}

enum qs_rc svc_schedule_list(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                             long user_id, const char *from, const char *to,
                             const struct qs_page *pg, json_object **out, struct qs_err *err)
{
	char today[QS_DATE_LEN], f[QS_DATE_LEN], t[QS_DATE_LEN];
	enum qs_rc rc = read_scope(who, dept, &dept, err);
	if (rc)
		return rc;
	if (strcmp(who->role, "staff") == 0) {
		/* staff read their own schedule only */
		if (user_id && user_id != who->user_id)
			return qs_err_set(err, QS_E_NOT_FOUND, NULL, "user not found");
		user_id = who->user_id;
	}
	local_today(ctx, dept ? dept : who->department_id, today);
	if ((rc = date_range(from, to, today, 7, f, t, err)))
		return rc;
	return db_schedule_list(&ctx->db, dept, user_id, f, t, pg, out, err);
}

enum qs_rc svc_schedule_me(struct qs_ctx *ctx, const struct qs_principal *who, const char *from,
                           const char *to, const struct qs_page *pg, json_object **out,
                           struct qs_err *err)
{
	char today[QS_DATE_LEN], f[QS_DATE_LEN], t[QS_DATE_LEN];
	local_today(ctx, who->department_id, today);
	enum qs_rc rc = date_range(from, to, today, 28, f, t, err);
	if (!rc)
		rc = db_schedule_list(&ctx->db, 0, who->user_id, f, t, pg, out, err);
	if (!rc) {
		json_object_object_add(*out, "from", json_object_new_string(f));
		json_object_object_add(*out, "to", json_object_new_string(t));
	}
	return rc;
}

/* ---- the calendar file ---- */

static const char *str_of(json_object *o, const char *key)
{
	json_object *v = json_object_object_get(o, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

enum qs_rc svc_schedule_me_ics(struct qs_ctx *ctx, const struct qs_principal *who,
                               const char *from, const char *to, char **text, size_t *len,
                               struct qs_err *err)
{
	struct qs_page pg = { 200, 0 };
	struct qs_ics_transition *tr = NULL;
	struct qs_ics_event *ev = NULL;
	json_object *list = NULL;
	char today[QS_DATE_LEN], f[QS_DATE_LEN], t[QS_DATE_LEN], name[201], tz[64], host[256];
	char (*summaries)[320] = NULL;
	size_t ntr = 0, n = 0;
	int offset_s = 0;
	enum qs_rc rc;

	*text = NULL;
	local_today(ctx, who->department_id, today);
	if ((rc = date_range(from, to, today, 56, f, t, err)) ||
	    (rc = db_schedule_list(&ctx->db, 0, who->user_id, f, t, &pg, &list, err)) ||
	    (rc = db_schedule_zone(&ctx->db, who->department_id, f, t, name, tz, &offset_s, &tr,
	                           &ntr, err)))
		goto out;
	json_object *items = json_object_object_get(list, "items");
	n = json_object_array_length(items);
	ev = calloc(n ? n : 1, sizeof *ev);
	summaries = calloc(n ? n : 1, sizeof *summaries);
	if (!ev || !summaries) {
		rc = qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(items, i);
		snprintf(summaries[i], sizeof summaries[i], "%s (%s)", str_of(o, "shift_name"), name);
		ev[i] = (struct qs_ics_event){
			.id = json_object_get_int64(json_object_object_get(o, "id")),
			.date = str_of(o, "date"), .start = str_of(o, "start_time"),
			.end = str_of(o, "end_time"), .summary = summaries[i],
			.location = str_of(o, "counter_name"),
		};
	}
	/* UIDs carry the installation's host name, from public_url */
	const char *u = strstr(ctx->cfg->public_url, "://");
	snprintf(host, sizeof host, "%s", u ? u + 3 : ctx->cfg->public_url);
	host[strcspn(host, "/:")] = '\0';
	char calname[256];
	snprintf(calname, sizeof calname, "QStream: %s", name);
	const struct qs_ics_calendar cal = { calname, tz, offset_s, tr, ntr, ev, n,
	                                     host[0] ? host : "qstream", time(NULL) };
	if (!(*text = qs_ics_build(&cal, len)))
		rc = qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
out:
	json_object_put(list);
	free(tr);
	free(ev);
	free(summaries);
	return rc;
}

/* ---- staffing ---- */

struct staffing {
	json_object *hours;
	double target_s;
	long hours_short;
};

static json_object *rounded(double v, int decimals)
{
	double scale = pow(10, decimals);
	return json_object_new_double(round(v * scale) / scale);
}

static void add_hour(const struct qs_staffing_row *r, void *arg)
{
	struct staffing *s = arg;
	struct qs_erlang need, have;
	int recommended = qs_erlang_agents(r->expected_arrivals, 3600, r->aht_seconds, s->target_s,
	                                   QS_STAFFING_GOAL, 500, &need);
	if (recommended < 0)
		recommended = 500;
	have = qs_erlang_eval((int)r->scheduled, r->expected_arrivals, 3600, r->aht_seconds,
	                      s->target_s);
	json_object *h = json_object_new_object();
	json_object_object_add(h, "hour", json_object_new_int(r->hour));
	json_object_object_add(h, "start", json_object_new_string(r->start));
	json_object_object_add(h, "expected_arrivals", rounded(r->expected_arrivals, 1));
	json_object_object_add(h, "avg_service_minutes", rounded(r->aht_seconds / 60, 1));
	json_object_object_add(h, "recommended_staff", json_object_new_int(recommended));
	json_object_object_add(h, "scheduled_staff", json_object_new_int64(r->scheduled));
	/* the share served within the target with the staff scheduled */
	json_object_object_add(h, "service_level", rounded(have.service_level, 3));
	json_object_object_add(h, "understaffed", json_object_new_boolean(r->scheduled < recommended));
	json_object_array_add(s->hours, h);
	if (r->scheduled < recommended)
		s->hours_short++;
}

enum qs_rc svc_staffing(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                        const char *date, json_object **out, struct qs_err *err)
{
	char tz[64], today[QS_DATE_LEN];
	int sla;
	enum qs_rc rc = read_scope(who, dept, &dept, err);
	if (rc)
		return rc;
	if (!dept)
		return qs_err_field(err, "department_id", "required");
	if ((rc = db_staffing_department(&ctx->db, dept, tz, &sla, today, err)))
		return rc;
	const char *day = date && *date ? date : today;
	struct staffing s = { json_object_new_array(), sla * 60.0, 0 };
	if ((rc = db_staffing_hours(&ctx->db, dept, day, add_hour, &s, err))) {
		json_object_put(s.hours);
		return rc;
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "department_id", json_object_new_int64(dept));
	json_object_object_add(*out, "date", json_object_new_string(day));
	json_object_object_add(*out, "timezone", json_object_new_string(tz));
	json_object_object_add(*out, "sla_wait_minutes", json_object_new_int(sla));
	json_object_object_add(*out, "service_level_goal", json_object_new_double(QS_STAFFING_GOAL));
	json_object_object_add(*out, "understaffed_hours", json_object_new_int64(s.hours_short));
	json_object_object_add(*out, "hours", s.hours);
	return QS_OK;
}
