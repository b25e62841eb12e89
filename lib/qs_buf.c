/* qs_buf: a growing text buffer written with printf (qs_buf.h). */
#include "qs_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void qs_buf_init(struct qs_buf *b, size_t cap)
{
	*b = (struct qs_buf){ .p = malloc(cap), .cap = cap };
	if (b->p)
		b->p[0] = '\0';
	else
		b->failed = true;
}

void qs_buf_printf(struct qs_buf *b, const char *fmt, ...)
{
	while (!b->failed) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap + (size_t)n) * 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

char *qs_buf_take(struct qs_buf *b, size_t *len)
{
	char *p = b->p;
	if (b->failed) {
		free(p);
		p = NULL;
	} else if (len) {
		*len = b->len;
	}
	*b = (struct qs_buf){ .failed = true };
	return p;
}
