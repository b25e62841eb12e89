/* ics: an iCalendar file (RFC 5545) of a person's schedule, in the
 * department's time zone: events with local DTSTART/DTEND and a TZID, and a
 * VTIMEZONE that lists the zone's offset changes around them.  Pure. */
#ifndef QS_ICS_H
#define QS_ICS_H

#include <stddef.h>
#include <time.h>

struct qs_ics_event {
	long id;
	const char *date;               /* YYYY-MM-DD, local */
	const char *start, *end;        /* HH:MM, local; end <= start: the next day */
	const char *summary;
	const char *location;           /* NULL or "" for none */
	const char *description;        /* NULL or "" for none */
};

/* An offset change of the zone: at (UTC seconds), from and to (seconds east
 * of UTC). */
struct qs_ics_transition {
	long long at;
	int from_s, to_s;
};

struct qs_ics_calendar {
	const char *name;               /* X-WR-CALNAME */
	const char *tzid;               /* IANA name */
	int offset_s;                   /* the zone's offset when it has no change */
	const struct qs_ics_transition *transitions;
	size_t ntransitions;
	const struct qs_ics_event *events;
	size_t nevents;
	const char *uid_domain;         /* UIDs are schedule-<id>@<uid_domain> */
	time_t now;                     /* DTSTAMP */
};

/* The file as a new string (CRLF line ends, lines folded at 75 octets,
 * TEXT values escaped); *len its length.  NULL when out of memory. */
char *qs_ics_build(const struct qs_ics_calendar *cal, size_t *len);

#endif
