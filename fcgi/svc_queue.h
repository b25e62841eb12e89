/* svc_queue: a ticket's life after it was taken.  Every transition is one
 * transaction that locks the ticket, checks the caller's scope and the state
 * machine (409 invalid_transition with the current status), bumps the
 * department's seq and publishes the event after COMMIT. */
#ifndef QS_SVC_QUEUE_H
#define QS_SVC_QUEUE_H

#include <json-c/json.h>

#include "ctx.h"
#include "filters.h"
#include "qs_http.h"
#include "ticket.h"
#include "ticket_rules.h"

struct svc_queue_in {
	long counter_id;        /* call */
	long service_id;        /* transfer */
	int last;               /* requeue: to the end of the line */
	const char *notes;      /* complete */
	long rating;            /* rate: 1..5 */
	const char *comment;    /* rate */
};

/* The next ticket for the caller's open counter. */
enum qs_rc svc_queue_call_next(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, long counter_id,
                               struct qs_ticket *out, struct qs_err *err);

/* Any other transition, by id (staff: who set) or by public_id (the
 * customer: who NULL, and only cancel, delay and rate). */
enum qs_rc svc_queue_act(struct qs_ctx *ctx, const char *req_id, const struct qs_principal *who,
                         long id, const char *public_id, enum qs_ticket_action action,
                         const struct svc_queue_in *in, struct qs_ticket *out,
                         struct qs_err *err);

/* Reading tickets.  Staff: their department's (404 otherwise). */
enum qs_rc svc_ticket_get(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                          struct qs_ticket *out, struct qs_err *err);
/* The customer's view, by public id; 404 for an unknown one. */
enum qs_rc svc_ticket_track(struct qs_ctx *ctx, const char *public_id, struct qs_ticket *out,
                            struct qs_err *err);
/* {"items": [staff view...], "total"}; a non-admin sees their department. */
enum qs_rc svc_ticket_list(struct qs_ctx *ctx, const struct qs_principal *who,
                           struct qs_ticket_filter *f, long limit, long offset,
                           json_object **out, struct qs_err *err);

enum qs_rc svc_complaint_create(struct qs_ctx *ctx, const char *public_id, const char *category,
                                const char *message, json_object **out, struct qs_err *err);
/* department_id 0: admins all, managers their own. */
enum qs_rc svc_complaint_list(struct qs_ctx *ctx, const struct qs_principal *who,
                              long department_id, const char *status, long limit, long offset,
                              json_object **out, struct qs_err *err);
enum qs_rc svc_complaint_resolve(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                                 const char *resolution, json_object **out, struct qs_err *err);

#endif
