/* svc_tickets: the rules of a ticket's life.  Each function owns its
 * transaction and publishes its event after COMMIT. */
#ifndef QS_SVC_TICKETS_H
#define QS_SVC_TICKETS_H

#include "ctx.h"
#include "qs_http.h"
#include "ticket.h"

struct svc_ticket_create_in {
	long service_id;
	const char *customer_name, *customer_phone;     /* may be NULL */
	const char *priority;                           /* "normal" or "high" (staff only) */
	const char *notes;                              /* staff only, may be NULL */
	const char *idempotency_key;                    /* may be NULL */
};

/* Take a ticket: the next gapless number of the service's day, a new
 * public_id, event ticket_created.  A repeated idempotency key returns the
 * first ticket (*created = 0).  The public may take at most the setting
 * public_ticket_limit_per_hour per client address (429 rate_limited).  who: a signed-in caller (staff at a desk),
 * whose department must own the service; not signed in: the public, for
 * whom the department must be open.  Fills out (qs_ticket_cleanup() it). */
enum qs_rc svc_ticket_create(struct qs_ctx *ctx, const char *req_id,
                             const struct qs_principal *who, const char *client_addr,
                             const struct svc_ticket_create_in *in, struct qs_ticket *out,
                             int *created, struct qs_err *err);

#endif
