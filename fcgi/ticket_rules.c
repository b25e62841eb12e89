/* ticket_rules: the ticket state machine (ticket_rules.h). */
#include "ticket_rules.h"

#include <string.h>

static const struct {
	const char *name;
	const char *from[3];    /* statuses it may start from */
	const char *to;         /* NULL: decided by the action */
	const char *event;
} rules[] = {
	[QS_ACT_CALL] = { "call", { "waiting" }, "called", "ticket_called" },
	[QS_ACT_RECALL] = { "recall", { "called" }, NULL, "ticket_called" },
	[QS_ACT_START] = { "start", { "called" }, "serving", "queue_update" },
	[QS_ACT_COMPLETE] = { "complete", { "serving" }, "completed", "queue_update" },
	[QS_ACT_NO_SHOW] = { "no-show", { "called" }, "no_show", "queue_update" },
	[QS_ACT_CANCEL] = { "cancel", { "waiting" }, "cancelled", "queue_update" },
	[QS_ACT_TRANSFER] = { "transfer", { "called", "serving" }, "waiting", "queue_update" },
	[QS_ACT_REQUEUE] = { "requeue", { "called" }, "waiting", "queue_update" },
	[QS_ACT_DELAY] = { "delay", { "waiting" }, "waiting", "queue_update" },
	[QS_ACT_RATE] = { "rating", { "completed" }, "completed", "queue_update" },
};

int qs_ticket_action_allowed(const char *status, enum qs_ticket_action action)
{
	for (int i = 0; i < 3 && rules[action].from[i]; i++)
		if (strcmp(status, rules[action].from[i]) == 0)
			return 1;
	return 0;
}

const char *qs_ticket_next_status(enum qs_ticket_action action, int recall_count, int max_recalls)
{
	if (action == QS_ACT_RECALL)
		return recall_count + 1 > max_recalls ? "no_show" : "called";
	return rules[action].to;
}

const char *qs_ticket_event_type(enum qs_ticket_action action)
{
	return rules[action].event;
}

const char *qs_ticket_action_name(enum qs_ticket_action action)
{
	return rules[action].name;
}
