/* lib/qs_buf: the growing printf buffer of the metrics expositions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "qs_buf.h"

/* Under AddressSanitizer an allocation beyond its limit aborts unless told
 * to answer NULL, as malloc() does: the failure path needs that answer.
 * (Read only by a sanitizer build; ASAN_OPTIONS keeps its own keys.) */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void test_appends_and_grows(void **state)
{
	(void)state;
	struct qs_buf b;
	size_t len = 0;
	qs_buf_init(&b, 4); /* smaller than the first write */
	qs_buf_printf(&b, "%s=%d\n", "alpha", 1);
	qs_buf_printf(&b, "%s", "");
	for (int i = 0; i < 1000; i++)
		qs_buf_printf(&b, "%03d", i);
	char *text = qs_buf_take(&b, &len);
	assert_non_null(text);
	assert_int_equal(len, strlen("alpha=1\n") + 3000);
	assert_int_equal(strlen(text), len);
	assert_memory_equal(text, "alpha=1\n000001002", 17);
	assert_string_equal(text + len - 3, "999");
	free(text);
	/* taken: the buffer is empty and refuses more, so nothing leaks */
	qs_buf_printf(&b, "more");
	assert_null(qs_buf_take(&b, &len));
}

static void test_exact_fit_and_empty(void **state)
{
	(void)state;
	struct qs_buf b;
	size_t len = 99;
	qs_buf_init(&b, 4);
	qs_buf_printf(&b, "abc"); /* 3 bytes and the NUL: exactly the room */
	qs_buf_printf(&b, "d");
	char *text = qs_buf_take(&b, &len);
	assert_string_equal(text, "abcd");
	assert_int_equal(len, 4);
	free(text);

	qs_buf_init(&b, 16);
	text = qs_buf_take(&b, &len);
	assert_string_equal(text, "");
	assert_int_equal(len, 0);
	free(text);
}

static void test_failed_allocation(void **state)
{
	(void)state;
	struct qs_buf b;
	size_t len = 7;
	/* more than any allocator gives: the buffer is failed from the start,
	 * writes do nothing and the take answers NULL, leaving len alone */
	qs_buf_init(&b, SIZE_MAX / 2);
	assert_true(b.failed);
	qs_buf_printf(&b, "%d", 42);
	assert_null(qs_buf_take(&b, &len));
	assert_int_equal(len, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appends_and_grows),
		cmocka_unit_test(test_exact_fit_and_empty),
		cmocka_unit_test(test_failed_allocation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
