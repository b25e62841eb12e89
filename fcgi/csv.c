/* csv: RFC 4180 rows (csv.h). */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

static int reserve(struct qs_csv *b, size_t more)
{
	if (b->len + more <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int qs_csv_row(struct qs_csv *b, const char *const *fields, const int *lens, int n)
{
	for (int i = 0; i < n; i++) {
		const char *f = fields[i];
		size_t len = (size_t)lens[i];
		int formula = len > 0 && strchr("=+-@\t\r", f[0]) != NULL;
		int quote = formula || memchr(f, ',', len) || memchr(f, '"', len) ||
		            memchr(f, '\r', len) || memchr(f, '\n', len);
		/* worst case: every byte a quote, plus separators and the apostrophe */
		if (reserve(b, 2 * len + 6))
			return -1;
		if (i > 0)
			b->data[b->len++] = ',';
		if (quote)
			b->data[b->len++] = '"';
		if (formula)
			b->data[b->len++] = '\'';
		for (size_t k = 0; k < len; k++) {
			if (f[k] == '"')
				b->data[b->len++] = '"';
			b->data[b->len++] = f[k];
		}
		if (quote)
			b->data[b->len++] = '"';
	}
	if (reserve(b, 2))
		return -1;
	b->data[b->len++] = '\r';
	b->data[b->len++] = '\n';
	return 0;
}
