/* The ticket state machine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ticket_rules.h"

static const char *const statuses[] = { "waiting", "called", "serving", "completed",
                                        "no_show", "cancelled" };

/* the contract's table: the statuses each action may start from */
static const struct {
	enum qs_ticket_action a;
	const char *from;
} allowed[] = {
	{ QS_ACT_CALL, "waiting" },     { QS_ACT_RECALL, "called" },   { QS_ACT_START, "called" },
	{ QS_ACT_COMPLETE, "serving" }, { QS_ACT_NO_SHOW, "called" },  { QS_ACT_CANCEL, "waiting" },
	{ QS_ACT_TRANSFER, "called" },  { QS_ACT_TRANSFER, "serving" }, { QS_ACT_REQUEUE, "called" },
	{ QS_ACT_DELAY, "waiting" },    { QS_ACT_RATE, "completed" },
};

static int in_table(enum qs_ticket_action a, const char *from)
{
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (allowed[i].a == a && strcmp(allowed[i].from, from) == 0)
			return 1;
	return 0;
}

static void test_every_pair(void **state)
{
	(void)state;
	for (int a = QS_ACT_CALL; a <= QS_ACT_RATE; a++)
		for (size_t s = 0; s < 6; s++)
			if (qs_ticket_action_allowed(statuses[s], (enum qs_ticket_action)a) !=
			    in_table((enum qs_ticket_action)a, statuses[s]))
				fail_msg("%s from %s", qs_ticket_action_name((enum qs_ticket_action)a),
				         statuses[s]);
}

static void test_next_status_and_events(void **state)
{
	(void)state;
	assert_string_equal(qs_ticket_next_status(QS_ACT_CALL, 0, 3), "called");
	assert_string_equal(qs_ticket_next_status(QS_ACT_RECALL, 2, 3), "called");
	assert_string_equal(qs_ticket_next_status(QS_ACT_RECALL, 3, 3), "no_show");
	assert_string_equal(qs_ticket_next_status(QS_ACT_RECALL, 0, 0), "no_show");
	assert_string_equal(qs_ticket_next_status(QS_ACT_TRANSFER, 0, 3), "waiting");
	assert_string_equal(qs_ticket_event_type(QS_ACT_CALL), "ticket_called");
	assert_string_equal(qs_ticket_event_type(QS_ACT_RECALL), "ticket_called");
	assert_string_equal(qs_ticket_event_type(QS_ACT_COMPLETE), "queue_update");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_next_status_and_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
