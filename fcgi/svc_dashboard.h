/* svc_dashboard: the dashboards' rules: who sees which department, the
 * dates a report covers, one snapshot per report, and the alert job. */
#ifndef QS_SVC_DASHBOARD_H
#define QS_SVC_DASHBOARD_H

#include <stddef.h>
#include <json-c/json.h>

#include "ctx.h"
#include "dates.h"
#include "filters.h"
#include "qs_http.h"

/* What a dashboard request asks for; dates are checked "YYYY-MM-DD" or "". */
struct qs_dash_query {
	long department_id;             /* 0: the caller's own, or all for an admin */
	char date[QS_DATE_LEN], from[QS_DATE_LEN], to[QS_DATE_LEN];
	struct qs_page page;
};

/* The longest range a report covers, in days. */
#define QS_DASH_MAX_DAYS 366

enum qs_rc svc_dashboard_summary(struct qs_ctx *ctx, const struct qs_principal *who,
                                 const struct qs_dash_query *q, json_object **out,
                                 struct qs_err *err);
enum qs_rc svc_dashboard_staff(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_dash_query *q, json_object **out,
                               struct qs_err *err);
enum qs_rc svc_dashboard_trend(struct qs_ctx *ctx, const struct qs_principal *who,
                               const struct qs_dash_query *q, json_object **out,
                               struct qs_err *err);
enum qs_rc svc_dashboard_alerts(struct qs_ctx *ctx, const struct qs_principal *who,
                                const struct qs_dash_query *q, json_object **out,
                                struct qs_err *err);

/* Where the CSV export goes: begin is called once the request is known to
 * be good (errors before it are ordinary error replies), write for each
 * piece (non-zero: the client is gone, stop). */
struct qs_dash_sink {
	void (*begin)(void *arg, const char *filename);
	int (*write)(void *arg, const char *buf, size_t len);
	void *arg;
};
enum qs_rc svc_dashboard_export(struct qs_ctx *ctx, const struct qs_principal *who,
                                const struct qs_dash_query *q, const struct qs_dash_sink *sink,
                                struct qs_err *err);

/* The leader's other chore: keep the dashboards' daily rollup (a few
 * hundred days a tick).  Returns how many days were filled, -1 on error. */
int svc_dashboard_rollup(struct qs_ctx *ctx);

/* Whether this process leads the alert job: it holds (or now took) the
 * installation-wide advisory lock on its database session.  0 on a
 * database error. */
int svc_alerts_leader(struct qs_ctx *ctx);

/* One tick of the alert job: compute every department's alerts and, for
 * each whose set changed since the last tick, record it and publish
 * `alerts_updated` with the department's next seq.  Returns how many
 * departments changed, or -1 on a database error (logged). */
int svc_alerts_tick(struct qs_ctx *ctx);

#endif
