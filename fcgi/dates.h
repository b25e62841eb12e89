/* dates: calendar dates as the API writes them (YYYY-MM-DD), checked
 * strictly, and day arithmetic for ranges.  Pure functions. */
#ifndef QS_DATES_H
#define QS_DATES_H

#define QS_DATE_LEN 11  /* "YYYY-MM-DD" and its NUL */

/* Day number of a valid "YYYY-MM-DD" (days since 1970-01-01), or -1 when s
 * is not exactly a real date of the years 1900..9999 (no signs, spaces or
 * other lengths; February 29 only in leap years). */
long qs_date_days(const char *s);

/* The date of a day number, into out (QS_DATE_LEN bytes). */
void qs_date_from_days(long days, char out[QS_DATE_LEN]);

#endif
