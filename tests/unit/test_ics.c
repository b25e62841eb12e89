/* The calendar file: structure, escaping, folding, night shifts, zones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ics.h"

static char *build(const struct qs_ics_event *ev, size_t n, const struct qs_ics_transition *tr,
                   size_t ntr, size_t *len)
{
	const struct qs_ics_calendar cal = { "QStream: Town, Hall; \"Main\"", "Europe/Berlin", 3600,
	                                     tr, ntr, ev, n, "queue.example.org", 1796000000 };
	char *s = qs_ics_build(&cal, len);
	assert_non_null(s);
	assert_int_equal(strlen(s), *len);
	return s;
}

static void test_structure(void **state)
{
	(void)state;
	size_t len;
	const struct qs_ics_event ev[] = {
		{ 7, "2027-10-30", "22:00", "06:00", "Night shift, Town Hall", "Counter 2", NULL },
		{ 8, "2027-12-31", "14:00", "22:00", "Late; \\ last", "", "line one\nline two" },
	};
	const struct qs_ics_transition tr[] = {
		{ 1806195600, 3600, 7200 },     /* 2027-03-28 01:00 UTC */
		{ 1824944400, 7200, 3600 },     /* 2027-10-31 01:00 UTC */
	};
	char *s = build(ev, 2, tr, 2, &len);
	assert_non_null(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(s, "X-WR-CALNAME:QStream: Town\\, Hall\\; \"Main\"\r\n"));
	assert_non_null(strstr(s, "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\n"
	                          "TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"));
	assert_non_null(strstr(s, "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\n"
	                          "TZOFFSETTO:+0100\r\nEND:STANDARD\r\n"));
	/* a night shift ends the next day; the year's last one ends the same day */
	assert_non_null(strstr(s, "UID:schedule-7@queue.example.org\r\nDTSTAMP:20261130T005320Z\r\n"
	                          "DTSTART;TZID=Europe/Berlin:20271030T220000\r\n"
	                          "DTEND;TZID=Europe/Berlin:20271031T060000\r\n"
	                          "SUMMARY:Night shift\\, Town Hall\r\nLOCATION:Counter 2\r\n"));
	assert_non_null(strstr(s, "DTEND;TZID=Europe/Berlin:20271231T220000\r\n"
	                          "SUMMARY:Late\\; \\\\ last\r\nDESCRIPTION:line one\\nline two\r\n"));
	assert_null(strstr(s, "LOCATION:\r\n"));        /* none given, none written */
	assert_int_equal(strcmp(s + len - 15, "END:VCALENDAR\r\n"), 0);
	free(s);
}

static void test_fixed_zone(void **state)
{
	(void)state;
	size_t len;
	char *s = build(NULL, 0, NULL, 0, &len);
	assert_non_null(strstr(s, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
	                          "TZOFFSETTO:+0100\r\nEND:STANDARD\r\n"));
	assert_null(strstr(s, "BEGIN:VEVENT"));
	free(s);
}

static void test_folding(void **state)
{
	(void)state;
	char summary[400];
	size_t len;
	/* 2-byte characters, so that a fold could fall inside one */
	summary[0] = '\0';
	for (int i = 0; i < 90; i++)
		strcat(summary, "\xC3\xA9x");
	const struct qs_ics_event ev[] = { { 1, "2027-01-04", "08:00", "16:00", summary, NULL, NULL } };
	char *s = build(ev, 1, NULL, 0, &len);
	char *line = s;
	int continuations = 0;
	while (*line) {
		char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		/* no line starts in the middle of a UTF-8 sequence */
		const char *first = line[0] == ' ' ? line + 1 : line;
		assert_true(((unsigned char)first[0] & 0xC0) != 0x80);
		continuations += line[0] == ' ';
		line = end + 2;
	}
	assert_true(continuations >= 3);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_fixed_zone),
		cmocka_unit_test(test_folding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
