/* svc_queue: ticket transitions (svc_queue.h). */
#include "svc_queue.h"
#include "db_org.h"
#include "db_queue.h"
#include "db_tickets.h"
#include "events.h"
#include "qs_log.h"
#include "svc_org.h"
#include "tx.h"
#include "view_ticket.h"

#include <stdlib.h>
#include <string.h>

/* A ticket change in the frame of tx.h: the body's last statement reads the
 * ticket as it is now and takes the department's seq together with COMMIT
 * (one round trip: the seq row is locked only while they run); the event
 * after, with that seq. */
struct ticket_change {
	const char *req_id;
	const struct qs_principal *who;
	long counter_id;                /* call-next */
	long id;                        /* act: the ticket, by id or public_id */
	const char *public_id;
	enum qs_ticket_action action;
	const struct svc_queue_in *in;
	struct qs_ticket *out;
};

static enum qs_rc active_exists(struct qs_err *err)
{
	qs_err_clear(err);
	return qs_err_set(err, QS_E_CONFLICT, "active_ticket_exists",
	                  "finish your current ticket first");
}

/* The caller must hold the counter open, in a department they may work in. */
static enum qs_rc check_counter(struct qs_ctx *ctx, const struct qs_principal *who,
                                long counter_id, long *dept, struct qs_err *err)
{
	long active = 0;
	enum qs_rc rc = db_queue_desk_of(&ctx->db, counter_id, who->user_id, dept, &active, err);
	if (rc)
		return rc;
	if (!*dept) {
		/* not held by the caller: a counter they may not see does not exist
		 * for them (404 before any state), their own department's is 409
		 * with the reason (closed, paused, someone else's, out of use) */
		json_object *c = NULL;
		rc = svc_dept_object_get(ctx, who, QS_OBJ_COUNTER, counter_id, &c, err);
		if (rc == QS_E_NOT_FOUND) {
			qs_err_clear(err);
			return qs_err_set(err, QS_E_NOT_FOUND, NULL, "counter not found");
		}
		if (!rc)
			rc = svc_counter_refusal(c, who->user_id, err);
		json_object_put(c);
		return rc;
	}
	return active ? active_exists(err) : QS_OK;
}

static enum qs_rc call_next_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg,
                                 struct qs_err *err)
{
	struct ticket_change *c = arg;
	long dept = 0;
	int found = 0;
	enum qs_rc rc = check_counter(ctx, c->who, c->counter_id, &dept, err);
	if (rc)
		return rc;
	rc = db_queue_call_next_commit(&ctx->db, dept, c->counter_id, c->who->user_id, &found,
	                               &tx->seq, &tx->waiting, c->out, err);
	if (rc == QS_E_CONFLICT) /* the one-active-ticket index: a double press */
		return active_exists(err);
	if (rc)
		return rc;
	tx->committed = 1;
	if (!found)
		return qs_err_set(err, QS_E_CONFLICT, "no_waiting_ticket", "nobody is waiting");
	return QS_OK;
}

static void call_next_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct ticket_change *c = arg;
	qs_log_info("ticket_called", "req=%s ticket=%ld counter=%ld by=%ld seq=%ld", c->req_id,
	            c->out->id, c->counter_id, c->who->user_id, tx->seq);
	qs_event_publish_ticket(ctx, c->req_id, "ticket_called", c->out, tx->seq, tx->waiting);
}

enum qs_rc svc_queue_call_next(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, long counter_id,
                               struct qs_ticket *out, struct qs_err *err)
{
	static const struct qs_tx_frame frame = { call_next_body, call_next_publish, 0 };
	struct ticket_change c = { .req_id = req_id, .who = who, .counter_id = counter_id,
	                           .out = out };
	return qs_tx_run(ctx, &frame, &c, err);
}

static enum qs_rc invalid_transition(const struct qs_ticket_lock *t, enum qs_ticket_action a,
                                     struct qs_err *err)
{
	qs_err_set(err, QS_E_CONFLICT, "invalid_transition", "a %s ticket cannot %s", t->status,
	           qs_ticket_action_name(a));
	snprintf(err->current_status, sizeof err->current_status, "%s", t->status);
	return QS_E_CONFLICT;
}

/* Who may act on a ticket: the customer (who NULL) only on their own
 * waiting or completed ticket; staff in the ticket's department; on a
 * called or serving ticket only whoever called it (or a manager or admin). */
