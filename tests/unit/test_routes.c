/* Route pattern matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "routes.h"

static int match(const char *pattern, const char *path, const char **params)
{
	static char buf[256];
	return qs_route_match_path(pattern, path, buf, sizeof buf, params, 4);
}

static void test_literal_and_params(void **state)
{
	(void)state;
	const char *p[4];
	assert_int_equal(match("/api/v1/health", "/api/v1/health", p), 0);
	assert_int_equal(match("/api/v1/health", "/api/v1/health/", p), 0);
	assert_int_equal(match("/api/v1/health", "/api/v1/healthz", p), -1);
	assert_int_equal(match("/api/v1/health", "/api/v1/heal", p), -1);
	assert_int_equal(match("/api/v1/display/{id}", "/api/v1/display/42", p), 1);
	assert_string_equal(p[0], "42");
	assert_int_equal(match("/api/v1/display/{id}", "/api/v1/display/", p), -1);
	assert_int_equal(match("/api/v1/display/{id}", "/api/v1/display/4/x", p), -1);
	assert_int_equal(match("/a/{x}/b/{y}", "/a/1/b/two", p), 2);
	assert_string_equal(p[1], "two");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
