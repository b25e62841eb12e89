/* Configuration: defaults, file, environment overrides, refusal naming the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "qs_config.h"

static char path[64];

static void write_conf(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/qs_test_config_%d.conf", (int)getpid());
	unsetenv("QSTREAM_API_THREADS");
	unsetenv("QSTREAM_REDIS_PORT");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_defaults_without_file(void **state)
{
	(void)state;
	struct qs_config c;
	char err[256];
	assert_int_equal(qs_config_load(&c, "/nonexistent/qstream.conf", 0, err, sizeof err), 0);
	assert_int_equal(c.api_threads, 8);
	assert_int_equal(c.body_limit, 16384);
	assert_string_equal(c.redis_host, "127.0.0.1");
	qs_config_cleanup(&c);
	/* but a file that was asked for must exist */
	assert_int_equal(qs_config_load(&c, "/nonexistent/qstream.conf", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/qstream.conf"));
}

static void test_file_then_env(void **state)
{
	(void)state;
	struct qs_config c;
	char err[256];
	write_conf("# comment\n\napi_threads = 4\n  redis_port=6400  \npublic_url = https://q.example.org\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), 0);
	assert_int_equal(c.api_threads, 4);
	assert_int_equal(c.redis_port, 6400);
	assert_string_equal(c.public_url, "https://q.example.org");
	qs_config_cleanup(&c);

	setenv("QSTREAM_API_THREADS", "2", 1);
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), 0);
	assert_int_equal(c.api_threads, 2);
	qs_config_cleanup(&c);
	unsetenv("QSTREAM_API_THREADS");
}

static void test_refuses_bad_values(void **state)
{
	(void)state;
	struct qs_config c;
	char err[256];

	write_conf("api_threads = many\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "api_threads"));

	write_conf("api_threads = 0\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "api_threads"));

	write_conf("no_such_key = 1\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "no_such_key"));

	write_conf("just text\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, ":1:"));

	write_conf("redis_host =\n");
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "redis_host"));

	write_conf("");
	setenv("QSTREAM_REDIS_PORT", "70000", 1);
	assert_int_equal(qs_config_load(&c, path, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "QSTREAM_REDIS_PORT"));
	unsetenv("QSTREAM_REDIS_PORT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_without_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_then_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_bad_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
