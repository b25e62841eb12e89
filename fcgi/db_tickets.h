/* db_tickets: the SQL of tickets, one function per statement. */
#ifndef QS_DB_TICKETS_H
#define QS_DB_TICKETS_H

#include "qs_db.h"
#include "ticket.h"

/* What ticket creation needs to know about a service and its department. */
struct qs_service_ref {
	long service_id, department_id;
	char prefix[8];
	int open_now;
	char service_day[16];           /* YYYY-MM-DD in the department's time zone */
	long public_limit_per_hour;     /* the system setting */
};

/* QS_E_NOT_FOUND when the service does not exist or it or its department is
 * inactive. */
enum qs_rc db_ticket_service_ref(struct qs_db *db, long service_id, struct qs_service_ref *out,
                                 struct qs_err *err);

/* The id of the ticket created with this idempotency key, or 0. */
enum qs_rc db_ticket_by_idempotency_key(struct qs_db *db, long department_id, const char *key,
                                        long *ticket_id, struct qs_err *err);

/* Draw the next number of the service's day (row-locked until commit). */
enum qs_rc db_ticket_next_number(struct qs_db *db, long service_id, const char *service_day,
                                 long *number, struct qs_err *err);

struct qs_ticket_new {
	const char *public_id;
	long department_id, service_id, number;
	const char *service_day, *ticket_number, *priority;
	const char *customer_name, *customer_phone, *notes, *idempotency_key; /* may be NULL */
};
enum qs_rc db_ticket_insert(struct qs_db *db, const struct qs_ticket_new *t, long *id,
                           struct qs_err *err);

/* Load a ticket with its position and estimate inputs.  QS_E_NOT_FOUND. */
enum qs_rc db_ticket_get(struct qs_db *db, long id, struct qs_ticket *out, struct qs_err *err);

#endif
