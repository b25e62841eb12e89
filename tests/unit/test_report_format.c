/* What the reports read and write without a database: strict dates and day
 * arithmetic (dates.c), and RFC 4180 rows safe from CSV injection (csv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "dates.h"

static void test_dates_strict(void **state)
{
	(void)state;
	assert_int_equal(qs_date_days("1970-01-01"), 0);
	assert_int_equal(qs_date_days("2026-12-02"), 20789);
	assert_int_equal(qs_date_days("2028-02-29") - qs_date_days("2028-02-28"), 1);
	assert_int_equal(qs_date_days("2000-02-29") - qs_date_days("2000-02-28"), 1);
	assert_int_equal(qs_date_days("2029-01-01") - qs_date_days("2028-01-01"), 366);
	static const char *const bad[] = {
		"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31",
		"2026-+1-05", "2026- 1-05", "2026-1-05", "26-01-05", "2026-01-05 ", " 2026-01-05",
		"2026/01/05", "2026-01-05x", "", "1899-12-31", "+2026-01-05", "2026-01-0\xC3",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(qs_date_days(bad[i]), -1);
	assert_int_equal(qs_date_days(NULL), -1);
}

static void test_dates_round_trip(void **state)
{
	(void)state;
	char out[QS_DATE_LEN];
	qs_date_from_days(0, out);
	assert_string_equal(out, "1970-01-01");
	qs_date_from_days(qs_date_days("2026-03-01") - 1, out);
	assert_string_equal(out, "2026-02-28");
	qs_date_from_days(qs_date_days("2028-03-01") - 1, out);
	assert_string_equal(out, "2028-02-29");
	qs_date_from_days(qs_date_days("2026-12-31") + 1, out);
	assert_string_equal(out, "2027-01-01");
	/* every day of four centuries comes back as itself */
	for (long d = qs_date_days("1900-01-01"); d < qs_date_days("2300-01-01"); d++) {
		qs_date_from_days(d, out);
		assert_int_equal(qs_date_days(out), d);
	}
}

static void test_local_stamp(void **state)
{
	(void)state;
	char out[QS_STAMP_LEN];
	qs_local_stamp(1774767600, 7200, out);          /* 2026-03-29T07:00Z in Berlin */
	assert_string_equal(out, "2026-03-29T09:00:00+02:00");
	qs_local_stamp(1792891800, 3600, out);          /* 2026-10-25T01:30Z, winter time */
	assert_string_equal(out, "2026-10-25T02:30:00+01:00");
	qs_local_stamp(0, -12600, out);                 /* Newfoundland: -03:30 */
	assert_string_equal(out, "1969-12-31T20:30:00-03:30");
	qs_local_stamp(1796000000, 0, out);
	assert_string_equal(out, "2026-11-30T00:53:20+00:00");
}

/* One row of the given cells, as text. */
static char *row(int n, const char *const *cells)
{
	struct qs_csv b = { 0 };
	int lens[8];
	for (int i = 0; i < n; i++)
		lens[i] = (int)strlen(cells[i]);
	assert_int_equal(qs_csv_row(&b, cells, lens, n), 0);
	char *s = strndup(b.data, b.len);
	free(b.data);
	return s;
}

static void test_csv_quoting(void **state)
{
	(void)state;
	char *s = row(3, (const char *const[]){ "plain", "", "12" });
	assert_string_equal(s, "plain,,12\r\n");
	free(s);
	s = row(4, (const char *const[]){ "a,b", "say \"hi\"", "two\nlines", "cr\rhere" });
	assert_string_equal(s, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n");
	free(s);
	s = row(1, (const char *const[]){ "Žluťoučký kůň" });
	assert_string_equal(s, "Žluťoučký kůň\r\n");
	free(s);
}

static void test_csv_injection(void **state)
{
	(void)state;
	char *s = row(6, (const char *const[]){ "=1+1", "+49 30 1234", "-2", "@SUM(A1)", "\tx", "\rx" });
	assert_string_equal(s, "\"'=1+1\",\"'+49 30 1234\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\"\r\n");
	free(s);
	/* only the first character counts */
	s = row(2, (const char *const[]){ "a=b", "x-1" });
	assert_string_equal(s, "a=b,x-1\r\n");
	free(s);
	s = row(1, (const char *const[]){ "=HYPERLINK(\"http://e\",\"x\")" });
	assert_string_equal(s, "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"\r\n");
	free(s);
}

static void test_csv_grows(void **state)
{
	(void)state;
	struct qs_csv b = { 0 };
	char big[10000];
	memset(big, '"', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	const char *cells[] = { big };
	int lens[] = { (int)strlen(big) };
	for (int i = 0; i < 50; i++)
		assert_int_equal(qs_csv_row(&b, cells, lens, 1), 0);
	/* each row: two quotes around 2 x 9999 and CRLF */
	assert_int_equal(b.len, 50 * (2 + 2 * 9999 + 2));
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_strict),
		cmocka_unit_test(test_dates_round_trip),
		cmocka_unit_test(test_local_stamp),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_injection),
		cmocka_unit_test(test_csv_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
