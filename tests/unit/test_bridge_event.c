/* Bridge events: parsing what workers publish, and the public view.
 * Links wsbridge/br_event.c wsbridge/br_proto.c wsbridge/br_msg.c (json-c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "br_event.h"

#define PID "AbCdEfGhIjKlMnOpQrStUv"

static const char full_event[] =
	"{\"type\":\"ticket_called\",\"department_id\":3,\"seq\":1042,"
	"\"ts\":\"2026-11-29T08:01:02Z\","
	"\"ticket\":{\"id\":77,\"public_id\":\"" PID "\",\"ticket_number\":\"A-042\","
	"\"status\":\"called\",\"customer_name\":\"Jane Doe\",\"customer_phone\":\"+15550100\","
	"\"notes\":\"wheelchair\",\"served_by\":{\"id\":4,\"full_name\":\"Sam Staff\"},"
	"\"counter_id\":2,\"recall_count\":0,\"service\":{\"id\":7,\"name\":\"Loans\"}},"
	"\"counter\":{\"id\":2,\"name\":\"Counter 2\",\"served_by\":\"Sam Staff\"},"
	"\"waiting\":{\"7\":12,\"8\":3}}";

static struct json_object *obj_of(struct br_msg *m)
{
	assert_non_null(m);
	struct json_object *o = json_tokener_parse(br_msg_text(m));
	assert_non_null(o);
	return o;
}

static struct json_object *get(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;
	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("missing %s", k);
	return v;
}

static bool has(struct json_object *o, const char *k)
{
	return json_object_object_get_ex(o, k, NULL);
}

static struct br_event *parse(const char *chan, const char *text, char *why)
{
	return br_event_parse(chan, text, strlen(text), why, 64);
}

static void test_views_of_a_full_event(void **state)
{
	(void)state;
	char why[64];
	struct br_event *ev = parse("qstream:dept:3", full_event, why);
	assert_non_null(ev);
	assert_int_equal(ev->dept_id, 3);
	assert_int_equal(ev->seq, 1042);
	assert_string_equal(ev->public_id, PID);

	/* staff view: everything as published, plus the channel */
	struct json_object *s = obj_of(ev->staff);
	assert_string_equal(json_object_get_string(get(s, "channel")), "department:3");
	struct json_object *st = get(s, "ticket");
	assert_string_equal(json_object_get_string(get(st, "customer_name")), "Jane Doe");
	assert_int_equal(json_object_get_int(get(st, "id")), 77);
	assert_true(has(st, "served_by"));
	json_object_put(s);

	/* public view: no personal data, no integer id, no served_by anywhere */
	struct json_object *p = obj_of(ev->pub);
	assert_string_equal(json_object_get_string(get(p, "channel")), "department:3");
	assert_string_equal(json_object_get_string(get(p, "type")), "ticket_called");
	assert_int_equal(json_object_get_int64(get(p, "seq")), 1042);
	struct json_object *pt = get(p, "ticket");
	const char *gone[] = { "id", "customer_name", "customer_phone", "notes", "served_by" };
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		if (has(pt, gone[i]))
			fail_msg("public ticket still has %s", gone[i]);
	assert_false(has(get(p, "counter"), "served_by"));
	/* the public fields stay, including nested ids that are not the ticket's */
	assert_string_equal(json_object_get_string(get(pt, "public_id")), PID);
	assert_string_equal(json_object_get_string(get(pt, "ticket_number")), "A-042");
	assert_int_equal(json_object_get_int(get(get(pt, "service"), "id")), 7);
	assert_int_equal(json_object_get_int(get(get(p, "counter"), "id")), 2);
	assert_int_equal(json_object_get_int(get(get(p, "waiting"), "7")), 12);
	json_object_put(p);
	/* and not a trace of it in the bytes */
	assert_null(strstr(br_msg_text(ev->pub), "Jane"));
	assert_null(strstr(br_msg_text(ev->pub), "5550100"));
	assert_null(strstr(br_msg_text(ev->pub), "wheelchair"));
	assert_null(strstr(br_msg_text(ev->pub), "Sam Staff"));

	/* ticket channel view: public, with its own channel */
	struct json_object *t = obj_of(ev->ticket_pub);
	assert_string_equal(json_object_get_string(get(t, "channel")), "ticket:" PID);
	assert_false(has(get(t, "ticket"), "customer_name"));
	json_object_put(t);
	assert_null(strstr(br_msg_text(ev->ticket_pub), "Jane"));

	br_event_free(ev);
}

static void test_event_without_ticket(void **state)
{
	(void)state;
	char why[64];
	struct br_event *ev = parse("qstream:dept:9",
		"{\"type\":\"counter_update\",\"department_id\":9,\"seq\":0,\"ticket\":null,"
		"\"counter\":{\"id\":1,\"served_by\":{\"id\":2}},\"waiting\":{}}", why);
	assert_non_null(ev);
	assert_string_equal(ev->public_id, "");
	assert_null(ev->ticket_pub);
	assert_null(strstr(br_msg_text(ev->pub), "served_by"));
	assert_non_null(strstr(br_msg_text(ev->staff), "served_by"));
	br_event_free(ev);

	/* a ticket whose public_id is not a valid one reaches only the department */
	ev = parse(NULL, "{\"type\":\"queue_update\",\"department_id\":9,\"seq\":5,"
	                 "\"ticket\":{\"public_id\":\"short\",\"customer_name\":\"X Y\"}}", why);
	assert_non_null(ev);
	assert_null(ev->ticket_pub);
	assert_null(strstr(br_msg_text(ev->pub), "X Y"));
	br_event_free(ev);
}

