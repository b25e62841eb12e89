/* svc_org: organisation rules (svc_org.h). */
#include "svc_org.h"
#include "db_departments.h"
#include "events.h"
#include "qs_log.h"
#include "tx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_admin(const struct qs_principal *who)
{
	return strcmp(who->role, "admin") == 0;
}

enum qs_rc svc_scope_read(const struct qs_principal *who, long department_id,
                          struct qs_err *err)
{
	if (is_admin(who) || (department_id > 0 && department_id == who->department_id))
		return QS_OK;
	return qs_err_set(err, QS_E_NOT_FOUND, NULL, "not found");
}

enum qs_rc svc_scope_manage(const struct qs_principal *who, long department_id,
                            struct qs_err *err)
{
	enum qs_rc rc = svc_scope_read(who, department_id, err);
	if (rc)
		return rc;
	if (strcmp(who->role, "staff") == 0)
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "staff may not change this");
	return QS_OK;
}

/* ---- opening hours ---- */

static int minutes_of(const char *hhmm)
{
	if (strlen(hhmm) != 5 || hhmm[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (hhmm[i] < '0' || hhmm[i] > '9'))
			return -1;
	int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
	int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
	/* 24:00 closes a day */
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

enum qs_rc qs_opening_hours_check(json_object *hours, const char *field, struct qs_err *err)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	if (!hours)
		return QS_OK;
	json_object_object_foreach(hours, day, spans) {
		int known = 0;
		for (int i = 0; i < 7; i++)
			known |= strcmp(day, days[i]) == 0;
		if (!known || !json_object_is_type(spans, json_type_array))
			return qs_err_field(err, field, "invalid");
		size_t n = json_object_array_length(spans);
		if (n > 8)
			return qs_err_field(err, field, "invalid");
		int from[8], to[8];
		for (size_t i = 0; i < n; i++) {
			json_object *span = json_object_array_get_idx(spans, i);
			if (!json_object_is_type(span, json_type_array) ||
			    json_object_array_length(span) != 2)
				return qs_err_field(err, field, "invalid");
			json_object *a = json_object_array_get_idx(span, 0);
			json_object *b = json_object_array_get_idx(span, 1);
			if (!json_object_is_type(a, json_type_string) ||
			    !json_object_is_type(b, json_type_string))
				return qs_err_field(err, field, "invalid");
			from[i] = minutes_of(json_object_get_string(a));
			to[i] = minutes_of(json_object_get_string(b));
			if (from[i] < 0 || to[i] < 0 || from[i] >= to[i] || from[i] == 24 * 60)
				return qs_err_field(err, field, "invalid");
			for (size_t j = 0; j < i; j++)
				if (from[i] < to[j] && from[j] < to[i])
					return qs_err_field(err, field, "invalid");
		}
	}
	return QS_OK;
}

/* ---- departments ---- */

enum qs_rc svc_department_list(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_page *pg, json_object **out, struct qs_err *err)
{
	return db_department_list(&ctx->db, is_admin(who) ? 0 : who->department_id, pg, out, err);
}

enum qs_rc svc_department_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                              json_object **out, struct qs_err *err)
{
	enum qs_rc rc = svc_scope_read(who, id, err);
	if (rc)
		return rc;
	return db_department_get(&ctx->db, id, out, err);
}

enum qs_rc svc_department_save(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                               const struct qs_department_in *in, json_object *opening_hours,
                               json_object **out, struct qs_err *err)
{
	enum qs_rc rc;
	int valid = 1;

	if (!is_admin(who))
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "only an admin manages departments");
	if ((rc = qs_opening_hours_check(opening_hours, "opening_hours", err)))
		return rc;
	if (in->timezone.set && (rc = db_timezone_valid(&ctx->db, in->timezone.v, &valid, err)))
		return rc;
	if (!valid)
		return qs_err_field(err, "timezone", "invalid");
	return id ? db_department_update(&ctx->db, id, in, out, err)
	          : db_department_insert(&ctx->db, in, out, err);
}

/* ---- services and counters: reading ---- */

static const struct {
	enum qs_rc (*list)(struct qs_db *, long, const struct qs_page *, json_object **,
	                   struct qs_err *);
	enum qs_rc (*get)(struct qs_db *, long, json_object **, struct qs_err *);
} readers[] = {
	[QS_OBJ_SERVICE] = { db_service_list, db_service_get },
	[QS_OBJ_COUNTER] = { db_counter_list, db_counter_get },
};

