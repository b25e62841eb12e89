/* qs_http: one FastCGI request and the two ways to answer it.
 *
 * A struct qs_req lives for one request on the worker thread that accepted
 * it; qs_req_reset() clears everything between requests. */
#ifndef QS_HTTP_H
#define QS_HTTP_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>
#include <fcgiapp.h>

#include "qs_err.h"

#define QS_PATH_PARAMS 4

struct qs_ctx; /* the worker thread's connections, see fcgi/ctx.h */

/* Who is asking: filled by the dispatcher from a verified access token and
 * the database's current view of the user (role and department come from
 * the database, not from the token). */
struct qs_principal {
	int authenticated;
	long user_id;
	char role[16];          /* admin, manager, staff */
	long department_id;     /* 0 for admin */
	long session_id;
};

struct qs_req {
	FCGX_Request *fcgx;
	struct qs_ctx *ctx;
	const char *method;
	const char *path;               /* without the query string, owned here */
	const char *query;              /* may be "" */
	const char *content_type;
	const char *authorization;
	const char *idempotency_key;
	const char *client_addr;
	char id[40];                    /* X-Request-Id */
	char *body;                     /* NUL-terminated copy, body_len bytes */
	size_t body_len;
	/* path parameters captured by the route table, in order */
	const char *params[QS_PATH_PARAMS];
	int nparams;
	const char *route;              /* the route pattern, for logs and metrics */
	struct qs_principal who;
	int status;                     /* set by the reply functions */
	const char *allow;              /* for 405: the Allow header */
	struct timespec started;
	char path_buf[1024];
};

/* Fill req from the FastCGI environment and read the body (at most
 * body_limit bytes: a larger CONTENT_LENGTH is refused before reading). */
enum qs_rc qs_req_read(struct qs_req *req, size_t body_limit, struct qs_err *err);
void qs_req_reset(struct qs_req *req);

/* Query string parameter (URL-decoded into buf); returns NULL when absent. */
const char *qs_req_query(const struct qs_req *req, const char *name, char *buf,
                         size_t buflen);

/* True when the Content-Type is application/json (parameters allowed). */
int qs_req_is_json(const struct qs_req *req);

/* Answer with a JSON body (NULL: no body, e.g. 204).  Consumes body. */
void qs_reply_json(struct qs_req *req, int status, json_object *body);
/* Answer with the contract's error body for err. */
void qs_reply_error(struct qs_req *req, const struct qs_err *err);

/* A download too big to hold in memory (the CSV export), or a body that is
 * not JSON (the metrics), streamed: begin writes the 200 status and headers
 * (the body is an attachment named filename, which must be plain ASCII
 * without quotes; NULL: not an attachment), then write sends each
 * piece as it comes (-1 when the client is gone).  Once begun, an error can
 * no longer be answered: the stream just ends. */
void qs_reply_stream_begin(struct qs_req *req, const char *content_type,
                           const char *filename);
int qs_reply_stream_write(struct qs_req *req, const char *buf, size_t len);

#endif
