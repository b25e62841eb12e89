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

struct qs_ticket_new {
	const char *public_id;
	long department_id, service_id;
	const char *service_day, *prefix, *priority;
	const char *customer_name, *customer_phone, *notes, *idempotency_key; /* may be NULL */
};

/* Take a ticket: one statement, its own transaction (sql qs_ticket_take).
 * *created 0: the idempotency key was used already and *out is that ticket
 * as it is now (*seq 0, *waiting NULL).  Otherwise the department's *seq and
 * *waiting counts (JSON text, the caller frees) to publish.  QS_E_CONFLICT
 * when a concurrent request with the same key committed first (run it again
 * to get that ticket). */
enum qs_rc db_ticket_take(struct qs_db *db, const struct qs_ticket_new *t, long *seq,
                          char **waiting, int *created, struct qs_ticket *out,
                          struct qs_err *err);

/* The end of a change of ticket `id` in the caller's transaction: the
 * ticket as it is now, the department's next seq and waiting counts, and
 * COMMIT, in one round trip (sql qs_ticket_changed). */
enum qs_rc db_ticket_changed_commit(struct qs_db *db, long id, long department_id, long *seq,
                                    char **waiting, struct qs_ticket *out, struct qs_err *err);

/* Read a change's row (seq, waiting, is_new, then the ticket) as the
 * functions above and db_queue_call_next_commit() return it. */
enum qs_rc db_ticket_change_row(const PGresult *res, long *seq, char **waiting, int *is_new,
                                struct qs_ticket *out, struct qs_err *err);

/* The statuses a ticket can have, in the order of the counts below. */
#define QS_TICKET_NSTATUS 6
extern const char *const qs_ticket_statuses[QS_TICKET_NSTATUS];

/* Tickets of each department's current day by status (qs_ticket_statuses
 * order), and the waiting now whatever their day (queue_counts). */
enum qs_rc db_ticket_counts_today(struct qs_db *db, long counts[QS_TICKET_NSTATUS],
                                  long *waiting, struct qs_err *err);

/* Load a ticket with its position and estimate inputs.  QS_E_NOT_FOUND. */
enum qs_rc db_ticket_get(struct qs_db *db, long id, struct qs_ticket *out, struct qs_err *err);

#endif
