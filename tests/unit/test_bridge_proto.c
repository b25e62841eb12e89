/* Bridge protocol: channel names, client messages, server messages.
 * Links wsbridge/br_proto.c wsbridge/br_msg.c (json-c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "br_msg.h"
#include "br_proto.h"
#include "qs_json.h"

static int parse_channel(const char *s)
{
	struct br_chan_name cn;
	return br_channel_parse(s, strlen(s), &cn);
}

static void test_department_channels(void **state)
{
	(void)state;
	struct br_chan_name cn;
	assert_int_equal(br_channel_parse("department:3", 12, &cn), 0);
	assert_int_equal(cn.kind, BR_CHAN_DEPARTMENT);
	assert_int_equal(cn.dept_id, 3);
	assert_string_equal(cn.name, "department:3");
	assert_int_equal(br_channel_parse("department:123456789012345678", 29, &cn), 0);
	assert_true(cn.dept_id == 123456789012345678LL);

	const char *bad[] = {
		"department:0", "department:03", "department:-1", "department:",
		"department:3a", "department: 3", "department:+3", "Department:3",
		"department:1234567890123456789", "department", "room:1", "", "department:3 ",
		"ticket", "ticket:",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse_channel(bad[i]) != -1)
			fail_msg("accepted channel \"%s\"", bad[i]);
	}
	/* a NUL inside is not a shorter valid name */
	assert_int_equal(br_channel_parse("department:3\0" "4", 14, &cn), -1);
}

static void test_ticket_channels(void **state)
{
	(void)state;
	char buf[128];
	struct br_chan_name cn;
	const char *id22 = "AbCdEfGhIjKlMnOpQrSt_-";

	snprintf(buf, sizeof buf, "ticket:%s", id22);
	assert_int_equal(parse_channel(buf), 0);
	assert_int_equal(br_channel_parse(buf, strlen(buf), &cn), 0);
	assert_int_equal(cn.kind, BR_CHAN_TICKET);
	assert_string_equal(cn.public_id, id22);
	assert_string_equal(cn.name, buf);

	/* 21 characters: too short */
	snprintf(buf, sizeof buf, "ticket:%.21s", id22);
	assert_int_equal(parse_channel(buf), -1);
	/* 64 fine, 65 too long */
	memset(buf, 0, sizeof buf);
	memcpy(buf, "ticket:", 7);
	memset(buf + 7, 'a', 64);
	assert_int_equal(parse_channel(buf), 0);
	buf[7 + 64] = 'a';
	assert_int_equal(parse_channel(buf), -1);
	/* standard base64 characters are not URL-safe */
	assert_int_equal(parse_channel("ticket:AbCdEfGhIjKlMnOpQrSt+/"), -1);
	assert_int_equal(parse_channel("ticket:AbCdEfGhIjKlMnOpQrSt=="), -1);
	assert_int_equal(parse_channel("ticket:AbCdEfGhIjKlMnOpQrSt.."), -1);
	assert_false(br_public_id_valid("AbCdEfGhIjKlMnOpQrSt\0x", 22));
}

static enum br_err parse(const char *text, struct br_request *req)
{
	char msg[128];
	enum br_err rc = br_request_parse(text, strlen(text), req, msg, sizeof msg);
	if (rc)
		assert_true(msg[0] != '\0');   /* every error explains itself */
	return rc;
}

