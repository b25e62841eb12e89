/* dates: strict YYYY-MM-DD and day numbers (dates.h).  The conversions are
 * Howard Hinnant's days_from_civil / civil_from_days algorithms. */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long qs_date_days(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (!s || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || s[10] != '\0')
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	return days_from_civil(y, m, d);
}

void qs_date_from_days(long z, char out[QS_DATE_LEN])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, QS_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
}

void qs_local_stamp(long long utc, int offset_s, char out[QS_STAMP_LEN])
{
	time_t local = (time_t)(utc + offset_s);
	struct tm tm;
	int a = abs(offset_s);
	gmtime_r(&local, &tm);
	strftime(out, QS_STAMP_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, QS_STAMP_LEN - 19, "%c%02u:%02u", offset_s < 0 ? '-' : '+',
	         (unsigned)(a / 3600) % 100u, (unsigned)(a % 3600) / 60u);
}
