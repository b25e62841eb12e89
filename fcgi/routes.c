/* routes: the route table and the dispatcher (routes.h).
 *
 * Every endpoint is one line here; a reader finds its handler in one hop. */
#include "routes.h"
#include "ctx.h"
#include "handlers.h"
#include "svc_auth.h"
#include "qs_log.h"
#include "metrics.h"

#include <stdio.h>
#include <string.h>

static const struct qs_route routes[] = {
	{ "GET",  "/api/v1/health",              h_health,             QS_AUTH_PUBLIC, 0 },
	{ "GET",  "/api/v1/openapi.json",        h_openapi,            QS_AUTH_PUBLIC, 0 },
	/* loopback and metrics_allow only (the handler checks the address) */
	{ "GET",  "/api/v1/metrics",             h_metrics,            QS_AUTH_PUBLIC, 0 },
	{ "GET",  "/api/v1/public/departments",  h_public_departments, QS_AUTH_PUBLIC, 0 },
	{ "POST", "/api/v1/tickets",             h_tickets_create,     QS_AUTH_OPTIONAL, 1 },
	/* the customer's phone: before /tickets/{id}/..., which would match too */
	{ "GET",  "/api/v1/tickets/track/{public_id}",            h_track_get,       QS_AUTH_PUBLIC, 0 },
	{ "POST", "/api/v1/tickets/track/{public_id}/cancel",     h_track_cancel,    QS_AUTH_PUBLIC, 0 },
	{ "POST", "/api/v1/tickets/track/{public_id}/delay",      h_track_delay,     QS_AUTH_PUBLIC, 0 },
	{ "POST", "/api/v1/tickets/track/{public_id}/rating",     h_track_rating,    QS_AUTH_PUBLIC, 1 },
	{ "POST", "/api/v1/tickets/track/{public_id}/complaints", h_track_complaint, QS_AUTH_PUBLIC, 1 },
	/* staff */
	{ "GET",  "/api/v1/tickets",                 h_tickets_list,      QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/call-next",       h_tickets_call_next, QS_AUTH_USER, 1 },
	{ "GET",  "/api/v1/tickets/{id}",            h_tickets_get,       QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/call",       h_tickets_call,      QS_AUTH_USER, 1 },
	{ "POST", "/api/v1/tickets/{id}/recall",     h_tickets_recall,    QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/start",      h_tickets_start,     QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/complete",   h_tickets_complete,  QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/no-show",    h_tickets_no_show,   QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/cancel",     h_tickets_cancel,    QS_AUTH_USER, 0 },
	{ "POST", "/api/v1/tickets/{id}/transfer",   h_tickets_transfer,  QS_AUTH_USER, 1 },
	{ "POST", "/api/v1/tickets/{id}/requeue",    h_tickets_requeue,   QS_AUTH_USER, 1 },
	{ "GET",  "/api/v1/complaints",              h_complaints_list,   QS_AUTH_MANAGER, 0 },
	{ "PATCH", "/api/v1/complaints/{id}",        h_complaints_update, QS_AUTH_MANAGER, 1 },
	{ "GET",  "/api/v1/display/{department_id}", h_display,        QS_AUTH_PUBLIC, 0 },
	/* dashboards: admin all, manager own department, staff own department
	 * (and their own row of the staff table) */
	{ "GET",  "/api/v1/dashboard/summary",           h_dashboard_summary, QS_AUTH_USER, 0 },
	{ "GET",  "/api/v1/dashboard/staff-performance", h_dashboard_staff,   QS_AUTH_USER, 0 },
	{ "GET",  "/api/v1/dashboard/trend",             h_dashboard_trend,   QS_AUTH_USER, 0 },
	{ "GET",  "/api/v1/dashboard/export.csv",        h_dashboard_export,  QS_AUTH_USER, 0 },
	{ "GET",  "/api/v1/dashboard/alerts",            h_dashboard_alerts,  QS_AUTH_USER, 0 },
	/* shifts and schedules: admin all, manager own department, staff read
	 * the shifts and their own schedule */
	{ "GET",    "/api/v1/shifts",              h_shifts_list,        QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/shifts",              h_shifts_create,      QS_AUTH_MANAGER, 1 },
	{ "PATCH",  "/api/v1/shifts/{id}",         h_shifts_update,      QS_AUTH_MANAGER, 1 },
	{ "DELETE", "/api/v1/shifts/{id}",         h_shifts_delete,      QS_AUTH_MANAGER, 0 },
	{ "GET",    "/api/v1/schedules",           h_schedules_list,     QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/schedules",           h_schedules_create,   QS_AUTH_MANAGER, 1 },
	{ "POST",   "/api/v1/schedules/bulk",      h_schedules_bulk,     QS_AUTH_MANAGER, 1 },
	{ "GET",    "/api/v1/schedules/me",        h_schedules_me,       QS_AUTH_USER,    0 },
	{ "GET",    "/api/v1/schedules/me.ics",    h_schedules_me_ics,   QS_AUTH_USER,    0 },
	{ "GET",    "/api/v1/schedules/coverage",  h_schedules_coverage, QS_AUTH_MANAGER, 0 },
	{ "DELETE", "/api/v1/schedules/{id}",      h_schedules_delete,   QS_AUTH_MANAGER, 0 },
	/* the assistant: every signed-in role, answers within the caller's scope */
	{ "POST",   "/api/v1/assistant/ask",       h_assistant_ask,      QS_AUTH_USER,    1 },
	{ "GET",    "/api/v1/assistant/staffing",  h_assistant_staffing, QS_AUTH_MANAGER, 0 },

	{ "POST", "/api/v1/auth/login",          h_auth_login,         QS_AUTH_PUBLIC, 1 },
	{ "POST", "/api/v1/auth/refresh",        h_auth_refresh,       QS_AUTH_PUBLIC, 1 },
	{ "POST", "/api/v1/auth/logout",         h_auth_logout,        QS_AUTH_USER,   0 },
	{ "POST", "/api/v1/auth/logout-all",     h_auth_logout_all,    QS_AUTH_USER,   0 },
	{ "GET",  "/api/v1/auth/me",             h_auth_me,            QS_AUTH_USER,   0 },
	{ "POST", "/api/v1/auth/password",       h_auth_password,      QS_AUTH_USER,   1 },

	{ "GET",    "/api/v1/departments",                h_departments_list,   QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/departments",                h_departments_create, QS_AUTH_ADMIN,   1 },
	{ "GET",    "/api/v1/departments/{id}",           h_departments_get,    QS_AUTH_USER,    0 },
	{ "PATCH",  "/api/v1/departments/{id}",           h_departments_update, QS_AUTH_ADMIN,   1 },
	{ "DELETE", "/api/v1/departments/{id}",           h_departments_delete, QS_AUTH_ADMIN,   0 },
	{ "GET",    "/api/v1/departments/{id}/services",  h_services_list,      QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/departments/{id}/services",  h_services_create,    QS_AUTH_MANAGER, 1 },
	{ "GET",    "/api/v1/services/{id}",              h_services_get,       QS_AUTH_USER,    0 },
	{ "PATCH",  "/api/v1/services/{id}",              h_services_update,    QS_AUTH_MANAGER, 1 },
	{ "DELETE", "/api/v1/services/{id}",              h_services_delete,    QS_AUTH_MANAGER, 0 },
	{ "GET",    "/api/v1/departments/{id}/counters",  h_counters_list,      QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/departments/{id}/counters",  h_counters_create,    QS_AUTH_MANAGER, 1 },
	{ "GET",    "/api/v1/counters/{id}",              h_counters_get,       QS_AUTH_USER,    0 },
	{ "PATCH",  "/api/v1/counters/{id}",              h_counters_update,    QS_AUTH_MANAGER, 1 },
	{ "DELETE", "/api/v1/counters/{id}",              h_counters_delete,    QS_AUTH_MANAGER, 0 },
	{ "POST",   "/api/v1/counters/{id}/open",         h_counters_open,      QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/counters/{id}/pause",        h_counters_pause,     QS_AUTH_USER,    0 },
	{ "POST",   "/api/v1/counters/{id}/close",        h_counters_close,     QS_AUTH_USER,    0 },
	{ "GET",    "/api/v1/users",                      h_users_list,         QS_AUTH_MANAGER, 0 },
	{ "POST",   "/api/v1/users",                      h_users_create,       QS_AUTH_MANAGER, 1 },
	{ "GET",    "/api/v1/users/{id}",                 h_users_get,          QS_AUTH_MANAGER, 0 },
	{ "PATCH",  "/api/v1/users/{id}",                 h_users_update,       QS_AUTH_MANAGER, 1 },
	{ "DELETE", "/api/v1/users/{id}",                 h_users_delete,       QS_AUTH_MANAGER, 0 },
	{ "GET",    "/api/v1/settings",                   h_settings_get,       QS_AUTH_ADMIN,   0 },
	{ "PATCH",  "/api/v1/settings",                   h_settings_update,    QS_AUTH_ADMIN,   1 },
};
#define NROUTES (sizeof routes / sizeof routes[0])

int qs_route_match_path(const char *pattern, const char *path, char *buf, size_t buflen,
                        const char **params, int maxparams)
{
	int n = 0;
	size_t used = 0;
	const char *p = pattern, *s = path;

	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t seg = strcspn(s, "/");
			if (!close || seg == 0 || n >= maxparams || used + seg + 1 > buflen)
				return -1;
			memcpy(buf + used, s, seg);
			buf[used + seg] = '\0';
			params[n++] = buf + used;
			used += seg + 1;
			p = close + 1;
			s += seg;
			continue;
		}
		if (*p != *s)
			return -1;
		p++;
		s++;
	}
	/* a single trailing slash is tolerated */
	if (*s == '/' && s[1] == '\0')
		s++;
	return (*p == '\0' && *s == '\0') ? n : -1;
}

enum qs_rc qs_route_match(struct qs_req *req, const struct qs_route **out,
                          struct qs_err *err)
{
	static __thread char allow[64];
	static __thread char parambuf[512];
	const char *params[QS_PATH_PARAMS];
	int path_matched = 0;

	allow[0] = '\0';
	for (size_t i = 0; i < NROUTES; i++) {
		int n = qs_route_match_path(routes[i].pattern, req->path, parambuf,
		                            sizeof parambuf, params, QS_PATH_PARAMS);
		if (n < 0)
			continue;
		if (strcmp(routes[i].method, req->method) != 0) {
			path_matched = 1;
			if (!strstr(allow, routes[i].method) && strlen(allow) + 8 < sizeof allow) {
				if (allow[0])
					strcat(allow, ", ");
				strcat(allow, routes[i].method);
			}
			continue;
		}
		memcpy(req->params, params, sizeof params);
		req->nparams = n;
		req->route = routes[i].pattern;
		*out = &routes[i];
		return QS_OK;
	}
	if (path_matched) {
		req->allow = allow;
		return qs_err_set(err, QS_E_METHOD, NULL, "method %s is not allowed here",
		                  req->method);
	}
	return qs_err_set(err, QS_E_NOT_FOUND, NULL, "no such endpoint");
}

static int role_rank(const char *role)
{
	return strcmp(role, "admin") == 0 ? 3 : strcmp(role, "manager") == 0 ? 2 : 1;
}

/* Authentication and the route's role floor. */
static enum qs_rc authorize(struct qs_req *req, const struct qs_route *route,
                            struct qs_err *err)
{
	if (route->auth == QS_AUTH_PUBLIC)
		return QS_OK;
	if (route->auth == QS_AUTH_OPTIONAL && !req->authorization)
		return QS_OK;
	enum qs_rc rc = svc_auth_authenticate(req->ctx, req->authorization, &req->who, err);
	if (rc)
		return rc;
	int need = route->auth == QS_AUTH_ADMIN ? 3 : route->auth == QS_AUTH_MANAGER ? 2 : 1;
	if (role_rank(req->who.role) < need)
		return qs_err_set(err, QS_E_FORBIDDEN, NULL, "your role may not do this");
	return QS_OK;
}

#define NROUTES (sizeof routes / sizeof routes[0])

size_t qs_routes_count(void)
{
	return NROUTES;
}

const struct qs_route *qs_route_at(size_t i)
{
	return i < NROUTES ? &routes[i] : NULL;
}

static void access_log(const struct qs_req *req, const struct qs_route *route)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
	qs_log_info("request", "req=%s method=%s route=%s status=%d user=%ld ms=%.2f", req->id,
	            req->method, req->route ? req->route : "-", req->status, req->who.user_id, ms);
	metrics_request(route ? (int)(route - routes) : -1, req->status, ms);
}

void qs_dispatch(struct qs_req *req)
{
	const struct qs_route *route = NULL;
	struct qs_err err;
	enum qs_rc rc;

	qs_err_clear(&err);
	rc = qs_req_read(req, (size_t)req->ctx->cfg->body_limit, &err);
	if (!rc)
		rc = qs_route_match(req, &route, &err);
	if (!rc)
		rc = authorize(req, route, &err);
	if (!rc && route->body && !qs_req_is_json(req))
		rc = qs_err_set(&err, QS_E_MEDIA_TYPE, NULL,
		                "Content-Type must be application/json");
	if (!rc)
		rc = route->handler(req, &err);
	if (rc == QS_E_NOT_FOUND && route) {
		/* An object of a department the caller may not see and one that
		 * does not exist answer alike, to the letter: a service that says
		 * "counter not found" for one and "not found" for the other tells
		 * the caller which is which.  One message for every route's 404
		 * (the route names the kind already). */
		qs_err_clear(&err);
		rc = qs_err_set(&err, QS_E_NOT_FOUND, NULL, "not found");
	}

	if (req->ctx->db.in_tx) {
		/* a service returned without ending its transaction: a bug */
		qs_log_error("transaction_left_open", "req=%s route=%s", req->id, req->route);
		qs_db_rollback(&req->ctx->db);
	}
	if (rc) {
		if (qs_err_http_status(rc) >= 500)
			qs_log_error("request_failed", "req=%s rc=%d code=%s message=\"%s\"",
			             req->id, rc, err.code, err.message);
		qs_reply_error(req, &err);
	} else if (req->status == 0) {
		qs_log_error("handler_no_reply", "req=%s route=%s", req->id, req->route);
		qs_reply_error(req, &(struct qs_err){ .rc = QS_E_INTERNAL });
	}
	access_log(req, route);
}
