/* The status -> HTTP table and the error carrier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "qs_err.h"

static void test_http_mapping(void **state)
{
	(void)state;
	static const struct { enum qs_rc rc; int http; const char *code; } want[] = {
		{ QS_E_BAD_JSON, 400, "bad_json" },
		{ QS_E_VALIDATION, 400, "validation_failed" },
		{ QS_E_UNAUTHENTICATED, 401, "unauthenticated" },
		{ QS_E_FORBIDDEN, 403, "forbidden" },
		{ QS_E_NOT_FOUND, 404, "not_found" },
		{ QS_E_METHOD, 405, "method_not_allowed" },
		{ QS_E_CONFLICT, 409, "conflict" },
		{ QS_E_TOO_LARGE, 413, "payload_too_large" },
		{ QS_E_MEDIA_TYPE, 415, "unsupported_media_type" },
		{ QS_E_RATE_LIMITED, 429, "rate_limited" },
		{ QS_E_UNAVAILABLE, 503, "unavailable" },
		{ QS_E_RETRY, 503, "unavailable" },
		{ QS_E_INTERNAL, 500, "internal_error" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(qs_err_http_status(want[i].rc), want[i].http);
		assert_string_equal(qs_err_default_code(want[i].rc), want[i].code);
	}
	assert_int_equal(qs_err_http_status((enum qs_rc)999), 500);
}

static void test_set_and_details(void **state)
{
	(void)state;
	struct qs_err e;
	qs_err_clear(&e);
	assert_int_equal(qs_err_set(&e, QS_E_CONFLICT, "no_waiting_ticket", "queue %s", "empty"),
	                 QS_E_CONFLICT);
	assert_string_equal(e.code, "no_waiting_ticket");
	assert_string_equal(e.message, "queue empty");

	qs_err_clear(&e);
	assert_int_equal(qs_err_field(&e, "service_id", "required"), QS_E_VALIDATION);
	qs_err_field(&e, "name", "too_long");
	assert_string_equal(e.message, "service_id is required"); /* first problem wins */
	assert_int_equal(e.ndetails, 2);
	assert_string_equal(e.details[1].field, "name");
	for (int i = 0; i < 20; i++)
		qs_err_field(&e, "x", "invalid");
	assert_int_equal(e.ndetails, QS_ERR_DETAILS_MAX);
}

/* A refusal with its reason: code stays the contract's "conflict", the
 * reason is the one detail, and nothing of an earlier error survives. */
static void test_conflict_reason(void **state)
{
	(void)state;
	struct qs_err e;
	qs_err_clear(&e);
	qs_err_field(&e, "name", "too_long");
	snprintf(e.current_status, sizeof e.current_status, "%s", "called");
	e.conflict_id = 7;
	e.retry_after = 30;
	assert_int_equal(qs_err_conflict(&e, "counter_id", "counter_not_open", "open counter %d first",
	                                 4), QS_E_CONFLICT);
	assert_int_equal(e.rc, QS_E_CONFLICT);
	assert_string_equal(e.code, "conflict");
	assert_string_equal(e.message, "open counter 4 first");
	assert_int_equal(e.ndetails, 1);
	assert_string_equal(e.details[0].field, "counter_id");
	assert_string_equal(e.details[0].issue, "counter_not_open");
	assert_string_equal(e.current_status, "");
	assert_int_equal(e.conflict_id, 0);
	assert_int_equal(e.retry_after, 0);
	assert_int_equal(qs_err_http_status(e.rc), 409);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_mapping),
		cmocka_unit_test(test_set_and_details),
		cmocka_unit_test(test_conflict_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
