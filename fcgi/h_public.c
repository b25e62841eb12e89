/* h_public: the public screens' read routes (kiosk, display board). */
#include "handlers.h"
#include "filters.h"
#include "svc_public.h"

#include <errno.h>
#include <stdlib.h>

enum qs_rc h_param_id(const struct qs_req *req, int i, long *id, struct qs_err *err)
{
	const char *s = i < req->nparams ? req->params[i] : NULL;
	char *end;
	if (!s || *s < '1' || *s > '9')
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "not found");
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v <= 0)
		return qs_err_set(err, QS_E_NOT_FOUND, NULL, "not found");
	*id = v;
	return QS_OK;
}

/* GET /public/departments?limit=&offset= */
enum qs_rc h_public_departments(struct qs_req *req, struct qs_err *err)
{
	struct qs_page pg;
	json_object *out = NULL;
	enum qs_rc rc = h_page(req, &pg, err);
	if (!rc)
		rc = svc_public_departments(req->ctx, &pg, &out, err);
	if (rc)
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}

enum qs_rc h_display(struct qs_req *req, struct qs_err *err)
{
	long id;
	json_object *out = NULL;
	enum qs_rc rc;

	if ((rc = h_param_id(req, 0, &id, err)) ||
	    (rc = svc_display_snapshot(req->ctx, id, &out, err)))
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}
