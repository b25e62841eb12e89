/* view_ticket: a ticket as JSON, in the public and the staff view, and the
 * public view of a counter.  Each names every member it includes (a public
 * view is a whitelist, never the staff view with members deleted) and
 * returns a new object the caller owns.  REST answers and the events'
 * views (events.c) are built here alike. */
#ifndef QS_VIEW_TICKET_H
#define QS_VIEW_TICKET_H

#include <json-c/json.h>

#include "ticket.h"

/* PublicTicket of the contract: no integer id, no personal data. */
json_object *qs_ticket_public_json(const struct qs_ticket *t, const char *public_url);
/* Ticket (staff view) = PublicTicket plus the staff fields. */
json_object *qs_ticket_staff_json(const struct qs_ticket *t, const char *public_url);
/* A counter as the public sees it, {id, name}: PublicTicket's "counter"
 * (and an event's). */
json_object *qs_counter_public_json(long id, const char *name);
/* The counter of a counter_update event in its public view: {id, name,
 * state} (a board may show which desks are open; never who holds one). */
json_object *qs_counter_state_public_json(long id, const char *name, const char *state);

#endif
