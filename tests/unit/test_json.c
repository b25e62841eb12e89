/* Strictness of request body parsing and field reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "qs_json.h"

static enum qs_rc parse(const char *text, size_t len, struct qs_err *err)
{
	json_object *o = NULL;
	qs_err_clear(err);
	enum qs_rc rc = qs_json_parse_object(text, len, &o, err);
	if (o)
		json_object_put(o);
	return rc;
}

static void expect_bad(const char *text, size_t len)
{
	struct qs_err err;
	enum qs_rc rc = parse(text, len, &err);
	if (rc != QS_E_BAD_JSON)
		fail_msg("accepted: %.*s", (int)len, text);
	assert_string_equal(err.code, "bad_json");
}

#define BAD(s) expect_bad(s, sizeof(s) - 1)

static void test_accepts_plain_object(void **state)
{
	(void)state;
	struct qs_err err;
	const char *t = "{\"service_id\": 3, \"customer_name\": \"Zo\\u00eb\"} \n";
	assert_int_equal(parse(t, strlen(t), &err), QS_OK);
	t = "{\"a\":\"\\\\u0000 is text, \\ud83d\\ude00 a smile\"}";
	assert_int_equal(parse(t, strlen(t), &err), QS_OK);
	/* white space between tokens, escaped controls and quotes inside strings */
	t = "{\n\t\"a\\\"b\": \"x\\ty\\\\\",\r\n \"c\": 1}";
	assert_int_equal(parse(t, strlen(t), &err), QS_OK);
}

static void test_rejects_malformed(void **state)
{
	(void)state;
	BAD("");
	BAD("{");
	BAD("{\"a\":1,}");
	BAD("{'a':1}");
	BAD("[1,2]");
	BAD("\"text\"");
	BAD("{\"a\":1} trailing");
	BAD("{\"a\":1}{\"b\":2}");
	BAD("{\"a\":NaN}");
}

static void test_rejects_duplicates_nul_utf8(void **state)
{
	(void)state;
	BAD("{\"a\":1,\"a\":2}");
	BAD("{\"o\":{\"x\":1,\"x\":1}}");
	BAD("{\"a\":\"x\\u0000y\"}");
	BAD("{\"a\":\"\xc3\x28\"}");          /* invalid UTF-8 sequence */
	BAD("{\"a\":\"\xed\xa0\x80\"}");      /* encoded surrogate */
	BAD("{\"a\":\"\\ud800\"}");       /* escaped lone surrogate */
	BAD("{\"a\":1e999}");                /* not a finite number */
	BAD("{\"a\":Infinity}");
	BAD("{\"a\":\"\\udc00\"}");
	BAD("{\"a\":\"\\ud800\\u0041\"}");
	expect_bad("{\"a\":\"x\0\"}", 9);    /* raw NUL byte */
	/* RFC 8259: control characters inside strings must be escaped */
	BAD("{\"a\":\"a\x01b\"}");
	BAD("{\"a\":\"a\tb\"}");
	BAD("{\"a\":\"a\nb\"}");
	BAD("{\"a\\\"\x1f\":1}");          /* in a key, after an escaped quote */
}

static void test_depth_limit(void **state)
{
	(void)state;
	char ok[64] = "", deep[64] = "";
	struct qs_err err;
	/* 10 levels of objects are fine, 11 are not */
	for (int i = 0; i < 9; i++)
		strcat(ok, "{\"a\":");
	strcat(ok, "{}");
	for (int i = 0; i < 9; i++)
		strcat(ok, "}");
	assert_int_equal(parse(ok, strlen(ok), &err), QS_OK);
	for (int i = 0; i < 10; i++)
		strcat(deep, "{\"a\":");
	strcat(deep, "{}");
	for (int i = 0; i < 10; i++)
		strcat(deep, "}");
	expect_bad(deep, strlen(deep));
}

static void test_fields(void **state)
{
	(void)state;
	long id = 0;
	const char *name = NULL;
	int has_name = 0;
	const struct qs_field fields[] = {
		{ "service_id", QS_F_INT, 1, 1, 1000, &id, NULL, NULL },
		{ "name", QS_F_STR, 0, 1, 3, &name, &has_name, NULL },
	};
	struct qs_err err;
	json_object *o;

	o = json_tokener_parse("{\"service_id\": 7, \"name\": \"\xc3\xa9t\xc3\xa9\"}");
	qs_err_clear(&err);
	assert_int_equal(qs_json_read_fields(o, fields, 2, &err), QS_OK);
	assert_int_equal(id, 7);
	assert_string_equal(name, "\xc3\xa9t\xc3\xa9"); /* 3 characters, 5 bytes */
	assert_int_equal(has_name, 1);
	json_object_put(o);

	o = json_tokener_parse("{\"service_id\": \"5\", \"extra\": 1, \"name\": \"abcd\"}");
	qs_err_clear(&err);
	assert_int_equal(qs_json_read_fields(o, fields, 2, &err), QS_E_VALIDATION);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.ndetails, 3);
	assert_string_equal(err.details[0].field, "service_id");
	assert_string_equal(err.details[0].issue, "wrong_type");
	assert_string_equal(err.details[1].field, "extra");
	assert_string_equal(err.details[1].issue, "unknown_field");
	assert_string_equal(err.details[2].issue, "too_long");
	json_object_put(o);

	o = json_tokener_parse("{\"name\": null}");
	qs_err_clear(&err);
	has_name = 0;
	assert_int_equal(qs_json_read_fields(o, fields, 2, &err), QS_E_VALIDATION);
	assert_string_equal(err.details[0].field, "service_id");
	assert_string_equal(err.details[0].issue, "required");
	assert_int_equal(has_name, 0);
	json_object_put(o);

	o = json_tokener_parse("{\"service_id\": 1001}");
	qs_err_clear(&err);
	assert_int_equal(qs_json_read_fields(o, fields, 2, &err), QS_E_VALIDATION);
	assert_string_equal(err.details[0].issue, "out_of_range");
	json_object_put(o);

	o = json_tokener_parse("{\"service_id\": 1.5}");
	qs_err_clear(&err);
	assert_int_equal(qs_json_read_fields(o, fields, 2, &err), QS_E_VALIDATION);
	assert_string_equal(err.details[0].issue, "wrong_type");
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_plain_object),
		cmocka_unit_test(test_rejects_malformed),
		cmocka_unit_test(test_rejects_duplicates_nul_utf8),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
