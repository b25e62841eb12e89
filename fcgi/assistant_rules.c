/* assistant_rules: intents, names, times and days of a question
 * (assistant_rules.h). */
#include "assistant_rules.h"
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- folding ---- */

/* base letters of U+00C0..U+00FF, U+0100..U+017F and U+1EA0..U+1EF9 */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                             "aaaaaaaceeeeiiiidnooooo ouuuuyty";
static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
                            "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static const char vietnamese[] = "aaaaaaaaaaaaaaaaaaaaaaaa" "eeeeeeeeeeeeeeee" "iiii"
                                 "oooooooooooooooooooooooo" "uuuuuuuuuuuuuu" "yyyyyyyy";

/* The next code point of s (advancing *i); invalid bytes read as U+FFFD. */
static unsigned next_cp(const char *s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	unsigned c = p[0];
	int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
	if (n < 0) {
		(*i)++;
		return 0xFFFD;
	}
	unsigned cp = n == 0 ? c : c & (0x3F >> n);
	for (int k = 1; k <= n; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*i += (size_t)k;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	*i += (size_t)n + 1;
	return cp;
}

/* The folded letter of a code point: 0 for a mark to drop, ' ' for a
 * separator. */
static char fold_cp(unsigned cp)
{
	if (cp < 0x80)
		return isalnum((int)cp) ? (char)tolower((int)cp) : ' ';
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;                               /* combining marks */
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F)
		return ext_a[cp - 0x100];
	if (cp == 0x1A0 || cp == 0x1A1)
		return 'o';
	if (cp == 0x1AF || cp == 0x1B0)
		return 'u';
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return vietnamese[cp - 0x1EA0];
	return ' ';
}

