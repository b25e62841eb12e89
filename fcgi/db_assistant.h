/* db_assistant: what the assistant reads beyond the dashboards and the
 * schedule: names to match a question against, busiest times, and the
 * texts of open complaints.  No statement is ever built from a question. */
#ifndef QS_DB_ASSISTANT_H
#define QS_DB_ASSISTANT_H

#include "qs_db.h"

/* The names a question may use: the active departments (all of them: a
 * named department is only compared with the caller's scope) and the
 * active services of dept.  Callbacks get each id and name. */
enum qs_rc db_assistant_names(struct qs_db *db, long dept,
                              void (*on_department)(long id, const char *name, void *),
                              void (*on_service)(long id, const char *name, void *), void *arg,
                              struct qs_err *err);

/* The busiest hours (kind 'hour': weekday 1..7, hour) and days (kind
 * 'day': weekday, hour -1) over the 8 weeks before `day`, as mean arrivals
 * per week; at most 3 hours and every open weekday, busiest first. */
enum qs_rc db_assistant_busiest(struct qs_db *db, long dept, const char *day,
                                void (*fn)(const char *kind, int weekday, int hour,
                                           double arrivals, void *),
                                void *arg, struct qs_err *err);

/* The newest open complaints of the department (at most 500). */
enum qs_rc db_assistant_complaints(struct qs_db *db, long dept,
                                   void (*fn)(const char *message, void *), void *arg,
                                   long *total, struct qs_err *err);

#endif
