/* svc_schedule: shifts, schedules and staffing: who may plan whom, the
 * all-or-nothing transaction of a batch, conflicts named, the event after
 * COMMIT, and the staff each hour needs (Erlang C, fcgi/erlang.h). */
#ifndef QS_SVC_SCHEDULE_H
#define QS_SVC_SCHEDULE_H

#include <json-c/json.h>

#include "ctx.h"
#include "dates.h"
#include "filters.h"
#include "qs_http.h"

/* The share of people the recommendation wants served within the target. */
#define QS_STAFFING_GOAL 0.80

struct qs_shift_in {
	const char *name, *start_time, *end_time;       /* NULL: unchanged */
};

struct qs_schedule_in {
	long user_id, shift_id, counter_id;             /* counter_id 0: none */
	char date[QS_DATE_LEN];
};

enum qs_rc svc_shift_list(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                          const struct qs_page *pg, json_object **out, struct qs_err *err);
enum qs_rc svc_shift_create(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                            const struct qs_shift_in *in, json_object **out, struct qs_err *err);
/* Renaming is always allowed; new times are refused (409 conflict) while
 * the shift has schedules that have not ended: they would change under the
 * people planned on them. */
enum qs_rc svc_shift_update(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                            const struct qs_shift_in *in, json_object **out, struct qs_err *err);
/* Retires the shift (past schedules keep it); refused (409 conflict) while
 * it has schedules that have not ended. */
enum qs_rc svc_shift_delete(struct qs_ctx *ctx, const struct qs_principal *who, long id,
                            struct qs_err *err);

/* Create n schedules in one transaction (bulk: all or nothing; a field of
 * item i is named "items[i].<field>"); *out is the [Schedule] made. */
enum qs_rc svc_schedule_create(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, const struct qs_schedule_in *in,
                               size_t n, int bulk, json_object **out, struct qs_err *err);
enum qs_rc svc_schedule_delete(struct qs_ctx *ctx, const char *req_id,
                               const struct qs_principal *who, long id, struct qs_err *err);
/* dept 0: the caller's own (all for an admin); staff see their own only.
 * Empty dates: from today for 7 days. */
enum qs_rc svc_schedule_list(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                             long user_id, const char *from, const char *to,
                             const struct qs_page *pg, json_object **out, struct qs_err *err);
/* The caller's own schedules; empty dates: from today for 28 days. */
enum qs_rc svc_schedule_me(struct qs_ctx *ctx, const struct qs_principal *who, const char *from,
                           const char *to, const struct qs_page *pg, json_object **out,
                           struct qs_err *err);

/* The caller's own schedules as an iCalendar file in their department's
 * zone (see ics.h); *text is malloc'ed, the caller frees it. */
enum qs_rc svc_schedule_me_ics(struct qs_ctx *ctx, const struct qs_principal *who,
                               const char *from, const char *to, char **text, size_t *len,
                               struct qs_err *err);

/* Per local hour of a date: scheduled staff, expected arrivals, average
 * handling time, the staff recommended for QS_STAFFING_GOAL within the
 * department's sla_wait_minutes, the service level of the staff scheduled,
 * and whether the hour is understaffed.  Empty date: today. */
enum qs_rc svc_staffing(struct qs_ctx *ctx, const struct qs_principal *who, long dept,
                        const char *date, json_object **out, struct qs_err *err);

#endif
