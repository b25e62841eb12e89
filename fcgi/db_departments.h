/* db_departments: department SQL, including the event sequence. */
#ifndef QS_DB_DEPARTMENTS_H
#define QS_DB_DEPARTMENTS_H

#include "qs_db.h"

/* Bump the department's event seq inside the caller's transaction (the row
 * stays locked until commit, so seqs commit in order) and return it with the
 * department's waiting counts per service as JSON text ({"7": 12}); the
 * caller frees *waiting_json.  Call it last before COMMIT. */
enum qs_rc db_department_next_seq(struct qs_db *db, long department_id, long *seq,
                                  char **waiting_json, struct qs_err *err);
/* The same, then COMMIT, in one round trip: the end of a change of one
 * department. */
enum qs_rc db_department_seq_commit(struct qs_db *db, long department_id, long *seq,
                                    char **waiting_json, struct qs_err *err);

/* One row per active service of every active department, departments in id
 * order; see the column enum in db_departments.c. */
struct qs_public_service_row {
	long department_id;
	const char *department_name, *timezone;
	int open_now;
	long service_id;                /* 0 when the department has no active service */
	const char *service_name, *prefix, *description;
	int avg_service_minutes;
	long waiting;
	double recent_service_seconds;
	int open_counters;
};

/* Calls fn for each row; strings are valid during the call only. */
enum qs_rc db_departments_public(struct qs_db *db,
                                 void (*fn)(const struct qs_public_service_row *, void *),
                                 void *arg, struct qs_err *err);

/* SELECT 1. */
enum qs_rc db_ping(struct qs_db *db, struct qs_err *err);

/* The display board snapshot, built by one statement (one consistent
 * snapshot) as JSON text; caller frees.  QS_E_NOT_FOUND. */
enum qs_rc db_display_snapshot(struct qs_db *db, long department_id, char **json,
                               struct qs_err *err);

#endif