size_t qs_fold(const char *in, char *out, size_t outlen)
{
	size_t i = 0, o = 0;
	if (!outlen)
		return 0;
	while (in[i] && o + 1 < outlen) {
		char c = fold_cp(next_cp(in, &i));
		if (!c || (c == ' ' && (o == 0 || out[o - 1] == ' ')))
			continue;
		out[o++] = c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

int qs_text_is_vietnamese(const char *s)
{
	size_t i = 0;
	while (s[i]) {
		unsigned cp = next_cp(s, &i);
		if ((cp >= 0x1EA0 && cp <= 0x1EF9) || cp == 0x102 || cp == 0x103 || cp == 0xC2 ||
		    cp == 0xE2 || cp == 0x110 || cp == 0x111 || cp == 0xCA || cp == 0xEA ||
		    cp == 0xD4 || cp == 0xF4 || cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF ||
		    cp == 0x1B0 || cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 ||
		    cp == 0x323)
			return 1;
	}
	return 0;
}

/* ---- the tables ---- */

struct keyword {
	enum qs_intent intent;
	enum qs_lang lang;
	const char *phrase;     /* folded: lower-case ASCII, single spaces */
};

/* Each phrase found scores its number of words; the intent with the most
 * wins (ties: the earlier intent in this enum's order). */
static const struct keyword keywords[] = {
	{ QS_INTENT_WAIT, QS_LANG_EN, "wait" }, { QS_INTENT_WAIT, QS_LANG_EN, "waiting" },
	{ QS_INTENT_WAIT, QS_LANG_EN, "how long" }, { QS_INTENT_WAIT, QS_LANG_EN, "queue" },
	{ QS_INTENT_WAIT, QS_LANG_EN, "my turn" }, { QS_INTENT_WAIT, QS_LANG_EN, "in line" },
	{ QS_INTENT_WAIT, QS_LANG_EN, "waiting time" }, { QS_INTENT_WAIT, QS_LANG_EN, "wait time" },
	{ QS_INTENT_WAIT, QS_LANG_VI, "bao lau" }, { QS_INTENT_WAIT, QS_LANG_VI, "cho doi" },
	{ QS_INTENT_WAIT, QS_LANG_VI, "den luot" }, { QS_INTENT_WAIT, QS_LANG_VI, "hang doi" },
	{ QS_INTENT_WAIT, QS_LANG_VI, "xep hang" }, { QS_INTENT_WAIT, QS_LANG_VI, "thoi gian cho" },
	{ QS_INTENT_WAIT, QS_LANG_VI, "dang cho" }, { QS_INTENT_WAIT, QS_LANG_VI, "phai cho" },

	{ QS_INTENT_STAFFING, QS_LANG_EN, "staff" }, { QS_INTENT_STAFFING, QS_LANG_EN, "staffing" },
	{ QS_INTENT_STAFFING, QS_LANG_EN, "how many people" },
	{ QS_INTENT_STAFFING, QS_LANG_EN, "how many staff" },
	{ QS_INTENT_STAFFING, QS_LANG_EN, "employees" }, { QS_INTENT_STAFFING, QS_LANG_EN, "agents" },
	{ QS_INTENT_STAFFING, QS_LANG_EN, "do we need" }, { QS_INTENT_STAFFING, QS_LANG_EN, "coverage" },
	{ QS_INTENT_STAFFING, QS_LANG_EN, "understaffed" }, { QS_INTENT_STAFFING, QS_LANG_EN, "counters open" },
	{ QS_INTENT_STAFFING, QS_LANG_VI, "nhan vien" }, { QS_INTENT_STAFFING, QS_LANG_VI, "can bao nhieu" },
	{ QS_INTENT_STAFFING, QS_LANG_VI, "bao nhieu nguoi" }, { QS_INTENT_STAFFING, QS_LANG_VI, "nhan su" },
	{ QS_INTENT_STAFFING, QS_LANG_VI, "bo tri" }, { QS_INTENT_STAFFING, QS_LANG_VI, "thieu nguoi" },

	{ QS_INTENT_BUSIEST, QS_LANG_EN, "busiest" }, { QS_INTENT_BUSIEST, QS_LANG_EN, "busy" },
	{ QS_INTENT_BUSIEST, QS_LANG_EN, "peak" }, { QS_INTENT_BUSIEST, QS_LANG_EN, "rush hour" },
	{ QS_INTENT_BUSIEST, QS_LANG_EN, "most people" }, { QS_INTENT_BUSIEST, QS_LANG_EN, "crowded" },
	{ QS_INTENT_BUSIEST, QS_LANG_EN, "quietest" },
	{ QS_INTENT_BUSIEST, QS_LANG_VI, "dong nhat" }, { QS_INTENT_BUSIEST, QS_LANG_VI, "cao diem" },
	{ QS_INTENT_BUSIEST, QS_LANG_VI, "ban nhat" }, { QS_INTENT_BUSIEST, QS_LANG_VI, "dong khach" },
	{ QS_INTENT_BUSIEST, QS_LANG_VI, "vang nhat" },

	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "performance" }, { QS_INTENT_PERFORMANCE, QS_LANG_EN, "my day" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "how am i doing" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "how did i do" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "did i serve" }, { QS_INTENT_PERFORMANCE, QS_LANG_EN, "my stats" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "how is the team" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_EN, "team" }, { QS_INTENT_PERFORMANCE, QS_LANG_EN, "productivity" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_VI, "hieu suat" }, { QS_INTENT_PERFORMANCE, QS_LANG_VI, "cua toi" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_VI, "toi da phuc vu" }, { QS_INTENT_PERFORMANCE, QS_LANG_VI, "nang suat" },
	{ QS_INTENT_PERFORMANCE, QS_LANG_VI, "ket qua lam viec" }, { QS_INTENT_PERFORMANCE, QS_LANG_VI, "nhom" },

	{ QS_INTENT_COMPLAINTS, QS_LANG_EN, "complaint" }, { QS_INTENT_COMPLAINTS, QS_LANG_EN, "complaints" },
	{ QS_INTENT_COMPLAINTS, QS_LANG_EN, "complain" }, { QS_INTENT_COMPLAINTS, QS_LANG_EN, "feedback" },
	{ QS_INTENT_COMPLAINTS, QS_LANG_EN, "unhappy" },
	{ QS_INTENT_COMPLAINTS, QS_LANG_VI, "khieu nai" }, { QS_INTENT_COMPLAINTS, QS_LANG_VI, "phan nan" },
	{ QS_INTENT_COMPLAINTS, QS_LANG_VI, "gop y" }, { QS_INTENT_COMPLAINTS, QS_LANG_VI, "than phien" },

	{ QS_INTENT_HELP, QS_LANG_EN, "help" }, { QS_INTENT_HELP, QS_LANG_EN, "how do i" },
	{ QS_INTENT_HELP, QS_LANG_EN, "how to" }, { QS_INTENT_HELP, QS_LANG_EN, "how can i" },
	{ QS_INTENT_HELP, QS_LANG_EN, "what can you" }, { QS_INTENT_HELP, QS_LANG_EN, "what can i ask" },
	{ QS_INTENT_HELP, QS_LANG_EN, "use qstream" },
	{ QS_INTENT_HELP, QS_LANG_VI, "huong dan" }, { QS_INTENT_HELP, QS_LANG_VI, "lam sao" },
	{ QS_INTENT_HELP, QS_LANG_VI, "lam the nao" }, { QS_INTENT_HELP, QS_LANG_VI, "giup" },
	{ QS_INTENT_HELP, QS_LANG_VI, "cach dung" }, { QS_INTENT_HELP, QS_LANG_VI, "su dung" },
};

/* Days, and the words that make a number an hour. */
static const struct { const char *phrase; int offset; enum qs_lang lang; } days[] = {
	{ "day after tomorrow", 2, QS_LANG_EN }, { "tomorrow", 1, QS_LANG_EN },
	{ "today", 0, QS_LANG_EN }, { "yesterday", -1, QS_LANG_EN }, { "tonight", 0, QS_LANG_EN },
	{ "ngay kia", 2, QS_LANG_VI }, { "ngay mai", 1, QS_LANG_VI }, { "hom nay", 0, QS_LANG_VI },
	{ "hom qua", -1, QS_LANG_VI },
};

/* ---- matching ---- */

/* Whether the folded phrase occurs in the folded text as whole words. */
static int has_phrase(const char *text, const char *phrase)
{
	size_t n = strlen(phrase);
	for (const char *p = strstr(text, phrase); p; p = strstr(p + 1, phrase))
		if ((p == text || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

static int words_in(const char *phrase)
{
	int n = 1;
	for (; *phrase; phrase++)
		n += *phrase == ' ';
	return n;
}

/* The longest of the names found in text as whole words, or -1. */
static int match_name(const char *text, const char *const *names, size_t n)
{
	int best = -1;
	size_t best_len = 0;
	char folded[256];
	for (size_t i = 0; i < n; i++) {
		size_t len = qs_fold(names[i], folded, sizeof folded);
		if (len >= 2 && len > best_len && has_phrase(text, folded)) {
			best = (int)i;
			best_len = len;
		}
	}
	return best;
}

/* A number token ("10", "10h", "10am", "2pm"); returns its value or -1 and
 * the suffix. */
static int number_token(const char *t, size_t len, char suffix[4])
{
	size_t i = 0;
	int v = 0;
	while (i < len && isdigit((unsigned char)t[i]) && i < 4)
		v = v * 10 + (t[i++] - '0');
	if (i == 0 || i > 2)
		return -1;
	size_t s = len - i;
	if (s >= sizeof(char[4]) || (s && !isalpha((unsigned char)t[i])))
		return -1;
	memcpy(suffix, t + i, s);
	suffix[s] = '\0';
	return v;
}

/* The time named: "10:30" (in the raw text), "10h", "10 gio", "2pm",
 * "at 10", "luc 10". */
static void find_time(const char *raw, const char *text, struct qs_question *q)
{
	for (const char *p = raw; *p; p++) {
		if (isdigit((unsigned char)p[0]) && (p == raw || !isdigit((unsigned char)p[-1]))) {
			int h = atoi(p);
			const char *c = p + (isdigit((unsigned char)p[1]) ? 2 : 1);
			if (*c == ':' && isdigit((unsigned char)c[1]) && isdigit((unsigned char)c[2]) &&
			    !isdigit((unsigned char)c[3]) && h < 24 && atoi(c + 1) < 60) {
				q->hour = h;
				q->minute = atoi(c + 1);
				return;
			}
		}
	}
	const char *prev = "", *tok = text;
	size_t prev_len = 0;
	while (*tok) {
		size_t len = strcspn(tok, " ");
		char suffix[4] = "";
		int v = number_token(tok, len, suffix);
		const char *next = tok[len] ? tok + len + 1 : tok + len;
		size_t next_len = strcspn(next, " ");
		int marked = (strcmp(suffix, "h") == 0 || strcmp(suffix, "am") == 0 ||
		              strcmp(suffix, "pm") == 0);
		int before = (prev_len == 2 && strncmp(prev, "at", 2) == 0) ||
		             (prev_len == 3 && (strncmp(prev, "luc", 3) == 0 || strncmp(prev, "vao", 3) == 0));
		int after_word = !suffix[0] &&
		                 ((next_len == 3 && (strncmp(next, "gio", 3) == 0)) ||
		                  (next_len == 2 && (strncmp(next, "am", 2) == 0 || strncmp(next, "pm", 2) == 0)) ||
		                  (next_len == 1 && next[0] == 'h') ||
		                  (next_len == 6 && strncmp(next, "oclock", 6) == 0));
		if (v >= 0 && v <= 24 && (marked || before || after_word) && (!suffix[0] || marked)) {
			int pm = strcmp(suffix, "pm") == 0 || (after_word && strncmp(next, "pm", 2) == 0);
			int am = strcmp(suffix, "am") == 0 || (after_word && strncmp(next, "am", 2) == 0);
			if (pm && v < 12)
				v += 12;
			if (am && v == 12)
				v = 0;
			if (v == 24)
				v = 0;
			q->hour = v;
			q->minute = 0;
			return;
		}
		prev = tok;
		prev_len = len;
		tok = next;
	}
}

/* "2026-12-03" in the raw text */
static void find_date(const char *raw, struct qs_question *q)
{
	for (const char *p = raw; *p; p++) {
		if (strlen(p) < 10 || (p != raw && isdigit((unsigned char)p[-1])))
			continue;
		char d[11];
		memcpy(d, p, 10);
		d[10] = '\0';
		if (!isdigit((unsigned char)p[10]) && qs_date_days(d) >= 0) {
			snprintf(q->date, sizeof q->date, "%s", d);
			q->has_day = 1;
			return;
		}
	}
}

/* "department 3", "dept 3", "phong 3", "khoa 3", "don vi 3" */
static long find_department_id(const char *text)
{
	static const char *const words[] = { "department ", "dept ", "phong ", "khoa ", "don vi " };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		for (const char *p = strstr(text, words[i]); p; p = strstr(p + 1, words[i])) {
			if (p != text && p[-1] != ' ')
				continue;
			const char *n = p + strlen(words[i]);
			if (isdigit((unsigned char)*n)) {
				long v = strtol(n, NULL, 10);
				if (v > 0 && v < 1000000000)
					return v;
			}
		}
	}
	return 0;
}

void qs_question_read(const char *question, const char *const *services, size_t nservices,
                      const char *const *departments, size_t ndepartments,
                      struct qs_question *q)
{
	char text[4096];
	int score[QS_INTENT_HELP + 1] = { 0 }, vi_words = 0;

	memset(q, 0, sizeof *q);
	q->hour = -1;
	q->service = -1;
	q->department = -1;
	qs_fold(question, text, sizeof text);

	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (!has_phrase(text, keywords[i].phrase))
			continue;
		score[keywords[i].intent] += words_in(keywords[i].phrase);
		vi_words += keywords[i].lang == QS_LANG_VI;
	}
	for (int i = QS_INTENT_WAIT; i <= QS_INTENT_HELP; i++)
		if (score[i] > score[q->intent])
			q->intent = (enum qs_intent)i;

	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		if (has_phrase(text, days[i].phrase)) {
			q->day_offset = days[i].offset;
			q->has_day = 1;
			vi_words += days[i].lang == QS_LANG_VI;
			break;
		}
	}
	find_date(question, q);
	find_time(question, text, q);
	q->service = match_name(text, services, nservices);
	q->department = match_name(text, departments, ndepartments);
	q->department_id = find_department_id(text);
	q->lang = qs_text_is_vietnamese(question) || vi_words > 0 ? QS_LANG_VI : QS_LANG_EN;
	/* a service named with a wait word or alone: the wait for it */
	if (q->intent == QS_INTENT_UNKNOWN && q->service >= 0)
		q->intent = QS_INTENT_WAIT;
}

const char *qs_intent_name(enum qs_intent intent)
{
	static const char *const names[] = { "unknown", "wait_now", "staffing", "busiest",
	                                     "performance", "complaint_themes", "help" };
	return names[intent];
}

/* ---- complaint themes ---- */

static const char *const stopwords[] = {
	/* English */
	"the", "and", "for", "was", "were", "are", "with", "that", "this", "have", "has", "had",
	"not", "but", "very", "too", "they", "their", "there", "from", "you", "your", "our", "all",
	"any", "can", "could", "would", "should", "been", "being", "what", "when", "where", "which",
	"who", "why", "how", "just", "only", "also", "than", "then", "them", "into", "out", "about",
	"after", "before", "more", "most", "some", "such", "its", "she", "her", "his", "him", "one",
	"get", "got", "did", "does", "don", "didn", "wasn", "isn", "here", "again", "still", "even",
	"today", "because", "really", "will", "nobody", "anyone", "every", "each", "over", "off",
	"me", "my", "to", "of", "in", "on", "at", "is", "it", "we", "us", "an", "no", "so", "be",
	"by", "or", "as", "if", "up", "do", "am",
	/* Vietnamese, without marks */
	"va", "la", "cua", "cho", "nhung", "cac", "mot", "khong", "rat", "qua", "thi", "ma", "duoc",
	"co", "toi", "chung", "nay", "do", "nen", "da", "dang", "se", "bi", "voi", "tai", "trong",
	"khi", "ve", "den", "nay", "ay", "o", "roi", "con", "cung", "nhu", "vi", "de", "hay", "nhe",
	"a", "em", "anh", "chi", "ban", "minh", "ho", "nua",
};

static int is_stopword(const char *w, size_t len)
{
	if (len < 2)
		return 1;
	for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
		if (strlen(stopwords[i]) == len && memcmp(stopwords[i], w, len) == 0)
			return 1;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)w[i]))
			return 0;
	return 1;               /* numbers are no theme */
}

