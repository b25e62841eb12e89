/* h_system: health and the OpenAPI document. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "ctx.h"
#include "handlers.h"
#include "metrics.h"

#include <stdlib.h>
#include "svc_public.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

enum qs_rc h_health(struct qs_req *req, struct qs_err *err)
{
	struct svc_health h;
	svc_health_check(req->ctx, &h);
	if (!h.database_ok)
		return qs_err_set(err, QS_E_UNAVAILABLE, NULL, "the database is unavailable");

	json_object *o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string(h.redis_ok ? "ok" : "degraded"));
	json_object_object_add(o, "database", json_object_new_string("ok"));
	json_object_object_add(o, "redis", json_object_new_string(h.redis_ok ? "ok" : "unavailable"));
	json_object_object_add(o, "version", json_object_new_string(PACKAGE_VERSION));
	qs_reply_json(req, 200, o);
	return QS_OK;
}

enum qs_rc h_metrics(struct qs_req *req, struct qs_err *err)
{
	/* nginx lets only its allow-list through; this holds if it does not */
	if (!metrics_addr_allowed(req->client_addr, req->ctx->cfg->metrics_allow))
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "metrics are for the monitoring only");
	char *text = NULL;
	size_t len = 0;
	enum qs_rc rc = metrics_render(req->ctx, &text, &len, err);
	if (rc)
		return rc;
	qs_reply_stream_begin(req, "text/plain; version=0.0.4; charset=utf-8", NULL);
	qs_reply_stream_write(req, text, len);
	free(text);
	return QS_OK;
}

enum qs_rc h_openapi(struct qs_req *req, struct qs_err *err)
{
	/* parsed per request: json-c objects are not safe to share across threads */
	json_object *doc = json_tokener_parse(req->ctx->openapi_text);
	if (!doc)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "openapi document is not JSON");
	qs_reply_json(req, 200, doc);
	return QS_OK;
}
