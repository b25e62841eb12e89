/* br_msg: refcounted frames with lws headroom (br_msg.h). */
#include "br_msg.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

struct br_msg *br_msg_new(const char *text, size_t len)
{
	struct br_msg *m = malloc(sizeof *m + BR_PRE + len + 1);
	if (!m)
		return NULL;
	m->refs = 1;
	m->len = len;
	memset(m->buf, 0, BR_PRE);
	memcpy(m->buf + BR_PRE, text, len);
	m->buf[BR_PRE + len] = '\0';
	return m;
}

struct br_msg *br_msg_from_json(struct json_object *obj)
{
	size_t len = 0;
	const char *s = json_object_to_json_string_length(
		obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (!s)
		return NULL;
	return br_msg_new(s, len);
}

struct br_msg *br_msg_ref(struct br_msg *m)
{
	assert(m && m->refs > 0);
	m->refs++;
	return m;
}

void br_msg_unref(struct br_msg *m)
{
	if (!m)
		return;
	assert(m->refs > 0);
	if (--m->refs == 0)
		free(m);
}
