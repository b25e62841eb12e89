/* qs_buf: a growing text buffer written with printf, for the replies built
 * piece by piece (the Prometheus expositions of the API and the bridge).
 * A failed allocation marks the buffer failed; later writes do nothing, and
 * qs_buf_take() answers NULL, so a writer checks once, at the end. */
#ifndef QS_BUF_H
#define QS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct qs_buf {
	char *p;
	size_t len, cap;
	bool failed;
};

/* An empty buffer of cap bytes to start with (failed when none). */
void qs_buf_init(struct qs_buf *b, size_t cap);

/* Append the formatted text (always NUL-terminated after len). */
void qs_buf_printf(struct qs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text (malloc'd, the caller frees it) and its length; NULL, with the
 * buffer freed, when a write failed. */
char *qs_buf_take(struct qs_buf *b, size_t *len);

#endif
