/* qs_err: the one status type and the one error carrier of QStream.
 *
 * Every layer returns enum qs_rc (0 is success: `if (rc) return rc;`) and,
 * on failure, fills a struct qs_err owned by the caller.  A single table in
 * qs_err.c maps a status to its HTTP status and default contract `code`. */
#ifndef QS_ERR_H
#define QS_ERR_H

enum qs_rc {
	QS_OK = 0,
	QS_E_BAD_JSON,          /* 400 bad_json */
	QS_E_VALIDATION,        /* 400 validation_failed */
	QS_E_UNAUTHENTICATED,   /* 401 unauthenticated (and the other 401 codes) */
	QS_E_FORBIDDEN,         /* 403 */
	QS_E_NOT_FOUND,         /* 404 */
	QS_E_METHOD,            /* 405 */
	QS_E_CONFLICT,          /* 409 conflict (and the other 409 codes) */
	QS_E_TOO_LARGE,         /* 413 */
	QS_E_MEDIA_TYPE,        /* 415 */
	QS_E_RATE_LIMITED,      /* 429 */
	QS_E_RETRY,             /* serialization failure / deadlock: retry the transaction */
	QS_E_UNAVAILABLE,       /* 503: database unreachable */
	QS_E_INTERNAL,          /* 500: a bug or an unexpected library failure */
};

#define QS_ERR_DETAILS_MAX 8

struct qs_err_detail {
	char field[64];
	char issue[48];
};

struct qs_err {
	enum qs_rc rc;
	char code[40];          /* contract code, e.g. "no_waiting_ticket" */
	char message[200];      /* short, lowercase, safe to show a client */
	int retry_after;        /* seconds, for 429 */
	int ndetails;
	struct qs_err_detail details[QS_ERR_DETAILS_MAX];
	char current_status[24]; /* for invalid_transition: the ticket's status */
	long conflict_id;       /* for schedule_conflict: the schedule in the way */
};

/* Set rc, code (NULL: the default code of rc) and a printf message; returns rc
 * so that callers can write `return qs_err_set(err, ...);`. */
enum qs_rc qs_err_set(struct qs_err *err, enum qs_rc rc, const char *code,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Add a field-level detail ({"field": ..., "issue": ...}). */
void qs_err_add_detail(struct qs_err *err, const char *field, const char *issue);

/* The contract's 409 `conflict` with the reason a client branches on in
 * details, [{"field": field, "issue": reason}], and a printf message: one
 * call replaces whatever err held.  The reasons (counter_not_open,
 * counter_taken, ...) are listed in fcgi/openapi.json, Error. */
enum qs_rc qs_err_conflict(struct qs_err *err, const char *field, const char *reason,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A validation failure about one field: message "<field> <issue text>". */
enum qs_rc qs_err_field(struct qs_err *err, const char *field, const char *issue);

void qs_err_clear(struct qs_err *err);

/* HTTP status and default contract code for rc. */
int qs_err_http_status(enum qs_rc rc);
const char *qs_err_default_code(enum qs_rc rc);

#endif
