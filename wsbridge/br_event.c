/* br_event: Redis payload to serialized views (br_event.h). */
#include "br_event.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "qs_json.h"

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

/* One view of the event: an object with "type", "department_id" and "seq",
 * and "ticket" an object or null when present. */
static const char *check_view(struct json_object *view, int64_t *dept, int64_t *seq)
{
	struct json_object *type, *ticket;

	if (!json_object_object_get_ex(view, "type", &type) ||
	    !json_object_is_type(type, json_type_string))
		return "bad_type";
	if (get_int(view, "department_id", 1, dept))
		return "bad_department_id";
	if (get_int(view, "seq", 0, seq))
		return "bad_seq";
	if (json_object_object_get_ex(view, "ticket", &ticket) && ticket &&
	    !json_object_is_type(ticket, json_type_object))
		return "bad_ticket";
	return NULL;
}

static struct json_object *member_object(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_object)
		? v : NULL;
}

/* The view with "channel" set to name, serialized. */
static struct br_msg *serialize_for(struct json_object *view, const char *name)
{
	return set_channel(view, name) ? NULL : br_msg_from_json(view);
}

struct br_event *br_event_parse(const char *redis_channel, const char *payload,
                                size_t len, char *why, size_t whylen)
{
	struct br_event *ev = NULL;
	struct json_object *root = NULL, *staff, *pub, *ticket, *pid;
	const char *bad;
	char chan[BR_CHANNEL_MAX];
	int64_t dept, seq;

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
	if (!(staff = member_object(root, "staff")) || !(pub = member_object(root, "public"))) {
		snprintf(why, whylen, "bad_views");
		goto fail;
	}
	if ((bad = check_view(staff, &ev->dept_id, &ev->seq)) || (bad = check_view(pub, &dept, &seq))) {
		snprintf(why, whylen, "%s", bad);
		goto fail;
	}
	/* two views of one event: the same change, the same place in the order */
	if (dept != ev->dept_id || seq != ev->seq ||
	    strcmp(json_object_get_string(json_object_object_get(staff, "type")),
	           json_object_get_string(json_object_object_get(pub, "type"))) != 0) {
		snprintf(why, whylen, "views_disagree");
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
	/* the ticket channel is named by the public view's ticket; one without
	 * a usable public_id still reaches the department */
	if ((ticket = member_object(pub, "ticket")) &&
	    json_object_object_get_ex(ticket, "public_id", &pid) &&
	    json_object_is_type(pid, json_type_string) &&
	    br_public_id_valid(json_object_get_string(pid), (size_t)json_object_get_string_len(pid)))
		snprintf(ev->public_id, sizeof ev->public_id, "%s", json_object_get_string(pid));

	/* each view serialized once, as published, with only "channel" set */
	snprintf(chan, sizeof chan, "department:%lld", (long long)ev->dept_id);
	if (!(ev->staff = serialize_for(staff, chan)) || !(ev->pub = serialize_for(pub, chan))) {
		snprintf(why, whylen, "out_of_memory");
		goto fail;
	}
	if (ev->public_id[0]) {
		snprintf(chan, sizeof chan, "ticket:%s", ev->public_id);
		if (!(ev->ticket_pub = serialize_for(pub, chan))) {
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
