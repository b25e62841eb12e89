/* Bridge events: parsing what workers publish (both views of each event,
 * built by the API) and routing each view, untouched but for "channel".
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

#define HEAD(seq) "\"type\":\"ticket_called\",\"department_id\":3,\"seq\":" #seq "," \
	"\"ts\":\"2026-11-29T08:01:02Z\""
#define WAITING "\"waiting\":{\"7\":12,\"8\":3}"

/* As fcgi/events.c publishes it: the staff view and the public view.  The
 * public one carries a member the bridge has never heard of ("shiny"): it
 * goes through, as the view's owner decided. */
static const char full_event[] =
	"{\"staff\":{" HEAD(1042) ","
	"\"ticket\":{\"id\":77,\"public_id\":\"" PID "\",\"ticket_number\":\"A-042\","
	"\"status\":\"called\",\"customer_name\":\"Jane Doe\",\"customer_phone\":\"+15550100\","
	"\"notes\":\"wheelchair\",\"served_by\":4,"
	"\"counter_id\":2,\"recall_count\":0,\"service\":{\"id\":7,\"name\":\"Loans\"}},"
	"\"counter\":{\"id\":2,\"name\":\"Counter 2\"}," WAITING "},"
	"\"public\":{" HEAD(1042) ","
	"\"ticket\":{\"public_id\":\"" PID "\",\"ticket_number\":\"A-042\",\"status\":\"called\","
	"\"service\":{\"id\":7,\"name\":\"Loans\"},\"shiny\":true},"
	"\"counter\":{\"id\":2,\"name\":\"Counter 2\"}," WAITING "}}";

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

static struct br_event *parse(const char *chan, const char *text, char *why)
{
	return br_event_parse(chan, text, strlen(text), why, 64);
}

/* The frame m is exactly the view `which` of the published text, with
 * "channel" set to channel: nothing added, nothing taken away. */
static void assert_frame_is_view(struct br_msg *m, const char *published, const char *which,
                                 const char *channel)
{
	struct json_object *frame = obj_of(m), *root = json_tokener_parse(published);
	assert_non_null(root);
	struct json_object *view = get(root, which);
	assert_string_equal(json_object_get_string(get(frame, "channel")), channel);
	json_object_object_del(frame, "channel");
	json_object_object_del(view, "channel");
	if (!json_object_equal(frame, view))
		fail_msg("the %s frame is not the %s view: %s", channel, which, br_msg_text(m));
	json_object_put(frame);
	json_object_put(root);
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

	assert_frame_is_view(ev->staff, full_event, "staff", "department:3");
	assert_frame_is_view(ev->pub, full_event, "public", "department:3");
	assert_frame_is_view(ev->ticket_pub, full_event, "public", "ticket:" PID);

	/* and not a trace of the staff view in the public bytes */
	const char *priv[] = { "Jane", "5550100", "wheelchair", "\"id\":77", "served_by",
	                       "counter_id", "recall_count", "\"staff\"", "\"public\"" };
	for (size_t i = 0; i < sizeof priv / sizeof priv[0]; i++) {
		if (strstr(br_msg_text(ev->pub), priv[i]))
			fail_msg("public frame carries %s", priv[i]);
		if (strstr(br_msg_text(ev->ticket_pub), priv[i]))
			fail_msg("ticket frame carries %s", priv[i]);
	}
	assert_non_null(strstr(br_msg_text(ev->staff), "Jane Doe"));
	assert_null(strstr(br_msg_text(ev->staff), "shiny"));
	br_event_free(ev);
}

static void test_event_without_ticket(void **state)
{
	(void)state;
	char why[64];
	static const char counter[] =
		"{\"staff\":{\"type\":\"counter_update\",\"department_id\":9,\"seq\":0,\"ticket\":null,"
		"\"counter\":{\"id\":1,\"name\":\"C\",\"staff_id\":2},\"waiting\":{}},"
		"\"public\":{\"type\":\"counter_update\",\"department_id\":9,\"seq\":0,\"ticket\":null,"
		"\"counter\":{\"id\":1,\"name\":\"C\"},\"waiting\":{}}}";
	struct br_event *ev = parse("qstream:dept:9", counter, why);
	assert_non_null(ev);
	assert_string_equal(ev->public_id, "");
	assert_null(ev->ticket_pub);
	assert_frame_is_view(ev->staff, counter, "staff", "department:9");
	assert_frame_is_view(ev->pub, counter, "public", "department:9");
	br_event_free(ev);

	/* a public ticket whose public_id is not a valid one reaches only the
	 * department; the staff view's public_id names no channel */
	ev = parse(NULL, "{\"staff\":{\"type\":\"queue_update\",\"department_id\":9,\"seq\":5,"
	                 "\"ticket\":{\"public_id\":\"" PID "\",\"customer_name\":\"X Y\"}},"
	                 "\"public\":{\"type\":\"queue_update\",\"department_id\":9,\"seq\":5,"
	                 "\"ticket\":{\"public_id\":\"short\"}}}", why);
	assert_non_null(ev);
	assert_string_equal(ev->public_id, "");
	assert_null(ev->ticket_pub);
	assert_null(strstr(br_msg_text(ev->pub), "X Y"));
	br_event_free(ev);
}

