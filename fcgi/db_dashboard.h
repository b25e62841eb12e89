/* db_dashboard: the dashboard queries (sql/migrations/005_dashboards.sql
 * defines the figures; these statements only select them).  `dept` is a
 * department id, or 0 for every active department together. */
#ifndef QS_DB_DASHBOARD_H
#define QS_DB_DASHBOARD_H

#include "dashboard.h"
#include "qs_db.h"

/* The departments covered; QS_E_NOT_FOUND for an unknown department. */
enum qs_rc db_dash_scope(struct qs_db *db, long dept, struct qs_dash_scope *out,
                         struct qs_err *err);

enum qs_rc db_dash_live(struct qs_db *db, long dept, struct qs_dash_live *out,
                        struct qs_err *err);

/* Whether the daily rollup holds one department's day (migration 007): then
 * its day, services and hours are read from it (`rolled`). */
enum qs_rc db_dash_rolled(struct qs_db *db, long dept, const char *day, int *rolled,
                          struct qs_err *err);

/* The figures of one service day (zeros and NANs when it has no ticket);
 * user > 0: only the tickets that user served. */
enum qs_rc db_dash_day(struct qs_db *db, long dept, const char *day, long user, int rolled,
                       struct qs_figures *out, struct qs_err *err);

/* Row callbacks: strings are valid during the call only. */
enum qs_rc db_dash_by_service(struct qs_db *db, long dept, const char *day, int rolled,
                              void (*fn)(const struct qs_dash_service_row *, void *),
                              void *arg, struct qs_err *err);
/* tz: the department's zone (every local hour of the day, 23 to 25), or
 * NULL for several departments (24 local hour labels). */
enum qs_rc db_dash_by_hour(struct qs_db *db, long dept, const char *day, const char *tz,
                           int rolled, void (*fn)(const struct qs_dash_hour_row *, void *), void *arg,
                           struct qs_err *err);
enum qs_rc db_dash_by_department(struct qs_db *db, const char *day,
                                 void (*fn)(const struct qs_dash_department_row *, void *),
                                 void *arg, struct qs_err *err);
/* One row per day from `from` to `to`, days without tickets included. */
enum qs_rc db_dash_trend(struct qs_db *db, long dept, const char *from, const char *to,
                         void (*fn)(const struct qs_dash_day_row *, void *), void *arg,
                         struct qs_err *err);
/* The staff of the departments and whoever served there; user > 0: only
 * that user.  *total counts every row, whatever the page. */
enum qs_rc db_dash_staff(struct qs_db *db, long dept, const char *from, const char *to,
                         long user, long limit, long offset,
                         void (*fn)(const struct qs_dash_staff_row *, void *), void *arg,
                         long *total, struct qs_err *err);

/* Live alerts of one department or all active ones: per department the
 * JSON text of its array and a fingerprint of the set (keys and
 * severities). */
enum qs_rc db_dash_alerts(struct qs_db *db, long dept, int idle_seconds,
                          void (*fn)(long dept, const char *alerts, const char *fingerprint,
                                     void *),
                          void *arg, struct qs_err *err);

/* Take the alert job's advisory lock on this session, or tell that this
 * session already holds it (*held); the lock ends with the connection. */
enum qs_rc db_alert_job_lock(struct qs_db *db, int *held, struct qs_err *err);

/* The alert job's memory: replace a department's published alerts if the
 * fingerprint changed; *changed tells.  Inside the caller's transaction. */
enum qs_rc db_alert_state_swap(struct qs_db *db, long dept, const char *alerts,
                               const char *fingerprint, int *changed, struct qs_err *err);

/* Keep the daily rollup (migration 007): reserve up to max_days closed
 * days that have no row, then fill the reserved rows; *filled says how many
 * were filled.  Outside any transaction: each step commits on its own. */
enum qs_rc db_dashboard_rollup(struct qs_db *db, int max_days, int *filled, struct qs_err *err);

/* The CSV export: a server-side cursor over the tickets of the range, in
 * time order, inside the caller's transaction.  fetch calls fn once per row
 * with QS_EXPORT_COLUMNS fields and sets *rows to how many came (0: done). */
enum qs_rc db_dash_export_open(struct qs_db *db, long dept, const char *from, const char *to,
                               struct qs_err *err);
enum qs_rc db_dash_export_fetch(struct qs_db *db, int max,
                                int (*fn)(const char *const *fields, const int *lens, void *),
                                void *arg, int *rows, struct qs_err *err);

#endif
