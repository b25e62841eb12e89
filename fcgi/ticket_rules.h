/* ticket_rules: the state machine of a ticket's life (API.md, "Tickets").
 *
 *   waiting --call / call-next--> called --start--> serving --complete--> completed
 *   waiting --cancel--> cancelled          called --no-show--> no_show
 *   called --recall--> called (past max_recalls: no_show)
 *   called, serving --transfer--> waiting (another service, same number)
 *   called --requeue {first|last}--> waiting
 *   waiting --delay (customer, at most twice)--> waiting, behind the next 3
 *
 * Pure: no database, unit-tested. */
#ifndef QS_TICKET_RULES_H
#define QS_TICKET_RULES_H

enum qs_ticket_action {
	QS_ACT_CALL,
	QS_ACT_RECALL,
	QS_ACT_START,
	QS_ACT_COMPLETE,
	QS_ACT_NO_SHOW,
	QS_ACT_CANCEL,
	QS_ACT_TRANSFER,
	QS_ACT_REQUEUE,
	QS_ACT_DELAY,
	QS_ACT_RATE,
};

#define QS_MAX_DELAYS 2
#define QS_DELAY_PLACES 3

/* May a ticket in `status` take `action`? */
int qs_ticket_action_allowed(const char *status, enum qs_ticket_action action);

/* The status after the action (recall: "no_show" once recall_count would
 * pass max_recalls). */
const char *qs_ticket_next_status(enum qs_ticket_action action, int recall_count, int max_recalls);

/* The event type a committed action publishes. */
const char *qs_ticket_event_type(enum qs_ticket_action action);

const char *qs_ticket_action_name(enum qs_ticket_action action);

#endif