static enum qs_rc check_actor(const struct qs_principal *who, const struct qs_ticket_lock *t,
                              enum qs_ticket_action a, struct qs_err *err)
{
	if (!who)
		return QS_OK;
	enum qs_rc rc = svc_scope_read(who, t->department_id, err);
	if (rc)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "ticket not found");
	int on_desk = a == QS_ACT_RECALL || a == QS_ACT_START || a == QS_ACT_COMPLETE ||
	              a == QS_ACT_NO_SHOW || a == QS_ACT_TRANSFER || a == QS_ACT_REQUEUE;
	if (on_desk && strcmp(who->role, "staff") == 0 && t->served_by &&
	    t->served_by != who->user_id)
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "this ticket is someone else's");
	return QS_OK;
}

static enum qs_rc apply(struct qs_ctx *ctx, const struct qs_principal *who,
                        const struct qs_ticket_lock *t, enum qs_ticket_action a,
                        const struct svc_queue_in *in, struct qs_err *err)
{
	struct qs_db *db = &ctx->db;
	enum qs_rc rc;
	long dept = 0, max_recalls = 3;
	int yes = 0;

	switch (a) {
	case QS_ACT_CALL:
		if ((rc = check_counter(ctx, who, in->counter_id, &dept, err)))
			return rc;
		if (dept != t->department_id)
			return qs_err_conflict(err, "counter_id", "counter_other_department",
			                       "that counter is in another department");
		if ((rc = db_queue_counter_serves(db, in->counter_id, t->service_id, &yes, err)))
			return rc;
		if (!yes)
			return qs_err_conflict(err, "counter_id", "service_not_served",
			                       "that counter does not serve this service");
		rc = db_queue_call(db, t->id, in->counter_id, who->user_id, err);
		return rc == QS_E_CONFLICT ? active_exists(err) : rc;
	case QS_ACT_RECALL: {
		if ((rc = db_setting_long(db, "max_recalls", &max_recalls, err)))
			return rc;
		const char *next = qs_ticket_next_status(a, t->recall_count, (int)max_recalls);
		if ((rc = db_queue_recall(db, t->id, next, err)))
			return rc;
		return strcmp(next, "no_show") == 0 ? db_perf_count(db, t->id, 0, err) : QS_OK;
	}
	case QS_ACT_START:
		return db_queue_start(db, t->id, err);
	case QS_ACT_COMPLETE:
		if ((rc = db_queue_complete(db, t->id, in->notes, err)))
			return rc;
		return db_perf_count(db, t->id, 1, err);
	case QS_ACT_NO_SHOW:
		if ((rc = db_queue_no_show(db, t->id, err)))
			return rc;
		return db_perf_count(db, t->id, 0, err);
	case QS_ACT_CANCEL:
		return db_queue_cancel(db, t->id, err);
	case QS_ACT_TRANSFER: {
		long svc_dept = 0;
		rc = db_object_department(db, QS_OBJ_SERVICE, in->service_id, &svc_dept, err);
		if (rc == QS_E_NOT_FOUND || (!rc && svc_dept != t->department_id)) {
			qs_err_clear(err);
			return qs_err_field(err, "service_id", "not_found");
		}
		if (rc)
			return rc;
		if (in->service_id == t->service_id)
			return qs_err_field(err, "service_id", "invalid");
		return db_queue_transfer(db, t->id, in->service_id, err);
	}
	case QS_ACT_REQUEUE:
		return db_queue_requeue(db, t->id, in->last, err);
	case QS_ACT_DELAY:
		if (t->delays_used >= QS_MAX_DELAYS)
			return qs_err_conflict(err, "delays_used", "max_delays",
			                       "a ticket can be delayed at most %d times", QS_MAX_DELAYS);
		return db_queue_delay(db, t->id, err);
	case QS_ACT_RATE:
		if (t->rated)
			return qs_err_set(err, QS_E_CONFLICT, "already_rated", "this visit was rated already");
		return db_queue_rate(db, t->id, in->rating, in->comment, err);
	}
	return qs_err_set(err, QS_E_INTERNAL, NULL, "unknown action");
}

static enum qs_rc act_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	struct ticket_change *c = arg;
	struct qs_ticket_lock t;
	enum qs_rc rc;
	if ((rc = db_queue_lock(&ctx->db, c->id, c->public_id, &t, err)) ||
	    (rc = check_actor(c->who, &t, c->action, err)))
		return rc;
	if (!qs_ticket_action_allowed(t.status, c->action))
		return invalid_transition(&t, c->action, err);
	if ((rc = apply(ctx, c->who, &t, c->action, c->in, err)) ||
	    (rc = db_ticket_changed_commit(&ctx->db, t.id, t.department_id, &tx->seq, &tx->waiting,
	                                   c->out, err)))
		return rc;
	tx->committed = 1;
	return QS_OK;
}

