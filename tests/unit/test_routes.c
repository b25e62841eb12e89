/* Route pattern matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "routes.h"
#include "metrics.h"

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

static void test_metrics_addresses(void **state)
{
	(void)state;
	/* loopback always */
	assert_true(metrics_addr_allowed("127.0.0.1", ""));
	assert_true(metrics_addr_allowed("127.8.9.10", NULL));
	assert_true(metrics_addr_allowed("::1", ""));
	/* nothing else unless listed */
	assert_false(metrics_addr_allowed("10.1.2.3", ""));
	assert_false(metrics_addr_allowed("::2", ""));
	assert_false(metrics_addr_allowed("", "10.0.0.0/8"));
	assert_false(metrics_addr_allowed(NULL, "10.0.0.0/8"));
	assert_false(metrics_addr_allowed("not an address", "10.0.0.0/8"));
	/* addresses and blocks, both families */
	const char *allow = "10.0.0.0/8, 192.168.1.5,2001:db8::/32 ,fd00::7";
	assert_true(metrics_addr_allowed("10.200.3.4", allow));
	assert_true(metrics_addr_allowed("192.168.1.5", allow));
	assert_false(metrics_addr_allowed("192.168.1.6", allow));
	assert_false(metrics_addr_allowed("11.0.0.1", allow));
	assert_true(metrics_addr_allowed("2001:db8:1::9", allow));
	assert_false(metrics_addr_allowed("2001:db9::9", allow));
	assert_true(metrics_addr_allowed("fd00::7", allow));
	assert_false(metrics_addr_allowed("fd00::8", allow));
	/* a block that does not start on a byte */
	assert_true(metrics_addr_allowed("172.17.5.1", "172.16.0.0/12"));
	assert_false(metrics_addr_allowed("172.32.0.1", "172.16.0.0/12"));
	/* malformed entries match nothing, and do not stop the list */
	assert_false(metrics_addr_allowed("10.0.0.1", "10.0.0.0/33, 10.0.0.0/x, /8, 10.0.0.0/"));
	assert_true(metrics_addr_allowed("10.0.0.1", "garbage, 10.0.0.1"));
	/* an IPv4 entry never matches an IPv6 address or the reverse */
	assert_false(metrics_addr_allowed("::ffff:10.0.0.1", "10.0.0.0/8"));
	assert_false(metrics_addr_allowed("10.0.0.1", "::/0"));
	assert_true(metrics_addr_allowed("10.0.0.1", "0.0.0.0/0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_addresses),
		cmocka_unit_test(test_literal_and_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