static void test_join_and_leave(void **state)
{
	(void)state;
	struct br_request req;

	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":1040}", &req), BR_OK);
	assert_int_equal(req.type, BR_REQ_JOIN);
	assert_string_equal(req.channel.name, "department:3");
	assert_true(req.has_since);
	assert_int_equal(req.since, 1040);

	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\"}", &req), BR_OK);
	assert_false(req.has_since);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":null}", &req), BR_OK);
	assert_false(req.has_since);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":0}", &req), BR_OK);
	assert_true(req.has_since);
	assert_int_equal(req.since, 0);

	/* json-c would turn "5" into 5 and 1.5 into 1: we do not */
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":\"5\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":1.5}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":-1}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\",\"since\":true}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":3}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"room:1\"}", &req), BR_ERR_UNKNOWN_CHANNEL);
	assert_int_equal(parse("{\"type\":\"join\",\"channel\":\"department:3\\u0000\"}", &req), BR_ERR_BAD_MESSAGE);   /* \u0000 is refused by the parser */

	assert_int_equal(parse("{\"type\":\"leave\",\"channel\":\"ticket:AbCdEfGhIjKlMnOpQrSt_-\"}", &req), BR_OK);
	assert_int_equal(req.type, BR_REQ_LEAVE);
	assert_int_equal(req.channel.kind, BR_CHAN_TICKET);
	assert_int_equal(parse("{\"type\":\"leave\",\"channel\":\"ticket:short\"}", &req), BR_ERR_UNKNOWN_CHANNEL);
}

