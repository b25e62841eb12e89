/* routes: the one table that maps method + path to a handler. */
#ifndef QS_ROUTES_H
#define QS_ROUTES_H

#include "qs_http.h"

/* A handler answers with qs_reply_json() and returns QS_OK, or returns an
 * error in err and the dispatcher answers with qs_reply_error(). */
typedef enum qs_rc (*qs_handler_fn)(struct qs_req *req, struct qs_err *err);

/* Who may call a route; the department scope of each object is checked in
 * the services. */
enum qs_auth {
	QS_AUTH_PUBLIC,         /* anyone */
	QS_AUTH_OPTIONAL,       /* anyone; a valid token adds what staff may do */
	QS_AUTH_USER,           /* any signed-in role */
	QS_AUTH_MANAGER,        /* admin or manager */
	QS_AUTH_ADMIN,
};

struct qs_route {
	const char *method;
	const char *pattern;    /* "/api/v1/display/{id}": {x} matches one segment */
	qs_handler_fn handler;
	enum qs_auth auth;
	int body;               /* 1: the route takes a JSON body */
};

/* Find the route for req (fills req->params and req->route).  Returns QS_OK,
 * QS_E_NOT_FOUND, or QS_E_METHOD with req->allow set. */
enum qs_rc qs_route_match(struct qs_req *req, const struct qs_route **out,
                          struct qs_err *err);

/* Match a pattern against a path; fills params (pointers into buf) and
 * returns the number captured, or -1.  Exposed for tests. */
int qs_route_match_path(const char *pattern, const char *path, char *buf, size_t buflen,
                        const char **params, int maxparams);

/* The route table, for the metrics' labels. */
size_t qs_routes_count(void);
const struct qs_route *qs_route_at(size_t i);     /* NULL past the end */

/* Run the handler for req and reply (exactly once). */
void qs_dispatch(struct qs_req *req);

#endif
