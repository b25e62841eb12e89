/* assistant_rules: what a question to the assistant asks, by rules a
 * reader can see and test: keywords per intent in English and Vietnamese,
 * the department's own service names, times ("10", "10h", "10:30", "2pm",
 * "10 giờ") and days ("today", "tomorrow", "ngày mai", "2026-12-03").
 * Nothing of the question ever reaches SQL: it is only compared with these
 * tables and with the names the caller may see.  Pure functions. */
#ifndef QS_ASSISTANT_RULES_H
#define QS_ASSISTANT_RULES_H

#include <stddef.h>

enum qs_intent {
	QS_INTENT_UNKNOWN = 0,
	QS_INTENT_WAIT,         /* the wait now, per service or for one */
	QS_INTENT_STAFFING,     /* staff needed per hour for a date */
	QS_INTENT_BUSIEST,      /* the busiest hours and days */
	QS_INTENT_PERFORMANCE,  /* the asker's own (staff) or the team's */
	QS_INTENT_COMPLAINTS,   /* complaint themes */
	QS_INTENT_HELP,         /* how to use QStream */
};

enum qs_lang { QS_LANG_EN = 0, QS_LANG_VI };

/* What the rules found. */
struct qs_question {
	enum qs_intent intent;
	enum qs_lang lang;
	int hour;               /* 0..23, or -1: none named */
	int minute;
	int day_offset;         /* 0 today, 1 tomorrow, -1 yesterday; see has_date */
	int has_day;            /* a day was named (offset or date) */
	char date[11];          /* YYYY-MM-DD when one was written, else "" */
	int service;            /* index into the names given, or -1 */
	int department;         /* index into the department names given, or -1 */
	long department_id;     /* "department 3" / "phòng 3", or 0 */
};

/* Lower-case ASCII folding of UTF-8 text: Vietnamese and other Latin
 * letters lose their marks (đ -> d, ệ -> e), combining marks are dropped,
 * anything not a letter or digit becomes one space.  Writes at most outlen
 * bytes including the NUL; returns the length. */
size_t qs_fold(const char *in, char *out, size_t outlen);

/* Whether the text holds letters only Vietnamese uses (ă â đ ê ô ơ ư, or a
 * tone mark). */
int qs_text_is_vietnamese(const char *utf8);

/* Read a question.  services and departments are the names the caller may
 * name (NULL-free arrays of n each; either may be empty). */
void qs_question_read(const char *question, const char *const *services, size_t nservices,
                      const char *const *departments, size_t ndepartments,
                      struct qs_question *out);

const char *qs_intent_name(enum qs_intent intent);

/* A theme of complaint texts: a word or a pair of words (folded) that many
 * messages share, how many, and up to two of those messages. */
struct qs_theme {
	char phrase[64];
	int count;
	int examples[2];        /* indices into the messages, -1 for none */
};

/* The most frequent themes of n messages (pairs of words before single
 * words, common words of English and Vietnamese left out, a phrase counted
 * once a message), most frequent first; returns how many (at most max). */
int qs_complaint_themes(const char *const *messages, size_t n, struct qs_theme *out, int max);

#endif