static void act_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct ticket_change *c = arg;
	qs_log_info("ticket_changed", "req=%s ticket=%ld action=%s status=%s by=%ld seq=%ld",
	            c->req_id, c->out->id, qs_ticket_action_name(c->action), c->out->status,
	            c->who ? c->who->user_id : 0, tx->seq);
	/* a recall that ran out of recalls is a no-show, not a call */
	const char *type = strcmp(c->out->status, "no_show") == 0 ? "queue_update"
	                                                          : qs_ticket_event_type(c->action);
	qs_event_publish_ticket(ctx, c->req_id, type, c->out, tx->seq, tx->waiting);
}

enum qs_rc svc_queue_act(struct qs_ctx *ctx, const char *req_id, const struct qs_principal *who,
                         long id, const char *public_id, enum qs_ticket_action action,
                         const struct svc_queue_in *in, struct qs_ticket *out,
                         struct qs_err *err)
{
	static const struct qs_tx_frame frame = { act_body, act_publish, 0 };
	struct ticket_change c = { .req_id = req_id, .who = who, .id = id, .public_id = public_id,
	                           .action = action, .in = in, .out = out };
	return qs_tx_run(ctx, &frame, &c, err);
}

/* ---- reading ---- */

enum qs_rc svc_ticket_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                          struct qs_ticket *out, struct qs_err *err)
{
	enum qs_rc rc = db_ticket_get(&ctx->db, id, out, err);
	if (rc)
		return rc;
	if (svc_scope_read(who, out->department_id, err)) {
		qs_ticket_cleanup(out);
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "ticket not found");
	}
	return QS_OK;
}

enum qs_rc svc_ticket_track(struct qs_ctx *ctx, const char *public_id, struct qs_ticket *out,
                            struct qs_err *err)
{
	long id = 0;
	enum qs_rc rc = db_queue_id_by_public(&ctx->db, public_id, &id, err);
	if (rc)
		return rc;
	if (!id)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "ticket not found");
	return db_ticket_get(&ctx->db, id, out, err);
}

enum qs_rc svc_ticket_list(struct qs_ctx *ctx, const struct qs_principal *who,
                           struct qs_ticket_filter *f, long limit, long offset,
                           json_object **out, struct qs_err *err)
{
	long ids[200], total = 0;
	int n = 0;
	enum qs_rc rc;

	if (strcmp(who->role, "admin") != 0) {
		if (f->department_id && f->department_id != who->department_id)
			return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
		f->department_id = who->department_id;
	}
	if (limit > 200)
		limit = 200;
	if ((rc = db_queue_list(&ctx->db, f, limit, offset, ids, &n, &total, err)))
		return rc;
	json_object *items = json_object_new_array();
	for (int i = 0; i < n; i++) {
		struct qs_ticket t;
		if ((rc = db_ticket_get(&ctx->db, ids[i], &t, err))) {
			json_object_put(items);
			return rc;
		}
		json_object_array_add(items, qs_ticket_staff_json(&t, ctx->cfg->public_url));
		qs_ticket_cleanup(&t);
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "items", items);
	json_object_object_add(*out, "total", json_object_new_int64(total));
	return QS_OK;
}

/* ---- complaints ---- */

enum qs_rc svc_complaint_create(struct qs_ctx *ctx, const char *public_id, const char *category,
                                const char *message, json_object **out, struct qs_err *err)
{
	struct qs_ticket t;
	enum qs_rc rc = svc_ticket_track(ctx, public_id, &t, err);
	if (rc)
		return rc;
	json_object *full = NULL;
	rc = db_complaint_insert(&ctx->db, t.id, t.department_id, category, message, &full, err);
	qs_ticket_cleanup(&t);
	if (rc)
		return rc;
	/* the customer sees their complaint, not the staff's bookkeeping */
	*out = json_object_new_object();
	static const char *const keep[] = { "id", "category", "status", "created_at" };
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		json_object_object_add(*out, keep[i],
		                       json_object_get(json_object_object_get(full, keep[i])));
	json_object_put(full);
	return QS_OK;
}

enum qs_rc svc_complaint_list(struct qs_ctx *ctx, const struct qs_principal *who,
                              long department_id, const char *status, long limit, long offset,
                              json_object **out, struct qs_err *err)
{
	if (strcmp(who->role, "admin") != 0) {
		if (department_id && department_id != who->department_id)
			return qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
		department_id = who->department_id;
	}
	return db_complaint_list(&ctx->db, department_id, status, limit, offset, out, err);
}

enum qs_rc svc_complaint_resolve(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                                 const char *resolution, json_object **out, struct qs_err *err)
{
	long dept = 0;
	enum qs_rc rc = db_complaint_department(&ctx->db, id, &dept, err);
	if (!rc)
		rc = svc_scope_manage(who, dept, err);
	if (!rc)
		rc = db_complaint_resolve(&ctx->db, id, resolution, who->user_id, out, err);
	return rc;
}
