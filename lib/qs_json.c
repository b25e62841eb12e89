/* qs_json: strict parsing and field reading (qs_json.h). */
#include "qs_json.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* json-c keeps the last of duplicate keys and turns "\u0000" into a string
 * that C sees cut short.  This scan, run after json-c accepted the text (so it
 * may assume well-formed JSON), counts the keys written in the text and finds
 * "\u0000" escapes; the caller compares the count with the parsed tree. */
static unsigned hex4(const char *p)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
	}
	return v;
}

static int scan_keys(const char *s, size_t len, size_t *nkeys)
{
	size_t keys = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		for (i++; i < len && s[i] != '"'; i++) {
			if (s[i] != '\\')
				continue;
			i++;
			if (i < len && s[i] == 'u' && i + 4 < len) {
				unsigned u = hex4(s + i + 1);
				if (u == 0)
					return -1;
				if (u >= 0xDC00 && u <= 0xDFFF)
					return -1;      /* a low surrogate alone */
				if (u >= 0xD800 && u <= 0xDBFF) {
					/* a high surrogate must be followed by a low one */
					unsigned lo = i + 10 < len && s[i + 5] == '\\' && s[i + 6] == 'u'
					                      ? hex4(s + i + 7) : 0;
					if (lo < 0xDC00 || lo > 0xDFFF)
						return -1;
					i += 6;
				}
				i += 4;
			}
		}
		size_t j = i + 1;
		while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
			j++;
		if (j < len && s[j] == ':')
			keys++;
	}
	*nkeys = keys;
	return 0;
}

int qs_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len;
	while (s < end) {
		unsigned c = *s;
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			s++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;              /* overlong */
			else if (c == 0xED)
				hi = 0x9F;              /* UTF-16 surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;              /* overlong */
			else if (c == 0xF4)
				hi = 0x8F;              /* above U+10FFFF */
		} else {
			return 0;
		}
		if ((size_t)(end - s) <= n || s[1] < lo || s[1] > hi)
			return 0;
		for (size_t i = 2; i <= n; i++)
			if (s[i] < 0x80 || s[i] > 0xBF)
				return 0;
		s += n + 1;
	}
	return 1;
}

/* Walk the parsed tree: count keys (to find duplicates), and refuse strings
 * that are not valid UTF-8 after unescaping (lone surrogates) and numbers
 * that are not finite (json-c takes NaN and Infinity). */
static int tree_check(json_object *o, size_t *keys)
{
	switch (json_object_get_type(o)) {
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(*keys)++;
			if (!qs_utf8_valid(k, strlen(k)) || tree_check(v, keys))
				return -1;
		}
		return 0;
	}
	case json_type_array: {
		size_t len = json_object_array_length(o);
		for (size_t i = 0; i < len; i++)
			if (tree_check(json_object_array_get_idx(o, i), keys))
				return -1;
		return 0;
	}
	case json_type_string: {
		const char *s = json_object_get_string(o);
		size_t len = (size_t)json_object_get_string_len(o);
		return strlen(s) == len && qs_utf8_valid(s, len) ? 0 : -1;
	}
	case json_type_double:
		return isfinite(json_object_get_double(o)) ? 0 : -1;
	default:
		return 0;
	}
}

/* RFC 8259: U+0000 to U+001F must be escaped inside a string; json-c's
 * strict mode still takes them raw. */
static int raw_control_in_string(const char *body, size_t len)
{
	int in_string = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)body[i];
		if (!in_string) {
			in_string = c == '"';
			continue;
		}
		if (c < 0x20)
			return 1;
		if (c == '\\')
			i++;            /* the escaped character, whatever it is */
		else if (c == '"')
			in_string = 0;
	}
	return 0;
}

enum qs_rc qs_json_parse_object(const char *body, size_t len, json_object **out,
                                struct qs_err *err)
{
	enum qs_rc rc = QS_OK;
	json_object *obj = NULL;
	json_tokener *tok = NULL;
	size_t nkeys = 0;

	*out = NULL;
	if (len == 0)
		return qs_err_set(err, QS_E_BAD_JSON, NULL, "request body is empty");
	if (memchr(body, '\0', len))
		return qs_err_set(err, QS_E_BAD_JSON, NULL, "request body contains a NUL byte");
	if (!qs_utf8_valid(body, len))
		return qs_err_set(err, QS_E_BAD_JSON, NULL, "request body is not valid UTF-8");
	if (raw_control_in_string(body, len))
		return qs_err_set(err, QS_E_BAD_JSON, NULL,
		                  "a control character in a string must be escaped");

