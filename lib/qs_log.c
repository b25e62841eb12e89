/* qs_log: key=value log lines on stderr (see qs_log.h). */
#include "qs_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static enum qs_log_level threshold = QS_LOG_INFO;
static const char *const level_names[] = { "debug", "info", "warn", "error" };

int qs_log_set_level(const char *name)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(name, level_names[i]) == 0) {
			threshold = (enum qs_log_level)i;
			return 0;
		}
	}
	return -1;
}

void qs_log(enum qs_log_level lvl, const char *event, const char *fmt, ...)
{
	if (lvl < threshold)
		return;

	struct timespec ts;
	struct tm tm;
	char when[32];
	char line[2048];
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof line, "ts=%s.%03ldZ level=%s event=%s ", when,
	             ts.tv_nsec / 1000000L, level_names[lvl], event);
	if (n < 0 || (size_t)n >= sizeof line)
		return;

	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	size_t len = strlen(line);
	/* one write per line so that threads never interleave inside a line */
	if (len + 1 < sizeof line) {
		line[len++] = '\n';
	} else {
		line[sizeof line - 2] = '\n';
		len = sizeof line - 1;
	}
	fwrite(line, 1, len, stderr);
}