/* What a publisher of the old single-view format, or a confused one, sends
 * is refused whole: the bridge has no public view of its own to fall back on. */
static void test_rejected_events(void **state)
{
	(void)state;
	char why[64];
#define V(body) "{\"type\":\"x\",\"department_id\":3,\"seq\":1" body "}"
#define BOTH(s, p) "{\"staff\":" s ",\"public\":" p "}"
	const struct { const char *chan, *text, *why; } bad[] = {
		{ NULL, "not json", "bad_json" },
		{ NULL, "[1]", "bad_json" },
		{ NULL, BOTH(V(""), V("")) " trailing", "bad_json" },
		{ NULL, "{\"staff\":" V("") ",\"staff\":" V("") ",\"public\":" V("") "}", "bad_json" },
		/* the old format: one view, which the bridge used to cut down */
		{ NULL, V(",\"ticket\":{\"id\":1,\"customer_name\":\"J\"}"), "bad_views" },
		{ NULL, "{\"staff\":" V("") "}", "bad_views" },
		{ NULL, "{\"public\":" V("") "}", "bad_views" },
		{ NULL, "{\"staff\":" V("") ",\"public\":null}", "bad_views" },
		{ NULL, "{\"staff\":\"x\",\"public\":" V("") "}", "bad_views" },
		{ NULL, "{\"staff\":[],\"public\":[]}", "bad_views" },
		{ NULL, BOTH("{\"department_id\":3,\"seq\":1}", V("")), "bad_type" },
		{ NULL, BOTH(V(""), "{\"type\":7,\"department_id\":3,\"seq\":1}"), "bad_type" },
		{ NULL, BOTH("{\"type\":\"x\",\"department_id\":\"3\",\"seq\":1}", V("")),
		  "bad_department_id" },
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":0,\"seq\":1}"),
		  "bad_department_id" },
		{ NULL, BOTH("{\"type\":\"x\",\"department_id\":3}", V("")), "bad_seq" },
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":3,\"seq\":-1}"), "bad_seq" },
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":3,\"seq\":1.0}"), "bad_seq" },
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":3,\"seq\":\"1\"}"), "bad_seq" },
		{ NULL, BOTH(V(""), V(",\"ticket\":[]")), "bad_ticket" },
		{ NULL, BOTH(V(",\"ticket\":\"" PID "\""), V("")), "bad_ticket" },
		/* two views of different events */
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":4,\"seq\":1}"), "views_disagree" },
		{ NULL, BOTH(V(""), "{\"type\":\"x\",\"department_id\":3,\"seq\":2}"), "views_disagree" },
		{ NULL, BOTH(V(""), "{\"type\":\"y\",\"department_id\":3,\"seq\":1}"), "views_disagree" },
		{ "qstream:dept:4", BOTH(V(""), V("")), "department_mismatch" },
		{ "qstream:dept:30", BOTH(V(""), V("")), "department_mismatch" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct br_event *ev = parse(bad[i].chan, bad[i].text, why);
		if (ev)
			fail_msg("accepted %s", bad[i].text);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("%s: %s, not %s", bad[i].text, why, bad[i].why);
	}

	/* over the size cap, however valid */
	size_t n = BR_EVENT_MAX_BYTES + 100;
	char *big = malloc(n + 1);
	assert_non_null(big);
	int k = snprintf(big, n + 1, "{\"staff\":" V("") ",\"public\":" V("") ",\"pad\":\"");
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
		BOTH(V(",\"channel\":\"department:5\""), V(",\"channel\":\"department:4\"")), why);
	assert_non_null(ev);
	struct json_object *p = obj_of(ev->pub), *s = obj_of(ev->staff);
	assert_string_equal(json_object_get_string(get(p, "channel")), "department:3");
	assert_string_equal(json_object_get_string(get(s, "channel")), "department:3");
	json_object_put(p);
	json_object_put(s);
	br_event_free(ev);
#undef V
#undef BOTH
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
		cmocka_unit_test(test_rejected_events),
		cmocka_unit_test(test_publisher_channel_is_replaced),
		cmocka_unit_test(test_revocations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
