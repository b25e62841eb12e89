/* br_event: one event from Redis, parsed, checked and serialized.
 *
 * Workers publish each change on qstream:dept:<id> as one message holding
 * both views of the event, built by the API's view owners
 * (fcgi/events.c, API.md "Events"):
 *   {"staff": {"type", "department_id", "seq", ...}, "public": {...}}
 * The two must name the same type, department and seq.  The bridge only
 * routes: it never adds to or deletes from a view, except "channel".  It
 * serializes each, once, on the Redis thread, so that the service thread only
 * moves pointers:
 *   staff      the staff view, with "channel":"department:<id>"
 *   pub        the public view, with "channel":"department:<id>"
 *   ticket_pub the public view with "channel":"ticket:<public_id>", when the
 *              public view carries a ticket with a valid public_id
 * No libwebsockets dependency (unit-tested in test_bridge_event.c). */
#ifndef BR_EVENT_H
#define BR_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "br_msg.h"
#include "br_proto.h"
#include "qs_json.h"

struct json_object;

#define BR_EVENT_MAX_BYTES (256 * 1024)  /* refuse anything larger from Redis */
#define BR_EVENT_MAX_DEPTH QS_JSON_MAX_DEPTH   /* the parser (qs_json) stops deeper */

struct br_event {
	int64_t dept_id;
	int64_t seq;
	char public_id[BR_PUBLIC_ID_MAX + 1];   /* "" when none */
	struct br_msg *staff;
	struct br_msg *pub;
	struct br_msg *ticket_pub;              /* NULL when public_id is "" */
};

/* Parse a payload received on Redis channel redis_channel
 * ("qstream:dept:<id>"; NULL skips the check that it matches department_id).
 * Returns a new event (free with br_event_free) or NULL with a short reason
 * in why (for the log: never the payload, which holds personal data). */
struct br_event *br_event_parse(const char *redis_channel, const char *payload,
                                size_t len, char *why, size_t whylen);
void br_event_free(struct br_event *ev);

/* Tokens the API declared dead (qs_event_publish_revoked): one login
 * session of a user, or every token of the user older than token_version. */
struct br_revocation {
	int64_t user_id;
	int64_t session_id;      /* 0: every session of the user */
	int64_t token_version;   /* with session_id 0: tokens with a smaller ver */
};

/* Parse a payload of QS_AUTH_CHANNEL: {"user_id", "session_id"} or
 * {"user_id", "token_version"}.  0 on success. */
int br_revocation_parse(const char *payload, size_t len, struct br_revocation *out);

#endif
