/* view_ticket: a ticket as JSON, in the public and the staff view.
 * Each returns a new object the caller owns. */
#ifndef QS_VIEW_TICKET_H
#define QS_VIEW_TICKET_H

#include <json-c/json.h>

#include "ticket.h"

/* PublicTicket of the contract: no integer id, no personal data. */
json_object *qs_ticket_public_json(const struct qs_ticket *t, const char *public_url);
/* Ticket (staff view) = PublicTicket plus the staff fields. */
json_object *qs_ticket_staff_json(const struct qs_ticket *t, const char *public_url);

#endif
