/* svc_tickets: ticket rules (svc_tickets.h). */
#include "svc_tickets.h"
#include "db_tickets.h"
#include "events.h"
#include "qs_log.h"
#include "qs_random.h"
#include "tx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A ticket take in the frame of tx.h, alone (no BEGIN): the service's
 * checks are reads, then the ticket is one statement that is its own
 * transaction; the event after it. */
struct ticket_take {
	const char *req_id;
	const struct qs_principal *who;
	long taken_this_hour;
	const struct svc_ticket_create_in *in;
	struct qs_ticket *out;
	int *created;
};

static enum qs_rc take_body(struct qs_ctx *ctx, struct qs_tx *tx, void *arg, struct qs_err *err)
{
	struct ticket_take *a = arg;
	const struct qs_principal *who = a->who;
	const struct svc_ticket_create_in *in = a->in;
	struct qs_db *db = &ctx->db;
	struct qs_service_ref svc;
	char public_id[32];
	enum qs_rc rc;

	*a->created = 0;
	rc = db_ticket_service_ref(db, in->service_id, &svc, err);
	if (rc == QS_E_NOT_FOUND || (!rc && who->authenticated && strcmp(who->role, "admin") != 0 &&
	                             svc.department_id != who->department_id)) {
		qs_err_clear(err);
		return qs_err_field(err, "service_id", "not_found");
	}
	if (rc)
		return rc;
	/* the public's tickets per client address and hour (staff are not
	 * counted); staff may issue tickets outside opening hours (an
	 * appointment, a late arrival let in), the public may not */
	if (!who->authenticated && a->taken_this_hour > 0 && svc.public_limit_per_hour > 0 &&
	    a->taken_this_hour > svc.public_limit_per_hour) {
		rc = qs_err_set(err, QS_E_RATE_LIMITED, NULL, "too many tickets from this address, try later");
		err->retry_after = 60;
	} else if (!svc.open_now && !who->authenticated) {
		rc = qs_err_conflict(err, "service_id", "department_closed", "the department is closed now");
	}
	if (rc) {
		/* a retry of a ticket taken already still gets it */
		long existing = 0;
		struct qs_err e2 = { 0 };
		if (in->idempotency_key &&
		    !db_ticket_by_idempotency_key(db, svc.department_id, in->idempotency_key,
		                                  &existing, &e2) &&
		    existing && !db_ticket_get(db, existing, a->out, &e2)) {
			qs_err_clear(err);
			return QS_OK;
		}
		return rc;
	}
	if (qs_random_token(public_id, sizeof public_id, 16))
		return qs_err_set(err, QS_E_INTERNAL, NULL, "random generator failed");
	struct qs_ticket_new t = {
		.public_id = public_id,
		.department_id = svc.department_id,
		.service_id = svc.service_id,
		.service_day = svc.service_day,
		.prefix = svc.prefix,
		.priority = in->priority,
		.customer_name = in->customer_name,
		.customer_phone = in->customer_phone,
		.notes = in->notes,
		.idempotency_key = in->idempotency_key,
	};
	rc = db_ticket_take(db, &t, &tx->seq, &tx->waiting, a->created, a->out, err);
	if (rc == QS_E_CONFLICT && in->idempotency_key)
		/* a concurrent request with the same key committed first: run
		 * again and the lookup finds its ticket */
		return QS_E_RETRY;
	if (!rc)
		tx->committed = 1;
	return rc;
}

static void take_publish(struct qs_ctx *ctx, const struct qs_tx *tx, void *arg)
{
	struct ticket_take *a = arg;
	if (!*a->created) /* the ticket of an earlier request with the same key */
		return;
	qs_log_info("ticket_created", "req=%s ticket=%ld dept=%ld seq=%ld", a->req_id, a->out->id,
	            a->out->department_id, tx->seq);
	qs_event_publish_ticket(ctx, a->req_id, "ticket_created", a->out, tx->seq, tx->waiting);
}

enum qs_rc svc_ticket_create(struct qs_ctx *ctx, const char *req_id,
                             const struct qs_principal *who, const char *client_addr,
                             const struct svc_ticket_create_in *in, struct qs_ticket *out,
                             int *created, struct qs_err *err)
{
	/* count the attempt first (Redis down: not counted, the ticket is
	 * still taken: limits are best effort) */
	long taken = 0, ttl = 0;
	if (!who->authenticated && client_addr && *client_addr) {
		char key[96];
		snprintf(key, sizeof key, "qstream:tickets:addr:%s", client_addr);
		if (qs_redis_incr_window(&ctx->redis, key, 3600, &taken, &ttl))
			taken = 0;
	}
	static const struct qs_tx_frame frame = { take_body, take_publish, 1 };
	struct ticket_take a = { req_id, who, taken, in, out, created };
	enum qs_rc rc = qs_tx_run(ctx, &frame, &a, err);
	if (rc == QS_E_RATE_LIMITED && ttl > 0)
		err->retry_after = (int)ttl;
	return rc;
}
