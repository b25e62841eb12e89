/* qs_http: FastCGI request parsing and the two reply functions (qs_http.h). */
#include "qs_http.h"
#include "qs_log.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *param(struct qs_req *req, const char *name)
{
	return FCGX_GetParam(name, req->fcgx->envp);
}

static int request_id_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '-' && s[n] != '_')
			return 0;
	return n > 0 && n < 40;
}

static void make_request_id(struct qs_req *req)
{
	const char *given = param(req, "REQUEST_ID");
	if (!given)
		given = param(req, "HTTP_X_REQUEST_ID");
	if (given && request_id_ok(given)) {
		snprintf(req->id, sizeof req->id, "%s", given);
		return;
	}
	unsigned char raw[16];
	if (RAND_bytes(raw, sizeof raw) != 1)
		memset(raw, 0, sizeof raw);
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(req->id + 2 * i, 3, "%02x", raw[i]);
}

enum qs_rc qs_req_read(struct qs_req *req, size_t body_limit, struct qs_err *err)
{
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	make_request_id(req);
	req->method = param(req, "REQUEST_METHOD");
	if (!req->method)
		req->method = "GET";
	req->content_type = param(req, "CONTENT_TYPE");
	req->authorization = param(req, "HTTP_AUTHORIZATION");
	req->idempotency_key = param(req, "HTTP_IDEMPOTENCY_KEY");
	req->client_addr = param(req, "REMOTE_ADDR");
	if (!req->client_addr)
		req->client_addr = "";

	const char *uri = param(req, "DOCUMENT_URI");
	if (!uri)
		uri = param(req, "SCRIPT_NAME");
	if (!uri)
		uri = "/";
	snprintf(req->path_buf, sizeof req->path_buf, "%s", uri);
	req->path = req->path_buf;
	req->query = param(req, "QUERY_STRING");
	if (!req->query)
		req->query = "";

