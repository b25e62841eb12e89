/* br_event: Redis payload to serialized views (br_event.h). */
#include "br_event.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "qs_json.h"

static void strip_served_by(struct json_object *o, int depth)
{
	/* the tokener's depth limit bounds real input; this is a guard */
	if (depth > BR_EVENT_MAX_DEPTH + 1)
		return;
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_del(o, "served_by");
		json_object_object_foreach(o, key, val) {
			(void)key;
			if (val)
				strip_served_by(val, depth + 1);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(o, i);
			if (e)
				strip_served_by(e, depth + 1);
		}
	}
}

static void strip_ticket(struct json_object *t)
{
	static const char *const personal[] = {
		"id", "customer_name", "customer_phone", "notes",
	};
	if (!t || !json_object_is_type(t, json_type_object))
		return;
	for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
		json_object_object_del(t, personal[i]);
}

void br_event_strip_public(struct json_object *event)
{
	struct json_object *v;

	if (!event || !json_object_is_type(event, json_type_object))
		return;
	if (json_object_object_get_ex(event, "ticket", &v))
		strip_ticket(v);
	if (json_object_object_get_ex(event, "tickets", &v) &&
	    json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n; i++)
			strip_ticket(json_object_array_get_idx(v, i));
	}
	strip_served_by(event, 0);
}

void br_event_free(struct br_event *ev)
{
	if (!ev)
		return;
	br_msg_unref(ev->staff);
	br_msg_unref(ev->pub);
	br_msg_unref(ev->ticket_pub);
	free(ev);
}

/* A positive integer member (json-c would silently convert "5"). */
static int get_int(struct json_object *o, const char *key, int64_t min, int64_t *out)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	int64_t x = json_object_get_int64(v);
	if (x < min || x == INT64_MAX)   /* INT64_MAX: json-c saturated */
		return -1;
	*out = x;
	return 0;
}

static int set_channel(struct json_object *root, const char *name)
{
	struct json_object *s = json_object_new_string(name);
	if (!s)
		return -1;
	/* replaces any "channel" the publisher might have put there */
	if (json_object_object_add(root, "channel", s)) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

struct br_event *br_event_parse(const char *redis_channel, const char *payload,
                                size_t len, char *why, size_t whylen)
{
	struct br_event *ev = NULL;
	struct json_object *root = NULL, *type, *ticket, *pid;
	char chan[BR_CHANNEL_MAX];

	why[0] = '\0';
	if (len > BR_EVENT_MAX_BYTES) {
		snprintf(why, whylen, "event_too_large");
		goto fail;
	}
	struct qs_err err;
	qs_err_clear(&err);
	if (qs_json_parse_object(payload, len, &root, &err) != QS_OK) {
		snprintf(why, whylen, "bad_json");
		goto fail;
	}
	ev = calloc(1, sizeof *ev);
	if (!ev) {
		snprintf(why, whylen, "out_of_memory");
		goto fail;
	}
	if (!json_object_object_get_ex(root, "type", &type) ||
	    !json_object_is_type(type, json_type_string)) {
		snprintf(why, whylen, "bad_type");
		goto fail;
	}
	if (get_int(root, "department_id", 1, &ev->dept_id)) {
		snprintf(why, whylen, "bad_department_id");
		goto fail;
	}
	if (get_int(root, "seq", 0, &ev->seq)) {
		snprintf(why, whylen, "bad_seq");
		goto fail;
	}
	if (redis_channel) {
		char expect[64];
		snprintf(expect, sizeof expect, "qstream:dept:%lld", (long long)ev->dept_id);
		if (strcmp(expect, redis_channel) != 0) {
			snprintf(why, whylen, "department_mismatch");
			goto fail;
		}
	}
	if (json_object_object_get_ex(root, "ticket", &ticket) && ticket) {
		if (!json_object_is_type(ticket, json_type_object)) {
			snprintf(why, whylen, "bad_ticket");
			goto fail;
		}
		/* a ticket without a usable public_id still reaches the department */
		if (json_object_object_get_ex(ticket, "public_id", &pid) &&
		    json_object_is_type(pid, json_type_string) &&
		    br_public_id_valid(json_object_get_string(pid),
		                       (size_t)json_object_get_string_len(pid)))
			snprintf(ev->public_id, sizeof ev->public_id, "%s",
			         json_object_get_string(pid));
	}

	snprintf(chan, sizeof chan, "department:%lld", (long long)ev->dept_id);
	if (set_channel(root, chan) || !(ev->staff = br_msg_from_json(root))) {
		snprintf(why, whylen, "out_of_memory");
		goto fail;
	}
	br_event_strip_public(root);
	if (!(ev->pub = br_msg_from_json(root))) {
		snprintf(why, whylen, "out_of_memory");
		goto fail;
	}
	if (ev->public_id[0]) {
		snprintf(chan, sizeof chan, "ticket:%s", ev->public_id);
		if (set_channel(root, chan) || !(ev->ticket_pub = br_msg_from_json(root))) {
			snprintf(why, whylen, "out_of_memory");
			goto fail;
		}
	}
	json_object_put(root);
	return ev;
fail:
	json_object_put(root);
	br_event_free(ev);
	return NULL;
}

int br_revocation_parse(const char *payload, size_t len, struct br_revocation *out)
{
	struct json_object *root = NULL;
	struct qs_err err;
	long user = 0, sid = 0, ver = 0;
	int has_sid = 0, has_ver = 0;
	const struct qs_field fields[] = {
		{ "user_id", QS_F_INT, 1, 1, LONG_MAX, &user, NULL, NULL },
		{ "session_id", QS_F_INT, 0, 1, LONG_MAX, &sid, &has_sid, NULL },
		{ "token_version", QS_F_INT, 0, 1, LONG_MAX, &ver, &has_ver, NULL },
	};

	qs_err_clear(&err);
	if (qs_json_parse_object(payload, len, &root, &err) != QS_OK)
		return -1;
	int rc = qs_json_read_fields(root, fields, sizeof fields / sizeof fields[0], &err) != QS_OK ||
	         has_sid == has_ver ? -1 : 0;   /* exactly one of the two */
	json_object_put(root);
	if (rc == 0)
		*out = (struct br_revocation){ user, has_sid ? sid : 0, has_ver ? ver : 0 };
	return rc;
}
