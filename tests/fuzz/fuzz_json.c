/* Fuzz target: the strict JSON parser of request bodies (lib/qs_json.c).
 *
 * Whatever the bytes, qs_json_parse_object() must either refuse them with
 * 400 bad_json or return one object; a parsed object then goes through the
 * declarative field reader with a table of every field type. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qs_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *obj = NULL;
	struct qs_err err;
	/* a copy of exactly size bytes: ASan sees any read past the body */
	char *body = malloc(size ? size : 1);
	if (!body)
		return 0;
	memcpy(body, data, size);
	qs_err_clear(&err);
	enum qs_rc rc = qs_json_parse_object(body, size, &obj, &err);
	if (rc == QS_OK) {
		if (!obj || !json_object_is_type(obj, json_type_object))
			abort();
		long n = 0;
		int b = 0, has_n = 0;
		const char *s = NULL, *e = NULL;
		json_object *o = NULL, *a = NULL;
		static const char *const choices[] = { "first", "last", NULL };
		const struct qs_field fields[] = {
			{ "n", QS_F_INT, 0, LONG_MIN, LONG_MAX, &n, &has_n, NULL },
			{ "s", QS_F_STR, 0, 1, 64, &s, NULL, NULL },
			{ "b", QS_F_BOOL, 0, 0, 0, &b, NULL, NULL },
			{ "e", QS_F_ENUM, 0, 0, 0, &e, NULL, choices },
			{ "o", QS_F_OBJECT, 0, 0, 0, &o, NULL, NULL },
			{ "a", QS_F_ARRAY, 0, 0, 0, &a, NULL, NULL },
			{ "r", QS_F_INT, 1, 1, 5, &n, NULL, NULL },
		};
		qs_err_clear(&err);
		qs_json_read_fields(obj, fields, sizeof fields / sizeof fields[0], &err);
		if (s && !qs_utf8_valid(s, strlen(s)))
			abort();    /* a string the parser let through is valid UTF-8 */
		json_object_put(obj);
	} else if (obj || rc != QS_E_BAD_JSON) {
		abort();        /* refused: bad_json, and nothing to free */
	}
	free(body);
	return 0;
}