enum qs_rc svc_dept_object_list(struct qs_ctx *ctx, const struct qs_principal *who,
                                enum qs_object kind, long dept, const struct qs_page *pg,
                                json_object **out, struct qs_err *err)
{
	json_object *d = NULL;
	enum qs_rc rc = svc_department_get(ctx, who, dept, &d, err);
	json_object_put(d);
	if (rc)
		return rc;
	return readers[kind].list(&ctx->db, dept, pg, out, err);
}

enum qs_rc svc_dept_object_get(struct qs_ctx *ctx, const struct qs_principal *who,
                               enum qs_object kind, long id, json_object **out,
                               struct qs_err *err)
{
	long dept;
	enum qs_rc rc = db_object_department(&ctx->db, kind, id, &dept, err);
	if (!rc)
		rc = svc_scope_read(who, dept, err);
	if (!rc)
		rc = readers[kind].get(&ctx->db, id, out, err);
	return rc;
}

/* ---- services ---- */

/* A unique violation on a service can only be its prefix. */
static enum qs_rc prefix_taken(enum qs_rc rc, struct qs_err *err)
{
	if (rc != QS_E_CONFLICT)
		return rc;
	return qs_err_conflict(err, "prefix", "taken", "prefix is in use by another active service");
}

enum qs_rc svc_service_save(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                            long id, const struct qs_service_in *in, json_object **out,
                            struct qs_err *err)
{
	enum qs_rc rc;
	json_object *d = NULL;

	if (id && (rc = db_object_department(&ctx->db, QS_OBJ_SERVICE, id, &dept, err)))
		return rc;
	if ((rc = svc_scope_manage(who, dept, err)))
		return rc;
	if (!id) {
		/* a department the caller may see but that does not exist */
		if ((rc = db_department_get(&ctx->db, dept, &d, err)))
			return rc;
		json_object_put(d);
		return prefix_taken(db_service_insert(&ctx->db, dept, in, out, err), err);
	}
	return prefix_taken(db_service_update(&ctx->db, id, in, out, err), err);
}

/* ---- counters ---- */

enum qs_rc svc_counter_refusal(json_object *counter, long user_id, struct qs_err *err)
{
	json_object *v;
	long holder = (v = json_object_object_get(counter, "staff_id")) ? json_object_get_int64(v) : 0;
	const char *state = (v = json_object_object_get(counter, "state")) ? json_object_get_string(v)
	                                                                    : "";
	v = json_object_object_get(counter, "active");
	if (v && !json_object_get_boolean(v))
		return qs_err_conflict(err, "counter_id", "counter_inactive", "the counter is out of use");
	if (holder && holder != user_id && strcmp(state, "closed") != 0)
		return qs_err_conflict(err, "counter_id", "counter_taken",
		                       "someone else has this counter open");
	if (holder == user_id && strcmp(state, "paused") == 0)
		return qs_err_conflict(err, "counter_id", "counter_paused",
		                       "your counter is paused; resume it first");
	return qs_err_conflict(err, "counter_id", "counter_not_open", "open this counter first");
}

/* A change of a counter, in the frame of tx.h: the body writes, reads the
 * counter back and takes the department's seq with COMMIT; the event after. */
struct counter_change {
	const char *req_id;
	const struct qs_principal *who;
	long dept, asked, id;            /* asked: the id of the request (0: create) */
	const struct qs_counter_in *in;  /* save */
	const char *state;               /* set_state */
	json_object **out;
};

static enum qs_rc counter_finish(struct qs_ctx *ctx, struct qs_tx *tx, struct counter_change *c,
                                 struct qs_err *err)
{
	enum qs_rc rc = db_counter_get(&ctx->db, c->id, c->out, err);
	if (!rc && !(rc = db_department_seq_commit(&ctx->db, c->dept, &tx->seq, &tx->waiting, err)))
		tx->committed = 1;
	if (rc) {
		json_object_put(*c->out);
		*c->out = NULL;
	}
	return rc;
}

static void counter_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct counter_change *c = arg;
	if (c->state)
		qs_log_info("counter_state", "counter=%ld state=%s user=%ld", c->id, c->state,
		            c->who->user_id);
	qs_event_publish_counter(ctx, c->req_id, c->dept, tx->seq, json_object_get(*c->out),
	                         tx->waiting);
}

