/* h_tickets: ticket routes. */
#include "ctx.h"
#include "handlers.h"
#include "qs_json.h"
#include "svc_tickets.h"
#include "view_ticket.h"


/* 1 to 128 visible ASCII characters (a UUID, typically). */
static int idempotency_key_ok(const char *k)
{
	size_t n = 0;
	for (; k[n]; n++)
		if (k[n] < 0x21 || k[n] > 0x7e)
			return 0;
	return n >= 1 && n <= 128;
}

/* POST /tickets {service_id, customer_name?, customer_phone?}; with a staff
 * token also {priority?, notes?} */
enum qs_rc h_tickets_create(struct qs_req *req, struct qs_err *err)
{
	static const char *const priorities[] = { "normal", "high", NULL };
	json_object *body = NULL;
	struct svc_ticket_create_in in = { .priority = "normal" };
	struct qs_ticket t;
	int created = 0;
	enum qs_rc rc;

	const struct qs_field fields[] = {
		{ "service_id", QS_F_INT, 1, 1, 9007199254740991L, &in.service_id, NULL, NULL },
		{ "customer_name", QS_F_STR, 0, 1, 200, &in.customer_name, NULL, NULL },
		{ "customer_phone", QS_F_STR, 0, 3, 40, &in.customer_phone, NULL, NULL },
		/* staff only: for the public these are unknown fields */
		{ "priority", QS_F_ENUM, 0, 0, 0, &in.priority, NULL, priorities },
		{ "notes", QS_F_STR, 0, 1, 2000, &in.notes, NULL, NULL },
	};
	size_t nfields = req->who.authenticated ? 5 : 3;
	if (req->idempotency_key) {
		if (!idempotency_key_ok(req->idempotency_key))
			return qs_err_field(err, "Idempotency-Key", "invalid");
		in.idempotency_key = req->idempotency_key;
	}
	rc = h_read_body(req, fields, nfields, &body, err);
	if (!rc)
		rc = svc_ticket_create(req->ctx, req->id, &req->who, req->client_addr, &in, &t, &created,
		                       err);
	if (!rc) {
		/* staff see the staff view of the ticket they made */
		qs_reply_json(req, 201, req->who.authenticated
		                                ? qs_ticket_staff_json(&t, req->ctx->cfg->public_url)
		                                : qs_ticket_public_json(&t, req->ctx->cfg->public_url));
		qs_ticket_cleanup(&t);
	}
	json_object_put(body);
	return rc;
}
