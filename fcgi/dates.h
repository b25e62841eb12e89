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

#define QS_STAMP_LEN 26  /* "2026-03-29T09:00:00+02:00" and its NUL */

/* A local time with its offset, as the exports write it: the instant
 * (seconds since the epoch, UTC) and the zone's offset then (seconds east
 * of UTC) give "2026-03-29T09:00:00+02:00". */
void qs_local_stamp(long long utc, int offset_s, char out[QS_STAMP_LEN]);

#endif