static void test_ping_auth_and_unknown(void **state)
{
	(void)state;
	struct br_request req;

	assert_int_equal(parse("{\"type\":\"ping\"}", &req), BR_OK);
	assert_int_equal(req.type, BR_REQ_PING);
	/* unknown fields are ignored, whitespace around the value is fine */
	assert_int_equal(parse(" {\"type\":\"ping\",\"id\":7}\n", &req), BR_OK);
	assert_int_equal(req.type, BR_REQ_PING);

	assert_int_equal(parse("{\"type\":\"auth\",\"token\":\"a.b.c\"}", &req), BR_OK);
	assert_int_equal(req.type, BR_REQ_AUTH);
	assert_string_equal(req.token, "a.b.c");
	assert_int_equal(req.token_len, 5);
	assert_int_equal(parse("{\"type\":\"auth\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"auth\",\"token\":\"\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"auth\",\"token\":\"a\\u0000b\"}", &req), BR_ERR_BAD_MESSAGE);

	assert_int_equal(parse("{\"type\":\"dance\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"ping\\u0000\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"PING\"}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":7}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("[\"ping\"]", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("\"ping\"", &req), BR_ERR_BAD_MESSAGE);
}

static void test_strict_json(void **state)
{
	(void)state;
	struct br_request req;
	char deep[256] = "{\"type\":\"ping\",\"x\":";
	const int levels = 12;

	assert_int_equal(parse("not json", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"ping\"", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"ping\"} x", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"ping\"}{}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{'type':'ping'}", &req), BR_ERR_BAD_MESSAGE);
	assert_int_equal(parse("{\"type\":\"ping\",}", &req), BR_ERR_BAD_MESSAGE);
	/* invalid UTF-8 inside a string */
	assert_int_equal(parse("{\"type\":\"ping\",\"x\":\"\xc3\x28\"}", &req), BR_ERR_BAD_MESSAGE);
	/* duplicate keys, as in request bodies */
	assert_int_equal(parse("{\"type\":\"ping\",\"type\":\"auth\"}", &req), BR_ERR_BAD_MESSAGE);
	/* nesting deeper than 10 */
	for (int i = 0; i < levels; i++)
		strcat(deep, "[");
	for (int i = 0; i < levels; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	assert_int_equal(parse(deep, &req), BR_ERR_BAD_MESSAGE);
	/* the length given is what counts, not a NUL */
	char msg[64];
	assert_int_equal(br_request_parse("{\"type\":\"ping\"}\0junk", 20, &req, msg, sizeof msg),
	                 BR_ERR_BAD_MESSAGE);
	assert_int_equal(br_request_parse("{\"type\":\"ping\"}junk", 15, &req, msg, sizeof msg), BR_OK);
}

/* Parse a built message back and return it (caller puts). */
static struct json_object *reparse(struct br_msg *m)
{
	assert_non_null(m);
	assert_int_equal(m->refs, 1);
	assert_int_equal(strlen(br_msg_text(m)), m->len);
	struct json_object *o = NULL;
	struct qs_err err;
	qs_err_clear(&err);
	assert_int_equal(qs_json_parse_object(br_msg_text(m), m->len, &o, &err), QS_OK);
	br_msg_unref(m);
	return o;
}

static const char *sget(struct json_object *o, const char *k)
{
	struct json_object *v;
	assert_true(json_object_object_get_ex(o, k, &v));
	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static void test_builders(void **state)
{
	(void)state;
	struct json_object *o, *v;

	o = reparse(br_build_welcome("00ff", 25));
	assert_string_equal(sget(o, "type"), "welcome");
	assert_string_equal(sget(o, "client_id"), "00ff");
	assert_true(json_object_object_get_ex(o, "heartbeat_s", &v));
	assert_int_equal(json_object_get_int(v), 25);
	json_object_put(o);

	o = reparse(br_build_joined("department:3", -1));
	assert_string_equal(sget(o, "type"), "joined");
	assert_string_equal(sget(o, "channel"), "department:3");
	assert_true(json_object_object_get_ex(o, "seq", &v));
	assert_null(v);   /* null, not absent */
	json_object_put(o);

	o = reparse(br_build_joined("department:3", 1042));
	assert_true(json_object_object_get_ex(o, "seq", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), 1042);
	json_object_put(o);

	o = reparse(br_build_error(BR_ERR_TOO_MANY_CHANNELS, "too many \"channels\"", NULL));
	assert_string_equal(sget(o, "type"), "error");
	assert_string_equal(sget(o, "code"), "too_many_channels");
	assert_string_equal(sget(o, "message"), "too many \"channels\"");
	assert_false(json_object_object_get_ex(o, "channel", NULL));
	json_object_put(o);

	o = reparse(br_build_resync("ticket:AbCdEfGhIjKlMnOpQrSt_-", "gap"));
	assert_string_equal(sget(o, "type"), "resync");
	assert_string_equal(sget(o, "channel"), "ticket:AbCdEfGhIjKlMnOpQrSt_-");
	assert_string_equal(sget(o, "reason"), "gap");
	json_object_put(o);

	o = reparse(br_build_left("department:9"));
	assert_string_equal(sget(o, "type"), "left");
	json_object_put(o);
	o = reparse(br_build_pong());
	assert_string_equal(sget(o, "type"), "pong");
	json_object_put(o);

	struct br_ping_builder *b = br_ping_begin();
	assert_non_null(b);
	assert_int_equal(br_ping_add(b, "department:3", 1042), 0);
	assert_int_equal(br_ping_add(b, "department:4", -1), 0);
	o = reparse(br_ping_finish(b));
	assert_string_equal(sget(o, "type"), "ping");
	struct json_object *seqs;
	assert_true(json_object_object_get_ex(o, "seqs", &seqs));
	assert_true(json_object_object_get_ex(seqs, "department:3", &v));
	assert_int_equal(json_object_get_int64(v), 1042);
	assert_true(json_object_object_get_ex(seqs, "department:4", &v));
	assert_null(v);
	json_object_put(o);
	/* no seqs at all is an empty object */
	o = reparse(br_ping_finish(br_ping_begin()));
	assert_true(json_object_object_get_ex(o, "seqs", &seqs));
	assert_int_equal(json_object_object_length(seqs), 0);
	json_object_put(o);
}

static void test_msg_headroom_and_refs(void **state)
{
	(void)state;
	struct br_msg *m = br_msg_new("hello", 5);
	assert_non_null(m);
	assert_int_equal(m->len, 5);
	assert_ptr_equal(br_msg_payload(m), m->buf + BR_PRE);
	assert_memory_equal(br_msg_payload(m), "hello", 5);
	assert_int_equal(br_msg_payload(m)[5], '\0');
	assert_ptr_equal(br_msg_ref(m), m);
	assert_int_equal(m->refs, 2);
	br_msg_unref(m);
	assert_int_equal(m->refs, 1);
	br_msg_unref(m);      /* freed: ASan would report a leak otherwise */
	br_msg_unref(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_department_channels),
		cmocka_unit_test(test_ticket_channels),
		cmocka_unit_test(test_join_and_leave),
		cmocka_unit_test(test_ping_auth_and_unknown),
		cmocka_unit_test(test_strict_json),
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_msg_headroom_and_refs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
