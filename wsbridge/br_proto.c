/* br_proto: client message parsing and server message builders (br_proto.h). */
#include "br_proto.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "qs_json.h"

static bool str_is(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len == n && memcmp(s, lit, n) == 0;
}

bool br_public_id_valid(const char *s, size_t len)
{
	if (len < BR_PUBLIC_ID_MIN || len > BR_PUBLIC_ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

int br_channel_parse(const char *s, size_t len, struct br_chan_name *out)
{
	static const char dept[] = "department:", ticket[] = "ticket:";
	const size_t dl = sizeof dept - 1, tl = sizeof ticket - 1;

	memset(out, 0, sizeof *out);
	if (len >= BR_CHANNEL_MAX)
		return -1;
	if (len > dl && memcmp(s, dept, dl) == 0) {
		const char *d = s + dl;
		size_t n = len - dl;
		/* canonical decimal only: "department:03" would be a second name
		 * for the same channel */
		if (n > 18 || d[0] < '1' || d[0] > '9')
			return -1;
		int64_t v = 0;
		for (size_t i = 0; i < n; i++) {
			if (d[i] < '0' || d[i] > '9')
				return -1;
			v = v * 10 + (d[i] - '0');
		}
		out->kind = BR_CHAN_DEPARTMENT;
		out->dept_id = v;
	} else if (len > tl && memcmp(s, ticket, tl) == 0) {
		if (!br_public_id_valid(s + tl, len - tl))
			return -1;
		out->kind = BR_CHAN_TICKET;
		memcpy(out->public_id, s + tl, len - tl);
		out->public_id[len - tl] = '\0';
	} else {
		return -1;
	}
	memcpy(out->name, s, len);
	out->name[len] = '\0';
	return 0;
}

const char *br_err_code(enum br_err e)
{
	switch (e) {
	case BR_OK: break;
	case BR_ERR_BAD_MESSAGE: return "bad_message";
	case BR_ERR_UNKNOWN_CHANNEL: return "unknown_channel";
	case BR_ERR_FORBIDDEN: return "forbidden";
	case BR_ERR_TOO_MANY_CHANNELS: return "too_many_channels";
	case BR_ERR_TOKEN_EXPIRED: return "token_expired";
	}
	assert(!"no code for BR_OK");
	return "bad_message";
}

static enum br_err fail(enum br_err e, char *msg, size_t msglen, const char *text)
{
	snprintf(msg, msglen, "%s", text);
	return e;
}

/* The channel field of join and leave. */
static enum br_err parse_channel(struct json_object *root, struct br_request *req,
                                 char *msg, size_t msglen)
{
	struct json_object *ch;
	if (!json_object_object_get_ex(root, "channel", &ch) ||
	    !json_object_is_type(ch, json_type_string))
		return fail(BR_ERR_BAD_MESSAGE, msg, msglen, "channel must be a string");
	if (br_channel_parse(json_object_get_string(ch),
	                     (size_t)json_object_get_string_len(ch), &req->channel))
		return fail(BR_ERR_UNKNOWN_CHANNEL, msg, msglen,
		            "channel must be department:<id> or ticket:<public_id>");
	return BR_OK;
}

enum br_err br_request_parse(const char *text, size_t len, struct br_request *req,
                             char *msg, size_t msglen)
{
	enum br_err rc = BR_OK;
	struct json_object *root, *type, *v;

	memset(req, 0, offsetof(struct br_request, token));
	req->token[0] = '\0';
	req->token_len = 0;
	msg[0] = '\0';

	/* the API's parser: duplicate keys, \u0000, bad UTF-8 and trailing
	 * bytes are refused here as they are in request bodies */
	struct qs_err err;
	qs_err_clear(&err);
	if (qs_json_parse_object(text, len, &root, &err) != QS_OK)
		return fail(BR_ERR_BAD_MESSAGE, msg, msglen, "message must be one valid json object");
	if (!json_object_object_get_ex(root, "type", &type) ||
	    !json_object_is_type(type, json_type_string)) {
		rc = fail(BR_ERR_BAD_MESSAGE, msg, msglen, "type must be a string");
		goto out;
	}
	const char *t = json_object_get_string(type);
	size_t tlen = (size_t)json_object_get_string_len(type);

	if (str_is(t, tlen, "join")) {
		req->type = BR_REQ_JOIN;
		rc = parse_channel(root, req, msg, msglen);
		if (rc)
			goto out;
		/* since: absent or null means "no replay" */
		if (json_object_object_get_ex(root, "since", &v) && v) {
			if (!json_object_is_type(v, json_type_int) ||
			    json_object_get_int64(v) < 0) {
				rc = fail(BR_ERR_BAD_MESSAGE, msg, msglen,
				          "since must be a non-negative integer");
				goto out;
			}
			req->has_since = true;
			req->since = json_object_get_int64(v);
		}
	} else if (str_is(t, tlen, "leave")) {
		req->type = BR_REQ_LEAVE;
		rc = parse_channel(root, req, msg, msglen);
	} else if (str_is(t, tlen, "ping")) {
		req->type = BR_REQ_PING;
	} else if (str_is(t, tlen, "auth")) {
		req->type = BR_REQ_AUTH;
		if (!json_object_object_get_ex(root, "token", &v) ||
		    !json_object_is_type(v, json_type_string)) {
			rc = fail(BR_ERR_BAD_MESSAGE, msg, msglen, "token must be a string");
			goto out;
		}
		size_t n = (size_t)json_object_get_string_len(v);
		const char *s = json_object_get_string(v);
		/* the message limit bounds the token; a NUL inside is no token */
		if (n == 0 || n > BR_MAX_MESSAGE || memchr(s, '\0', n)) {
			rc = fail(BR_ERR_BAD_MESSAGE, msg, msglen, "token is malformed");
			goto out;
		}
		memcpy(req->token, s, n);
		req->token[n] = '\0';
		req->token_len = n;
	} else {
		rc = fail(BR_ERR_BAD_MESSAGE, msg, msglen, "unknown message type");
	}
out:
	json_object_put(root);
	return rc;
}

/* --- builders ----------------------------------------------------------- */

/* Add a string member; returns -1 when out of memory. */
static int add_str(struct json_object *o, const char *key, const char *val)
{
	struct json_object *s = json_object_new_string(val);
	if (!s)
		return -1;
	if (json_object_object_add(o, key, s)) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

static int add_int(struct json_object *o, const char *key, int64_t val)
{
	struct json_object *i = json_object_new_int64(val);
	if (!i)
		return -1;
	if (json_object_object_add(o, key, i)) {
		json_object_put(i);
		return -1;
	}
	return 0;
}

/* seq < 0 is "unknown": null */
static int add_seq(struct json_object *o, const char *key, int64_t seq)
{
	if (seq < 0)
		return json_object_object_add(o, key, NULL) ? -1 : 0;
	return add_int(o, key, seq);
}

static struct br_msg *finish(struct json_object *o, int rc)
{
	struct br_msg *m = NULL;
	if (o && rc == 0)
		m = br_msg_from_json(o);
	json_object_put(o);
	return m;
}

static struct json_object *typed(const char *type)
{
	struct json_object *o = json_object_new_object();
	if (o && add_str(o, "type", type)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct br_msg *br_build_welcome(const char *client_id, int heartbeat_s)
{
	struct json_object *o = typed("welcome");
	int rc = !o || add_str(o, "client_id", client_id) ||
	         add_int(o, "heartbeat_s", heartbeat_s);
	return finish(o, rc);
}

struct br_msg *br_build_joined(const char *channel, int64_t seq)
{
	struct json_object *o = typed("joined");
	int rc = !o || add_str(o, "channel", channel) || add_seq(o, "seq", seq);
	return finish(o, rc);
}

struct br_msg *br_build_left(const char *channel)
{
	struct json_object *o = typed("left");
	int rc = !o || add_str(o, "channel", channel);
	return finish(o, rc);
}

struct br_msg *br_build_authenticated(const char *role, int64_t dept, int64_t expires_at)
{
	struct json_object *o = typed("authenticated");
	char when[32];
	time_t t = (time_t)expires_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int rc = !o || add_str(o, "role", role) || add_seq(o, "department_id", dept > 0 ? dept : -1) ||
	         add_str(o, "expires_at", when);
	return finish(o, rc);
}

struct br_msg *br_build_pong(void)
{
	struct json_object *o = typed("pong");
	return finish(o, !o);
}

struct br_msg *br_build_error(enum br_err code, const char *message, const char *channel)
{
	struct json_object *o = typed("error");
	int rc = !o || add_str(o, "code", br_err_code(code)) ||
	         add_str(o, "message", message) ||
	         (channel && add_str(o, "channel", channel));
	return finish(o, rc);
}

struct br_msg *br_build_resync(const char *channel, const char *reason)
{
	struct json_object *o = typed("resync");
	int rc = !o || add_str(o, "channel", channel) || add_str(o, "reason", reason);
	return finish(o, rc);
}

struct br_ping_builder {
	struct json_object *root, *seqs;
	int failed;
};

struct br_ping_builder *br_ping_begin(void)
{
	struct br_ping_builder *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->root = typed("ping");
	b->seqs = json_object_new_object();
	if (!b->root || !b->seqs || json_object_object_add(b->root, "seqs", b->seqs)) {
		json_object_put(b->seqs);
		json_object_put(b->root);
		free(b);
		return NULL;
	}
	return b;
}

int br_ping_add(struct br_ping_builder *b, const char *channel, int64_t seq)
{
	if (add_seq(b->seqs, channel, seq))
		b->failed = 1;
	return b->failed ? -1 : 0;
}

struct br_msg *br_ping_finish(struct br_ping_builder *b)
{
	if (!b)
		return NULL;
	struct br_msg *m = finish(b->root, b->failed);
	free(b);
	return m;
}
