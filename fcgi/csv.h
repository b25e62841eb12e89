/* csv: RFC 4180 rows for the exports, safe to open in a spreadsheet. */
#ifndef QS_CSV_H
#define QS_CSV_H

#include <stddef.h>

/* A growing text buffer (free data with free()). */
struct qs_csv {
	char *data;
	size_t len, cap;
};

/* Append one row of n fields (lens[i] bytes each) ending in CRLF.  A field
 * is quoted when it holds a comma, a quote, CR or LF, with quotes doubled; a
 * field that begins with =, +, -, @, tab or CR gets a leading apostrophe so
 * that a spreadsheet shows it as text instead of running it as a formula
 * (CSV injection).  Returns -1 when out of memory. */
int qs_csv_row(struct qs_csv *b, const char *const *fields, const int *lens, int n);

#endif