#define THEME_SLOTS 8192

struct theme_slot {
	char phrase[64];
	int words, count, last, examples[2];
};

static void count_phrase(struct theme_slot *t, const char *phrase, int words, int msg)
{
	unsigned h = 5381;
	for (const char *p = phrase; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (unsigned k = 0; k < THEME_SLOTS; k++) {
		struct theme_slot *s = &t[(h + k) % THEME_SLOTS];
		if (s->phrase[0] && strcmp(s->phrase, phrase) != 0)
			continue;
		if (!s->phrase[0]) {
			snprintf(s->phrase, sizeof s->phrase, "%s", phrase);
			s->words = words;
			s->last = -1;
			s->examples[0] = s->examples[1] = -1;
		}
		if (s->last == msg)
			return;         /* once a message */
		s->last = msg;
		if (s->count < 2)
			s->examples[s->count] = msg;
		s->count++;
		return;
	}
}

/* better: more messages, then pairs before single words, then the phrase */
static int theme_cmp(const void *a, const void *b)
{
	const struct theme_slot *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	if (x->words != y->words)
		return y->words - x->words;
	return strcmp(x->phrase, y->phrase);
}

int qs_complaint_themes(const char *const *messages, size_t n, struct qs_theme *out, int max)
{
	struct theme_slot *t = calloc(THEME_SLOTS, sizeof *t);
	char text[2048], prev[32], pair[64];
	int found = 0;
	if (!t)
		return 0;
	for (size_t m = 0; m < n; m++) {
		qs_fold(messages[m], text, sizeof text);
		prev[0] = '\0';
		for (char *w = text; *w;) {
			size_t len = strcspn(w, " ");
			if (len < sizeof prev && !is_stopword(w, len)) {
				char word[32];
				memcpy(word, w, len);
				word[len] = '\0';
				count_phrase(t, word, 1, (int)m);
				if (prev[0]) {
					snprintf(pair, sizeof pair, "%s %s", prev, word);
					count_phrase(t, pair, 2, (int)m);
				}
				snprintf(prev, sizeof prev, "%s", word);
			} else {
				prev[0] = '\0';
			}
			w += len;
			while (*w == ' ')
				w++;
		}
	}
	qsort(t, THEME_SLOTS, sizeof *t, theme_cmp);
	/* themes shared by at least two messages (or the one there is); a word
	 * already inside a chosen pair adds nothing */
	for (int i = 0; i < THEME_SLOTS && found < max && t[i].count > 0; i++) {
		if (t[i].count < 2 && n > 1)
			break;
		int covered = 0;
		for (int k = 0; k < found && !covered; k++)
			covered = has_phrase(out[k].phrase, t[i].phrase) || has_phrase(t[i].phrase, out[k].phrase);
		if (covered)
			continue;
		snprintf(out[found].phrase, sizeof out[found].phrase, "%s", t[i].phrase);
		out[found].count = t[i].count;
		out[found].examples[0] = t[i].examples[0];
		out[found].examples[1] = t[i].examples[1];
		found++;
	}
	free(t);
	return found;
}