	const char *cl = param(req, "CONTENT_LENGTH");
	size_t len = 0;
	if (cl && *cl) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(cl, &end, 10);
		if (errno || *end || cl[0] == '-')
			return qs_err_set(err, QS_E_BAD_JSON, NULL, "invalid Content-Length");
		if (v > body_limit)
			return qs_err_set(err, QS_E_TOO_LARGE, NULL,
			                  "request body is larger than %zu bytes", body_limit);
		len = (size_t)v;
	}
	req->body = malloc(len + 1);
	if (!req->body)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	size_t got = 0;
	while (got < len) {
		int n = FCGX_GetStr(req->body + got, (int)(len - got), req->fcgx->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	req->body[got] = '\0';
	req->body_len = got;
	if (got != len)
		return qs_err_set(err, QS_E_BAD_JSON, NULL, "request body is shorter than Content-Length");
	return QS_OK;
}

void qs_req_reset(struct qs_req *req)
{
	FCGX_Request *fcgx = req->fcgx;
	struct qs_ctx *ctx = req->ctx;
	free(req->body);
	memset(req, 0, sizeof *req);
	req->fcgx = fcgx;
	req->ctx = ctx;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

const char *qs_req_query(const struct qs_req *req, const char *name, char *buf,
                         size_t buflen)
{
	size_t nlen = strlen(name);
	const char *p = req->query;
	while (p && *p) {
		const char *amp = strchr(p, '&');
		size_t seglen = amp ? (size_t)(amp - p) : strlen(p);
		if (seglen > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1, *end = p + seglen;
			size_t o = 0;
			for (; v < end && o + 1 < buflen; v++) {
				if (*v == '+') {
					buf[o++] = ' ';
				} else if (*v == '%' && end - v >= 3 && hexval(v[1]) >= 0 &&
				           hexval(v[2]) >= 0) {
					buf[o++] = (char)(hexval(v[1]) * 16 + hexval(v[2]));
					v += 2;
				} else {
					buf[o++] = *v;
				}
			}
			buf[o] = '\0';
			return buf;
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

int qs_req_is_json(const struct qs_req *req)
{
	const char *ct = req->content_type;
	static const char want[] = "application/json";
	if (!ct || strncasecmp(ct, want, sizeof want - 1) != 0)
		return 0;
	ct += sizeof want - 1;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static void write_head(struct qs_req *req, int status, const char *extra)
{
	req->status = status;
	FCGX_FPrintF(req->fcgx->out,
	             "Status: %d %s\r\n"
	             "X-Request-Id: %s\r\n"
	             "Cache-Control: no-store\r\n"
	             "%s",
	             status, reason(status), req->id, extra ? extra : "");
}

void qs_reply_json(struct qs_req *req, int status, json_object *body)
{
	if (!body) {
		write_head(req, status, "\r\n");
		return;
	}
	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	char extra[128];
	snprintf(extra, sizeof extra,
	         "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", len);
	write_head(req, status, extra);
	FCGX_PutStr(text, (int)len, req->fcgx->out);
	json_object_put(body);
}

void qs_reply_stream_begin(struct qs_req *req, const char *content_type,
                           const char *filename)
{
	char extra[512];
	/* the file name is ours (letters, digits, '-', '.'), never the client's */
	if (filename)
		snprintf(extra, sizeof extra,
		         "Content-Type: %s\r\n"
		         "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
		         content_type, filename);
	else
		snprintf(extra, sizeof extra, "Content-Type: %s\r\n\r\n", content_type);
	write_head(req, 200, extra);
}

int qs_reply_stream_write(struct qs_req *req, const char *buf, size_t len)
{
	if (len == 0)
		return 0;
	return FCGX_PutStr(buf, (int)len, req->fcgx->out) < 0 ||
	       FCGX_FFlush(req->fcgx->out) < 0 ? -1 : 0;
}

void qs_reply_error(struct qs_req *req, const struct qs_err *err)
{
	int status = qs_err_http_status(err->rc);
	json_object *e = json_object_new_object();
	const char *code = err->code[0] ? err->code : qs_err_default_code(err->rc);
	json_object_object_add(e, "code", json_object_new_string(code));
	if (status >= 500 && err->rc != QS_E_UNAVAILABLE && err->rc != QS_E_RETRY) {
		/* the detail went to the log; a client sees nothing of it */
		json_object_object_add(e, "message", json_object_new_string("internal error"));
	} else {
		json_object_object_add(e, "message", json_object_new_string(
			err->message[0] ? err->message : code));
	}
	if (err->ndetails || err->current_status[0] || err->conflict_id) {
		json_object *d = json_object_new_array();
		for (int i = 0; i < err->ndetails; i++) {
			json_object *item = json_object_new_object();
			json_object_object_add(item, "field",
			                       json_object_new_string(err->details[i].field));
			json_object_object_add(item, "issue",
			                       json_object_new_string(err->details[i].issue));
			json_object_array_add(d, item);
		}
		if (err->current_status[0]) {
			json_object *item = json_object_new_object();
			json_object_object_add(item, "field", json_object_new_string("status"));
			json_object_object_add(item, "issue", json_object_new_string("current"));
			json_object_object_add(item, "current_status",
			                       json_object_new_string(err->current_status));
			json_object_array_add(d, item);
		}
		if (err->conflict_id) {
			json_object *item = json_object_new_object();
			json_object_object_add(item, "field", json_object_new_string("schedule_id"));
			json_object_object_add(item, "issue", json_object_new_string("conflict"));
			json_object_object_add(item, "schedule_id", json_object_new_int64(err->conflict_id));
			json_object_array_add(d, item);
		}
		json_object_object_add(e, "details", d);
	}
	json_object *body = json_object_new_object();
	json_object_object_add(body, "error", e);

	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	char extra[256];
	int n = snprintf(extra, sizeof extra,
	                 "Content-Type: application/json\r\nContent-Length: %zu\r\n", len);
	if (err->rc == QS_E_RATE_LIMITED)
		n += snprintf(extra + n, sizeof extra - (size_t)n, "Retry-After: %d\r\n",
		              err->retry_after > 0 ? err->retry_after : 60);
	if (err->rc == QS_E_METHOD && req->allow)
		n += snprintf(extra + n, sizeof extra - (size_t)n, "Allow: %s\r\n", req->allow);
	if (status == 503)
		n += snprintf(extra + n, sizeof extra - (size_t)n, "Retry-After: 2\r\n");
	snprintf(extra + n, sizeof extra - (size_t)n, "\r\n");
	write_head(req, status, extra);
	FCGX_PutStr(text, (int)len, req->fcgx->out);
	json_object_put(body);
}
