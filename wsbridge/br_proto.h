/* br_proto: the WebSocket protocol's words (API.md, "WebSocket protocol").
 *
 * Parsing and checking of client messages and channel names, and the
 * builders of every server message.  Pure logic on json-c: no sockets, no
 * libwebsockets, so tests/unit/test_bridge_proto.c can link it alone. */
#ifndef BR_PROTO_H
#define BR_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "br_msg.h"

struct json_object;

#define BR_MAX_MESSAGE   4096   /* client message limit; bigger closes 1009 */
#define BR_PUBLIC_ID_MIN 22
#define BR_PUBLIC_ID_MAX 64
/* "department:" + 19 digits, or "ticket:" + 64 characters, and a NUL */
#define BR_CHANNEL_MAX   80

enum br_chan_kind { BR_CHAN_DEPARTMENT, BR_CHAN_TICKET };

struct br_chan_name {
	enum br_chan_kind kind;
	int64_t dept_id;                        /* BR_CHAN_DEPARTMENT */
	char public_id[BR_PUBLIC_ID_MAX + 1];   /* BR_CHAN_TICKET */
	char name[BR_CHANNEL_MAX];              /* canonical, as the client wrote it */
};

/* Parse "department:<positive int, no leading zero>" or
 * "ticket:<22..64 of [A-Za-z0-9_-]>".  s need not be NUL-terminated and may
 * hold NULs (they make it invalid).  Returns 0, or -1 for anything else. */
int br_channel_parse(const char *s, size_t len, struct br_chan_name *out);
/* Is s (len bytes) a valid ticket public_id? */
bool br_public_id_valid(const char *s, size_t len);

enum br_req_type { BR_REQ_JOIN, BR_REQ_LEAVE, BR_REQ_PING, BR_REQ_AUTH };

/* Error codes of the protocol's error message. */
enum br_err {
	BR_OK = 0,
	BR_ERR_BAD_MESSAGE,
	BR_ERR_UNKNOWN_CHANNEL,
	BR_ERR_FORBIDDEN,
	BR_ERR_TOO_MANY_CHANNELS,
	BR_ERR_TOKEN_EXPIRED,
};
const char *br_err_code(enum br_err e);

struct br_request {
	enum br_req_type type;
	struct br_chan_name channel;   /* join, leave */
	bool has_since;                /* join */
	int64_t since;
	char token[BR_MAX_MESSAGE + 1];/* auth; NUL-terminated, no NUL inside */
	size_t token_len;
};

/* Parse one complete client message.  Returns BR_OK and fills req, or an
 * error code with a short lowercase message in msg (for the client; never
 * echoes client data).  Fields the protocol does not know are ignored, so
 * newer clients keep working against this bridge. */
enum br_err br_request_parse(const char *text, size_t len, struct br_request *req,
                             char *msg, size_t msglen);

/* Server messages.  Each returns a new message (refs = 1) or NULL when out
 * of memory.  seq < 0 means "unknown" and is written as null. */
struct br_msg *br_build_welcome(const char *client_id, int heartbeat_s);
struct br_msg *br_build_joined(const char *channel, int64_t seq);
struct br_msg *br_build_left(const char *channel);
struct br_msg *br_build_pong(void);
/* {"type":"authenticated","role","department_id","expires_at"}; dept 0: null */
struct br_msg *br_build_authenticated(const char *role, int64_t dept, int64_t expires_at);
/* channel may be NULL when the error concerns no channel */
struct br_msg *br_build_error(enum br_err code, const char *message, const char *channel);
struct br_msg *br_build_resync(const char *channel, const char *reason);

/* The server heartbeat {"type":"ping","seqs":{...}} is built in steps. */
struct br_ping_builder;
struct br_ping_builder *br_ping_begin(void);
int br_ping_add(struct br_ping_builder *b, const char *channel, int64_t seq);
/* Serializes and frees the builder (also on failure). */
struct br_msg *br_ping_finish(struct br_ping_builder *b);

#endif
