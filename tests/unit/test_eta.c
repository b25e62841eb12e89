/* The wait estimate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "eta.h"

static void test_eta(void **state)
{
	(void)state;
	struct qs_eta_input in = { .people_ahead = 0, .avg_service_minutes = 10, .open_counters = 1 };
	struct qs_eta e = qs_eta_range(&in);
	assert_int_equal(e.low, 0);
	assert_int_equal(e.high, 10);             /* whoever is at the counter finishes */

	in.people_ahead = 6;
	in.open_counters = 2;
	e = qs_eta_range(&in);                    /* 6 * 10 / 2 = 30 expected */
	assert_int_equal(e.low, 24);
	assert_int_equal(e.high, 41);             /* 36 + 5 */
	assert_true(e.low <= 30 && 30 <= e.high);

	in.recent_service_seconds = 240;          /* measured: 4 minutes, not 10 */
	e = qs_eta_range(&in);                    /* 6 * 4 / 2 = 12 expected */
	assert_int_equal(e.low, 9);
	assert_int_equal(e.high, 17);             /* 14.4 + 2 */

	in.recent_service_seconds = 3;            /* tests or no-shows: 3 seconds */
	e = qs_eta_range(&in);                    /* believed as 10 / 3 minutes */
	assert_int_equal(e.low, 8);
	assert_true(e.high >= 10);
	in.recent_service_seconds = 36000;        /* a ticket left open for hours */
	e = qs_eta_range(&in);                    /* believed as 30 minutes */
	assert_int_equal(e.low, 72);

	in.open_counters = 0;                     /* nobody serving: wider range */
	struct qs_eta closed = qs_eta_range(&in);
	in.open_counters = 1;
	struct qs_eta open1 = qs_eta_range(&in);
	assert_true(closed.high > open1.high);
	assert_true(closed.low <= closed.high);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_eta) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
