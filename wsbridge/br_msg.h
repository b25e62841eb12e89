/* br_msg: one serialized frame, shared by every socket that receives it.
 *
 * An event is serialized once and the same buffer is written to all its
 * subscribers, so the buffer is refcounted.  BR_PRE bytes of headroom sit
 * before the payload because lws_write() builds the WebSocket header in place
 * there (br_ws.c checks at compile time that BR_PRE >= LWS_PRE).  This file
 * has no libwebsockets dependency so the unit tests can link it alone.
 *
 * Refcounts are plain ints: a message is created on one thread and handed
 * over through a mutex-protected queue; from then on only the lws service
 * thread touches it. */
#ifndef BR_MSG_H
#define BR_MSG_H

#include <stddef.h>

struct json_object;

#define BR_PRE 16

struct br_msg {
	int refs;
	size_t len;                  /* payload bytes, without the NUL */
	unsigned char buf[];         /* BR_PRE headroom, payload, NUL */
};

/* A new message holding a copy of len bytes of text, refs = 1; NULL when out
 * of memory.  The caller owns the reference. */
struct br_msg *br_msg_new(const char *text, size_t len);
/* Serialize obj (plain, no slash escaping) into a new message, refs = 1. */
struct br_msg *br_msg_from_json(struct json_object *obj);

static inline unsigned char *br_msg_payload(struct br_msg *m)
{
	return m->buf + BR_PRE;
}

static inline const char *br_msg_text(const struct br_msg *m)
{
	return (const char *)m->buf + BR_PRE;
}

struct br_msg *br_msg_ref(struct br_msg *m);
/* Drop one reference; NULL is fine. */
void br_msg_unref(struct br_msg *m);

#endif