	/* depth + 1: json-c counts the top-level value as one level */
	tok = json_tokener_new_ex(QS_JSON_MAX_DEPTH);
	if (!tok)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);

	obj = json_tokener_parse_ex(tok, body, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (!obj || jerr != json_tokener_success) {
		if (jerr == json_tokener_error_depth)
			rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "JSON nested deeper than %d",
			                QS_JSON_MAX_DEPTH);
		else if (jerr == json_tokener_continue)
			rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "JSON text is incomplete");
		else
			rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "invalid JSON: %s",
			                json_tokener_error_desc(jerr));
		goto out;
	}
	size_t end = json_tokener_get_parse_end(tok);
	while (end < len && (body[end] == ' ' || body[end] == '\t' || body[end] == '\n' ||
	                     body[end] == '\r'))
		end++;
	if (end != len) {
		rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "unexpected data after the JSON value");
		goto out;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "request body must be a JSON object");
		goto out;
	}
	if (scan_keys(body, len, &nkeys)) {
		rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "\\u0000 is not allowed in JSON strings");
		goto out;
	}
	size_t tree = 0;
	if (tree_check(obj, &tree)) {
		rc = qs_err_set(err, QS_E_BAD_JSON, NULL,
		                "invalid text or number in JSON (UTF-8, surrogates, NaN)");
		goto out;
	}
	if (nkeys != tree) {
		rc = qs_err_set(err, QS_E_BAD_JSON, NULL, "duplicate key in JSON object");
		goto out;
	}
	*out = obj;
	obj = NULL;
out:
	if (obj)
		json_object_put(obj);
	json_tokener_free(tok);
	return rc;
}

size_t qs_utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static const struct qs_field *find_field(const struct qs_field *fields, size_t n,
                                         const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static void read_one(const struct qs_field *f, json_object *v, struct qs_err *err)
{
	switch (f->type) {
	case QS_F_INT: {
		if (!json_object_is_type(v, json_type_int)) {
			qs_err_field(err, f->name, "wrong_type");
			return;
		}
		errno = 0;
		int64_t x = json_object_get_int64(v);
		if (errno || x < f->min || x > f->max) {
			qs_err_field(err, f->name, "out_of_range");
			return;
		}
		*(long *)f->out = (long)x;
		break;
	}
	case QS_F_STR:
	case QS_F_ENUM: {
		if (!json_object_is_type(v, json_type_string)) {
			qs_err_field(err, f->name, "wrong_type");
			return;
		}
		const char *s = json_object_get_string(v);
		if (f->type == QS_F_ENUM) {
			int ok = 0;
			for (const char *const *c = f->choices; c && *c; c++)
				if (strcmp(*c, s) == 0)
					ok = 1;
			if (!ok) {
				qs_err_field(err, f->name, "invalid");
				return;
			}
		} else {
			size_t chars = qs_utf8_length(s);
			if ((long)chars < f->min) {
				qs_err_field(err, f->name, chars == 0 ? "required" : "too_short");
				return;
			}
			if ((long)chars > f->max) {
				qs_err_field(err, f->name, "too_long");
				return;
			}
		}
		*(const char **)f->out = s;
		break;
	}
	case QS_F_BOOL:
		if (!json_object_is_type(v, json_type_boolean)) {
			qs_err_field(err, f->name, "wrong_type");
			return;
		}
		*(int *)f->out = json_object_get_boolean(v);
		break;
	case QS_F_OBJECT:
	case QS_F_ARRAY:
		if (!json_object_is_type(v, f->type == QS_F_OBJECT ? json_type_object
		                                                   : json_type_array)) {
			qs_err_field(err, f->name, "wrong_type");
			return;
		}
		*(json_object **)f->out = v;
		break;
	}
	if (f->present)
		*f->present = 1;
}

enum qs_rc qs_json_read_fields(json_object *obj, const struct qs_field *fields,
                               size_t nfields, struct qs_err *err)
{
	for (size_t i = 0; i < nfields; i++)
		if (fields[i].present)
			*fields[i].present = 0;

	json_object_object_foreach(obj, key, val) {
		const struct qs_field *f = find_field(fields, nfields, key);
		if (!f) {
			qs_err_field(err, key, "unknown_field");
			continue;
		}
		if (val == NULL) /* null: treated as absent */
			continue;
		read_one(f, val, err);
	}
	for (size_t i = 0; i < nfields; i++) {
		if (!fields[i].required)
			continue;
		json_object *v = NULL;
		if (!json_object_object_get_ex(obj, fields[i].name, &v) || v == NULL)
			qs_err_field(err, fields[i].name, "required");
	}
	return err->rc == QS_E_VALIDATION ? QS_E_VALIDATION : QS_OK;
}
