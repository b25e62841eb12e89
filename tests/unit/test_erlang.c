/* Erlang C against published values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "erlang.h"

/* cmocka 1.1 compares floats only: doubles to within eps, saying both */
#define assert_double_equal(a, b, eps) do { \
	double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (eps))) \
		fail_msg("%s = %.10g, expected %.10g (within %g)", #a, a_, b_, (double)(eps)); \
} while (0)

static void test_probability_of_waiting(void **state)
{
	(void)state;
	/* textbook values: C(2, 1) = 1/3, C(3, 2) = 4/9, C(11, 10) = 0.6821 */
	assert_double_equal(qs_erlang_c(2, 1.0), 1.0 / 3, 1e-12);
	assert_double_equal(qs_erlang_c(3, 2.0), 4.0 / 9, 1e-12);
	assert_double_equal(qs_erlang_c(11, 10.0), 0.6821, 5e-5);
	assert_double_equal(qs_erlang_c(1, 0.5), 0.5, 1e-12);    /* M/M/1: rho */
	assert_double_equal(qs_erlang_c(10, 10.0), 1.0, 0);      /* overloaded */
	assert_double_equal(qs_erlang_c(5, 0.0), 0.0, 0);        /* nobody comes */
}

static void test_reference_case(void **state)
{
	(void)state;
	/* 100 arrivals per 30 minutes, 180 s handling, 80 % within 20 s:
	 * 14 agents, service level 0.888, waiting 0.174, average wait 7.84 s */
	struct qs_erlang e;
	int n = qs_erlang_agents(100, 1800, 180, 20, 0.80, 500, &e);
	assert_int_equal(n, 14);
	assert_int_equal(e.agents, 14);
	assert_double_equal(e.traffic, 10.0, 1e-12);
	assert_double_equal(e.service_level, 0.888, 5e-4);
	assert_double_equal(e.prob_wait, 0.174, 5e-4);
	assert_double_equal(e.avg_wait_s, 7.84, 5e-3);
	assert_double_equal(e.occupancy, 10.0 / 14, 1e-12);
	/* one fewer misses the goal */
	struct qs_erlang less = qs_erlang_eval(13, 100, 1800, 180, 20);
	assert_true(less.service_level < 0.80);
	assert_double_equal(less.service_level, 0.7956, 5e-4);
}

static void test_large_traffic_does_not_overflow(void **state)
{
	(void)state;
	/* 1,000 an hour at 5 minutes: 83.3 Erlangs; a^n / n! would overflow */
	struct qs_erlang e;
	int n = qs_erlang_agents(1000, 3600, 300, 20, 0.80, 1000, &e);
	assert_int_equal(n, 91);
	assert_true(isfinite(e.prob_wait) && e.prob_wait > 0 && e.prob_wait < 1);
	assert_true(e.service_level >= 0.80);
	/* 20,000 Erlangs still computes */
	double c = qs_erlang_c(20100, 20000);
	assert_true(isfinite(c) && c > 0 && c < 1);
}

static void test_edges(void **state)
{
	(void)state;
	struct qs_erlang e;
	assert_int_equal(qs_erlang_agents(0, 3600, 300, 900, 0.8, 100, &e), 0);
	assert_double_equal(e.service_level, 1, 0);
	/* a trickle still needs one person */
	assert_int_equal(qs_erlang_agents(1, 3600, 300, 900, 0.8, 100, &e), 1);
	/* a goal out of reach within the cap */
	assert_int_equal(qs_erlang_agents(10000, 3600, 600, 1, 0.99, 50, &e), -1);
	assert_int_equal(e.agents, 50);
	assert_double_equal(e.service_level, 0, 0);
	/* more staff never lowers the service level */
	double prev = 0;
	for (int k = 1; k < 30; k++) {
		struct qs_erlang x = qs_erlang_eval(k, 200, 3600, 300, 600);
		assert_true(x.service_level >= prev);
		prev = x.service_level;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probability_of_waiting),
		cmocka_unit_test(test_reference_case),
		cmocka_unit_test(test_large_traffic_does_not_overflow),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
