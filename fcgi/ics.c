/* ics: iCalendar output (ics.h). */
#include "ics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *data;
	size_t len, cap;
	int failed;
};

static void put_raw(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 2048;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->data, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* One content line, folded: at most 75 octets a line, continuation lines
 * start with a space, never inside a UTF-8 sequence. */
static void line(struct buf *b, const char *s)
{
	size_t n = strlen(s), used = 0, width = 75;
	while (n - used > width) {
		size_t cut = width;
		while (cut > 1 && ((unsigned char)s[used + cut] & 0xC0) == 0x80)
			cut--;
		put_raw(b, s + used, cut);
		put_raw(b, "\r\n ", 3);
		used += cut;
		width = 74;     /* the leading space counts */
	}
	put_raw(b, s + used, n - used);
	put_raw(b, "\r\n", 2);
}

static void linef(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void linef(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	line(b, tmp);
}

/* NAME:escaped text (backslash, semicolon, comma, newline) */
static void text(struct buf *b, const char *name, const char *value)
{
	char tmp[1024];
	size_t o = (size_t)snprintf(tmp, sizeof tmp, "%s:", name);
	for (const char *p = value; *p && o + 3 < sizeof tmp; p++) {
		if (*p == '\\' || *p == ';' || *p == ',') {
			tmp[o++] = '\\';
			tmp[o++] = *p;
		} else if (*p == '\n') {
			tmp[o++] = '\\';
			tmp[o++] = 'n';
		} else if (*p != '\r') {
			tmp[o++] = *p;
		}
	}
	tmp[o] = '\0';
	line(b, tmp);
}

/* +0100, -0330 */
static void offset(char out[8], int s)
{
	int a = s < 0 ? -s : s;
	snprintf(out, 8, "%c%02d%02d", s < 0 ? '-' : '+', (a / 3600) % 100, (a % 3600) / 60);
}

/* YYYY-MM-DD and HH:MM -> YYYYMMDDTHHMM00, a day later when next_day */
static void local_stamp(char out[16], const char *date, const char *hhmm, int next_day)
{
	struct tm tm = { 0 };
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8) + (next_day ? 1 : 0);
	tm.tm_hour = atoi(hhmm);
	tm.tm_min = atoi(hhmm + 3);
	time_t t = timegm(&tm);         /* normalises the day; no zone involved */
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y%m%dT%H%M00", &tm);
}

static void utc_stamp(char out[17], long long at)
{
	time_t t = (time_t)at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static void timezone_block(struct buf *b, const struct qs_ics_calendar *c)
{
	char from[8], to[8], start[17];
	line(b, "BEGIN:VTIMEZONE");
	linef(b, "TZID:%s", c->tzid);
	if (c->ntransitions == 0) {
		offset(from, c->offset_s);
		line(b, "BEGIN:STANDARD");
		line(b, "DTSTART:19700101T000000");
		linef(b, "TZOFFSETFROM:%s", from);
		linef(b, "TZOFFSETTO:%s", from);
		line(b, "END:STANDARD");
	}
	for (size_t i = 0; i < c->ntransitions; i++) {
		const struct qs_ics_transition *t = &c->transitions[i];
		/* the onset is the local time just before the change */
		time_t local = (time_t)(t->at + t->from_s);
		struct tm tm;
		gmtime_r(&local, &tm);
		strftime(start, sizeof start, "%Y%m%dT%H%M%S", &tm);
		const char *kind = t->to_s > t->from_s ? "DAYLIGHT" : "STANDARD";
		offset(from, t->from_s);
		offset(to, t->to_s);
		linef(b, "BEGIN:%s", kind);
		linef(b, "DTSTART:%s", start);
		linef(b, "TZOFFSETFROM:%s", from);
		linef(b, "TZOFFSETTO:%s", to);
		linef(b, "END:%s", kind);
	}
	line(b, "END:VTIMEZONE");
}

char *qs_ics_build(const struct qs_ics_calendar *c, size_t *len)
{
	struct buf b = { 0 };
	char stamp[17], s[16], e[16];

	utc_stamp(stamp, c->now);
	line(&b, "BEGIN:VCALENDAR");
	line(&b, "VERSION:2.0");
	line(&b, "PRODID:-//QStream//Schedule//EN");
	line(&b, "CALSCALE:GREGORIAN");
	line(&b, "METHOD:PUBLISH");
	text(&b, "X-WR-CALNAME", c->name);
	linef(&b, "X-WR-TIMEZONE:%s", c->tzid);
	timezone_block(&b, c);
	for (size_t i = 0; i < c->nevents; i++) {
		const struct qs_ics_event *ev = &c->events[i];
		local_stamp(s, ev->date, ev->start, 0);
		local_stamp(e, ev->date, ev->end, strcmp(ev->end, ev->start) <= 0);
		line(&b, "BEGIN:VEVENT");
		linef(&b, "UID:schedule-%ld@%s", ev->id, c->uid_domain);
		linef(&b, "DTSTAMP:%s", stamp);
		linef(&b, "DTSTART;TZID=%s:%s", c->tzid, s);
		linef(&b, "DTEND;TZID=%s:%s", c->tzid, e);
		text(&b, "SUMMARY", ev->summary);
		if (ev->location && *ev->location)
			text(&b, "LOCATION", ev->location);
		if (ev->description && *ev->description)
			text(&b, "DESCRIPTION", ev->description);
		line(&b, "END:VEVENT");
	}
	line(&b, "END:VCALENDAR");
	if (b.failed) {
		free(b.data);
		return NULL;
	}
	*len = b.len;
	return b.data;
}
