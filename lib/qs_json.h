/* qs_json: strict JSON request bodies and declarative field reading.
 *
 * json-c alone accepts trailing garbage, duplicate keys (last wins), "\u0000"
 * and converts "5" to 5 in its getters; these helpers refuse all of that. */
#ifndef QS_JSON_H
#define QS_JSON_H

#include <stddef.h>
#include <json-c/json.h>

#include "qs_err.h"

#define QS_JSON_MAX_DEPTH 10

/* Parse a request body that must be one JSON object.  On success *out is a
 * new reference the caller must json_object_put().  Errors: QS_E_BAD_JSON. */
enum qs_rc qs_json_parse_object(const char *body, size_t len, json_object **out,
                                struct qs_err *err);

enum qs_field_type {
	QS_F_INT,       /* out: long *; range min..max */
	QS_F_STR,       /* out: const char ** (borrowed from the object); length in characters min..max */
	QS_F_BOOL,      /* out: int * */
	QS_F_ENUM,      /* out: const char **; must be one of the NULL-terminated `choices` */
	QS_F_OBJECT,    /* out: json_object ** (borrowed) */
	QS_F_ARRAY,     /* out: json_object ** (borrowed) */
};

struct qs_field {
	const char *name;
	enum qs_field_type type;
	int required;
	long min, max;
	void *out;
	int *present;                   /* optional: set to 1 when the field was given (not null) */
	const char *const *choices;     /* QS_F_ENUM */
};

/* Read obj against the field list: unknown fields, missing required fields,
 * wrong types, out-of-range values each add a detail; the first problem sets
 * the message.  A JSON null counts as absent.  Returns QS_OK or
 * QS_E_VALIDATION. */
enum qs_rc qs_json_read_fields(json_object *obj, const struct qs_field *fields,
                               size_t nfields, struct qs_err *err);

/* Strict UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF). */
int qs_utf8_valid(const char *s, size_t len);

/* Number of characters (code points) in valid UTF-8 text. */
size_t qs_utf8_length(const char *s);

#endif
