/* qs_log: one line per event on stderr, `key=value`, e.g.
 *   ts=2026-11-29T08:00:00.123Z level=info event=request req=ab12 status=200
 * Callers pass the rest of the line as printf-style key=value pairs and must
 * never log tokens, passwords or personal data.  Thread-safe. */
#ifndef QS_LOG_H
#define QS_LOG_H

enum qs_log_level { QS_LOG_DEBUG, QS_LOG_INFO, QS_LOG_WARN, QS_LOG_ERROR };

/* Set the threshold from a name ("debug", "info", "warn", "error"); returns -1
 * for an unknown name. */
int qs_log_set_level(const char *name);

void qs_log(enum qs_log_level lvl, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define qs_log_debug(ev, ...) qs_log(QS_LOG_DEBUG, ev, __VA_ARGS__)
#define qs_log_info(ev, ...)  qs_log(QS_LOG_INFO, ev, __VA_ARGS__)
#define qs_log_warn(ev, ...)  qs_log(QS_LOG_WARN, ev, __VA_ARGS__)
#define qs_log_error(ev, ...) qs_log(QS_LOG_ERROR, ev, __VA_ARGS__)

#endif