static enum qs_rc counter_save_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg,
                                    struct qs_err *err)
{
	struct counter_change *c = arg;
	enum qs_rc rc;
	c->id = c->asked; /* an insert rolled back by a retry inserts again */
	if (!c->id)
		rc = db_counter_insert(&ctx->db, c->dept, c->in->name.v, &c->id, err);
	else
		rc = db_counter_update(&ctx->db, c->id, c->in, err);
	if (!rc && c->in->service_ids.set)
		rc = db_counter_set_services(&ctx->db, c->id, c->in->service_ids.v, err);
	return rc ? rc : counter_finish(ctx, tx, c, err);
}

enum qs_rc svc_counter_save(struct qs_ctx *ctx, const char *req_id,
                            const struct qs_principal *who, long dept, long id,
                            const struct qs_counter_in *in, json_object **out,
                            struct qs_err *err)
{
	enum qs_rc rc;
	json_object *d = NULL;
	long found = 0;

	if (id && (rc = db_object_department(&ctx->db, QS_OBJ_COUNTER, id, &dept, err)))
		return rc;
	if ((rc = svc_scope_manage(who, dept, err)))
		return rc;
	if (!id) {
		if ((rc = db_department_get(&ctx->db, dept, &d, err)))
			return rc;
		json_object_put(d);
	}
	if (in->service_ids.set) {
		/* every listed service must be an active service of this department */
		if ((rc = db_services_count_active(&ctx->db, dept, in->service_ids.v, &found, err)))
			return rc;
		if (found != in->n_service_ids)
			return qs_err_field(err, "service_ids", "not_found");
	}
	struct counter_change c = { req_id, who, dept, id, id, in, NULL, out };
	static const struct qs_tx_frame frame = { counter_save_body, counter_publish, 0 };
	return qs_tx_run(ctx, &frame, &c, err);
}

static enum qs_rc counter_state_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg,
                                     struct qs_err *err)
{
	struct counter_change *c = arg;
	int changed = 0;
	enum qs_rc rc = db_counter_set_state(&ctx->db, c->id, c->state, c->who->user_id, &changed,
	                                     err);
	if (rc == QS_E_CONFLICT)
		/* the index of one open counter per person */
		return qs_err_conflict(err, "counter_id", "other_counter_open",
		                       "you already have another counter open");
	if (rc)
		return rc;
	if (!changed) {
		/* why, as the counter is now */
		json_object *now = NULL;
		if ((rc = db_counter_get(&ctx->db, c->id, &now, err)))
			return rc;
		rc = svc_counter_refusal(now, c->who->user_id, err);
		json_object_put(now);
		return rc;
	}
	return counter_finish(ctx, tx, c, err);
}

enum qs_rc svc_counter_set_state(struct qs_ctx *ctx, const char *req_id,
                                 const struct qs_principal *who, long id, const char *state,
                                 json_object **out, struct qs_err *err)
{
	json_object *cur = NULL, *holder = NULL;
	long dept;
	enum qs_rc rc;

	if ((rc = svc_dept_object_get(ctx, who, QS_OBJ_COUNTER, id, &cur, err)))
		return rc;
	dept = json_object_get_int64(json_object_object_get(cur, "department_id"));
	holder = json_object_object_get(cur, "staff_id");
	long holder_id = holder ? json_object_get_int64(holder) : 0;
	json_object_put(cur);
	/* closing someone else's counter is for the department's manager or an admin */
	if (strcmp(state, "closed") == 0 && holder_id && holder_id != who->user_id &&
	    (rc = svc_scope_manage(who, dept, err)))
		return rc;

	struct counter_change c = { req_id, who, dept, id, id, NULL, state, out };
	static const struct qs_tx_frame frame = { counter_state_body, counter_publish, 0 };
	return qs_tx_run(ctx, &frame, &c, err);
}

/* ---- settings ---- */

enum qs_rc svc_settings_get(struct qs_ctx *ctx, json_object **out, struct qs_err *err)
{
	return db_settings_get(&ctx->db, out, err);
}

enum qs_rc svc_settings_update(struct qs_ctx *ctx, json_object *patch, json_object **out,
                               struct qs_err *err)
{
	enum qs_rc rc = db_settings_update(&ctx->db, json_object_to_json_string_ext(
		                                            patch, JSON_C_TO_STRING_PLAIN), err);
	if (rc)
		return rc;
	return db_settings_get(&ctx->db, out, err);
}
