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

/* POST /tickets {service_id, customer_name?, customer_phone?} */
enum qs_rc h_tickets_create(struct qs_req *req, struct qs_err *err)
{
	json_object *body = NULL;
	struct svc_ticket_create_in in = { .priority = "normal" };
	struct qs_ticket t;
	int created = 0;
	enum qs_rc rc;

	const struct qs_field fields[] = {
		{ "service_id", QS_F_INT, 1, 1, 9007199254740991L, &in.service_id, NULL, NULL },
		{ "customer_name", QS_F_STR, 0, 1, 200, &in.customer_name, NULL, NULL },
		{ "customer_phone", QS_F_STR, 0, 3, 40, &in.customer_phone, NULL, NULL },
	};
	if (req->idempotency_key) {
		if (!idempotency_key_ok(req->idempotency_key))
			return qs_err_field(err, "Idempotency-Key", "invalid");
		in.idempotency_key = req->idempotency_key;
	}
	if ((rc = qs_json_parse_object(req->body, req->body_len, &body, err)))
		return rc;
	rc = qs_json_read_fields(body, fields, sizeof fields / sizeof fields[0], err);
	if (!rc)
		rc = svc_ticket_create(req->ctx, req->id, &in, &t, &created, err);
	if (!rc) {
		qs_reply_json(req, 201, qs_ticket_public_json(&t, req->ctx->cfg->public_url));
		qs_ticket_cleanup(&t);
	}
	json_object_put(body);
	return rc;
}
