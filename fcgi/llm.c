/* llm: phrasing by an optional model (llm.h). */
#include "llm.h"
#include "qs_file.h"

#include <ctype.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPLY (64 * 1024)
#define MAX_NUMBERS 512

static const char instruction[] =
	"You phrase answers for QStream, a queue system in a public office. The user message is "
	"JSON with the question, the intent, the language (en or vi) and the facts computed from "
	"the office's data. Answer the question in that language, in at most three short "
	"sentences, using only these facts. Do not add any number, name or claim that is not in "
	"the facts; do not give advice beyond them. Plain text, no markdown.";

void qs_llm_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- the numbers check ---- */

struct numbers {
	double v[MAX_NUMBERS];
	int n;
};

static void add_number(struct numbers *s, double v)
{
	if (s->n < MAX_NUMBERS)
		s->v[s->n++] = v;
}

/* Every number written in text: digits, with one decimal point or comma
 * between digits ("38.5", "4,5"). */
static void scan_numbers(const char *t, struct numbers *s)
{
	for (const char *p = t; *p;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		char buf[64];
		size_t n = 0;
		while (*p && n + 1 < sizeof buf &&
		       (isdigit((unsigned char)*p) ||
		        ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]) && n > 0 &&
		         !strchr(buf, '.')))) {
			buf[n] = *p == ',' ? '.' : *p;
			buf[++n] = '\0';
			p++;
		}
		buf[n] = '\0';
		add_number(s, strtod(buf, NULL));
		while (isdigit((unsigned char)*p))
			p++;
	}
}

static void fact_numbers(json_object *o, struct numbers *s)
{
	switch (json_object_get_type(o)) {
	case json_type_int:
	case json_type_double:
		add_number(s, json_object_get_double(o));
		break;
	case json_type_string:
		scan_numbers(json_object_get_string(o), s);
		break;
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			fact_numbers(json_object_array_get_idx(o, i), s);
		break;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			fact_numbers(val, s);
		}
		break;
	}
	default:
		break;
	}
}

int qs_llm_numbers_known(const char *text, json_object *facts, const char *question)
{
	struct numbers *said = calloc(1, sizeof *said), *known = calloc(1, sizeof *known);
	int ok = said && known;
	if (ok) {
		scan_numbers(text, said);
		fact_numbers(facts, known);
		scan_numbers(question, known);
	}
	for (int i = 0; ok && i < said->n; i++) {
		int found = 0;
		for (int k = 0; k < known->n && !found; k++)
			found = fabs(said->v[i] - known->v[k]) < 1e-6 ||
			        /* a figure rounded in the text: 5.45 said as 5.5 or 5 */
			        fabs(said->v[i] - round(known->v[k] * 10) / 10) < 1e-6 ||
			        fabs(said->v[i] - round(known->v[k])) < 1e-6;
		ok = found;
	}
	free(said);
	free(known);
	return ok;
}

/* ---- the call ---- */

struct reply {
	char *data;
	size_t len;
	int too_big;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct reply *r = arg;
	size_t n = size * nmemb;
	if (r->len + n > MAX_REPLY) {
		r->too_big = 1;
		return 0;
	}
	char *p = realloc(r->data, r->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + r->len, ptr, n);
	r->data = p;
	r->len += n;
	r->data[r->len] = '\0';
	return n;
}

char *qs_llm_phrase(const struct qs_config *cfg, const char *question, const char *intent,
                    const char *language, json_object *facts, char *why, size_t whylen)
{
	struct reply r = { 0 };
	struct curl_slist *headers = NULL;
	char *key = NULL, *text = NULL, auth[600];
	json_object *req = json_object_new_object(), *msgs = json_object_new_array();
	json_object *user = json_object_new_object(), *reply = NULL;
	CURL *curl = NULL;

	snprintf(why, whylen, "no model configured");
	if (!cfg->assistant_model_url[0])
		goto out;
	json_object_object_add(user, "question", json_object_new_string(question));
	json_object_object_add(user, "intent", json_object_new_string(intent));
	json_object_object_add(user, "language", json_object_new_string(language));
	json_object_object_add(user, "facts", json_object_get(facts));
	json_object *sys = json_object_new_object(), *usr = json_object_new_object();
	json_object_object_add(sys, "role", json_object_new_string("system"));
	json_object_object_add(sys, "content", json_object_new_string(instruction));
	json_object_object_add(usr, "role", json_object_new_string("user"));
	json_object_object_add(usr, "content", json_object_new_string(
		json_object_to_json_string_ext(user, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
	json_object_array_add(msgs, sys);
	json_object_array_add(msgs, usr);
	json_object_object_add(req, "model", json_object_new_string(cfg->assistant_model));
	json_object_object_add(req, "temperature", json_object_new_int(0));
	json_object_object_add(req, "messages", msgs);
	msgs = NULL;
	const char *body = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN |
	                                                       JSON_C_TO_STRING_NOSLASHESCAPE);

	headers = curl_slist_append(headers, "Content-Type: application/json");
	if (cfg->assistant_api_key_file[0]) {
		size_t klen = 0;
		if (!(key = qs_file_read(cfg->assistant_api_key_file, &klen))) {
			snprintf(why, whylen, "cannot read assistant_api_key_file");
			goto out;
		}
		key[strcspn(key, "\r\n")] = '\0';
		snprintf(auth, sizeof auth, "Authorization: Bearer %.500s", key);
		headers = curl_slist_append(headers, auth);
	}
	if (!(curl = curl_easy_init())) {
		snprintf(why, whylen, "curl_easy_init failed");
		goto out;
	}
	curl_easy_setopt(curl, CURLOPT_URL, cfg->assistant_model_url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);          /* threads */
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)cfg->assistant_model_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg->assistant_model_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
	CURLcode cc = curl_easy_perform(curl);
	long status = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK) {
		snprintf(why, whylen, "%s", r.too_big ? "reply too large" : curl_easy_strerror(cc));
		goto out;
	}
	if (status != 200) {
		snprintf(why, whylen, "HTTP %ld", status);
		goto out;
	}
	json_object *choices, *first, *message, *content;
	if (!r.data || !(reply = json_tokener_parse(r.data)) ||
	    !json_object_object_get_ex(reply, "choices", &choices) ||
	    !(first = json_object_array_get_idx(choices, 0)) ||
	    !json_object_object_get_ex(first, "message", &message) ||
	    !json_object_object_get_ex(message, "content", &content) ||
	    !json_object_is_type(content, json_type_string) ||
	    json_object_get_string_len(content) == 0) {
		snprintf(why, whylen, "unreadable reply");
		goto out;
	}
	const char *said = json_object_get_string(content);
	if (!qs_llm_numbers_known(said, facts, question)) {
		snprintf(why, whylen, "a number not in the facts");
		goto out;
	}
	text = strdup(said);
	why[0] = '\0';
out:
	if (curl)
		curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	if (key) {
		memset(key, 0, strlen(key));
		free(key);
	}
	free(r.data);
	json_object_put(reply);
	json_object_put(msgs);
	json_object_put(req);
	json_object_put(user);
	return text;
}
