/* svc_public: the read models behind the public screens (kiosk, board). */
#ifndef QS_SVC_PUBLIC_H
#define QS_SVC_PUBLIC_H

#include <json-c/json.h>

#include "ctx.h"
#include "filters.h"

/* {"items": [department with services, waiting, estimate, open_now], "total"}:
 * the page pg of the active departments (ordered by id), total counting
 * them all.  *out is a new object the caller owns. */
enum qs_rc svc_public_departments(struct qs_ctx *ctx, const struct qs_page *pg, json_object **out,
                                  struct qs_err *err);

/* The display board snapshot of the contract.  QS_E_NOT_FOUND for an unknown
 * or inactive department. */
enum qs_rc svc_display_snapshot(struct qs_ctx *ctx, long department_id, json_object **out,
                                struct qs_err *err);

struct svc_health {
	int database_ok, redis_ok;
};
void svc_health_check(struct qs_ctx *ctx, struct svc_health *out);

#endif