static void test_tickets_array_is_stripped(void **state)
{
	(void)state;
	struct json_object *o = json_tokener_parse(
		"{\"tickets\":[{\"id\":1,\"notes\":\"n\",\"public_id\":\"p\"},7,null],"
		"\"deep\":[[{\"served_by\":1,\"keep\":2}]]}");
	assert_non_null(o);
	br_event_strip_public(o);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_string_equal(s, "{\"tickets\":[{\"public_id\":\"p\"},7,null],\"deep\":[[{\"keep\":2}]]}");
	json_object_put(o);
	br_event_strip_public(NULL);
}

static void test_rejected_events(void **state)
{
	(void)state;
	char why[64];
	const struct { const char *chan, *text, *why; } bad[] = {
		{ NULL, "not json", "bad_json" },
		{ NULL, "[1]", "bad_json" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3,\"seq\":1} trailing", "bad_json" },
		{ NULL, "{\"department_id\":3,\"seq\":1}", "bad_type" },
		{ NULL, "{\"type\":\"x\",\"department_id\":\"3\",\"seq\":1}", "bad_department_id" },
		{ NULL, "{\"type\":\"x\",\"department_id\":0,\"seq\":1}", "bad_department_id" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3}", "bad_seq" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3,\"seq\":-1}", "bad_seq" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3,\"seq\":1.0}", "bad_seq" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3,\"seq\":\"1\"}", "bad_seq" },
		{ NULL, "{\"type\":\"x\",\"department_id\":3,\"seq\":1,\"ticket\":[]}", "bad_ticket" },
		{ "qstream:dept:4", "{\"type\":\"x\",\"department_id\":3,\"seq\":1}", "department_mismatch" },
		{ "qstream:dept:30", "{\"type\":\"x\",\"department_id\":3,\"seq\":1}", "department_mismatch" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct br_event *ev = parse(bad[i].chan, bad[i].text, why);
		if (ev)
			fail_msg("accepted %s", bad[i].text);
		assert_string_equal(why, bad[i].why);
	}

	/* over the size cap, however valid */
	size_t n = BR_EVENT_MAX_BYTES + 100;
	char *big = malloc(n + 1);
	assert_non_null(big);
	int k = snprintf(big, n + 1, "{\"type\":\"x\",\"department_id\":3,\"seq\":1,\"pad\":\"");
	memset(big + k, 'a', n - (size_t)k - 2);
	memcpy(big + n - 2, "\"}", 3);
	assert_null(br_event_parse(NULL, big, n, why, sizeof why));
	assert_string_equal(why, "event_too_large");
	free(big);
}

static void test_publisher_channel_is_replaced(void **state)
{
	(void)state;
	char why[64];
	struct br_event *ev = parse("qstream:dept:3",
		"{\"type\":\"x\",\"department_id\":3,\"seq\":1,\"channel\":\"department:4\"}", why);
	assert_non_null(ev);
	struct json_object *p = obj_of(ev->pub);
	assert_string_equal(json_object_get_string(get(p, "channel")), "department:3");
	json_object_put(p);
	br_event_free(ev);
}

static int revocation(const char *text, struct br_revocation *rv)
{
	return br_revocation_parse(text, strlen(text), rv);
}

static void test_revocations(void **state)
{
	(void)state;
	struct br_revocation rv;

	assert_int_equal(revocation("{\"user_id\":7,\"session_id\":12}", &rv), 0);
	assert_int_equal(rv.user_id, 7);
	assert_int_equal(rv.session_id, 12);
	assert_int_equal(rv.token_version, 0);
	assert_int_equal(revocation("{\"user_id\":7,\"token_version\":3}", &rv), 0);
	assert_int_equal(rv.session_id, 0);
	assert_int_equal(rv.token_version, 3);
	/* exactly one of session_id and token_version; positive integers only */
	const char *bad[] = {
		"{\"user_id\":7}",
		"{\"user_id\":7,\"session_id\":1,\"token_version\":2}",
		"{\"session_id\":1}",
		"{\"user_id\":\"7\",\"session_id\":1}",
		"{\"user_id\":0,\"session_id\":1}",
		"{\"user_id\":7,\"session_id\":-1}",
		"{\"user_id\":7,\"session_id\":1,\"extra\":1}",
		"{\"user_id\":7,\"user_id\":8,\"session_id\":1}",
		"[7]", "not json", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_not_equal(revocation(bad[i], &rv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_of_a_full_event),
		cmocka_unit_test(test_event_without_ticket),
		cmocka_unit_test(test_tickets_array_is_stripped),
		cmocka_unit_test(test_rejected_events),
		cmocka_unit_test(test_publisher_channel_is_replaced),
		cmocka_unit_test(test_revocations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
