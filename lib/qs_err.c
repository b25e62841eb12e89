/* qs_err: error carrier and the status -> HTTP table (qs_err.h). */
#include "qs_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int http;
	const char *code;
} rc_table[] = {
	[QS_OK] = { 200, "ok" },
	[QS_E_BAD_JSON] = { 400, "bad_json" },
	[QS_E_VALIDATION] = { 400, "validation_failed" },
	[QS_E_UNAUTHENTICATED] = { 401, "unauthenticated" },
	[QS_E_FORBIDDEN] = { 403, "forbidden" },
	[QS_E_NOT_FOUND] = { 404, "not_found" },
	[QS_E_METHOD] = { 405, "method_not_allowed" },
	[QS_E_CONFLICT] = { 409, "conflict" },
	[QS_E_TOO_LARGE] = { 413, "payload_too_large" },
	[QS_E_MEDIA_TYPE] = { 415, "unsupported_media_type" },
	[QS_E_RATE_LIMITED] = { 429, "rate_limited" },
	/* a retry that ran out of attempts is still the server's problem */
	[QS_E_RETRY] = { 503, "unavailable" },
	[QS_E_UNAVAILABLE] = { 503, "unavailable" },
	[QS_E_INTERNAL] = { 500, "internal_error" },
};

int qs_err_http_status(enum qs_rc rc)
{
	if ((unsigned)rc >= sizeof rc_table / sizeof rc_table[0])
		return 500;
	return rc_table[rc].http;
}

const char *qs_err_default_code(enum qs_rc rc)
{
	if ((unsigned)rc >= sizeof rc_table / sizeof rc_table[0])
		return "internal_error";
	return rc_table[rc].code;
}

void qs_err_clear(struct qs_err *err)
{
	memset(err, 0, sizeof *err);
}

enum qs_rc qs_err_set(struct qs_err *err, enum qs_rc rc, const char *code,
                      const char *fmt, ...)
{
	err->rc = rc;
	snprintf(err->code, sizeof err->code, "%s", code ? code : qs_err_default_code(rc));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return rc;
}

enum qs_rc qs_err_conflict(struct qs_err *err, const char *field, const char *reason,
                           const char *fmt, ...)
{
	qs_err_clear(err);
	err->rc = QS_E_CONFLICT;
	snprintf(err->code, sizeof err->code, "%s", qs_err_default_code(QS_E_CONFLICT));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	qs_err_add_detail(err, field, reason);
	return QS_E_CONFLICT;
}

void qs_err_add_detail(struct qs_err *err, const char *field, const char *issue)
{
	if (err->ndetails >= QS_ERR_DETAILS_MAX)
		return;
	struct qs_err_detail *d = &err->details[err->ndetails++];
	snprintf(d->field, sizeof d->field, "%s", field);
	snprintf(d->issue, sizeof d->issue, "%s", issue);
}

static const char *issue_text(const char *issue)
{
	static const struct { const char *issue, *text; } texts[] = {
		{ "required", "is required" },
		{ "unknown_field", "is not a known field" },
		{ "wrong_type", "has the wrong type" },
		{ "out_of_range", "is out of range" },
		{ "too_long", "is too long" },
		{ "too_short", "is too short" },
		{ "invalid", "is invalid" },
		{ "not_found", "does not exist" },
		{ "after_to", "is after to" },
		{ "range_too_long", "makes the range longer than 366 days" },
		{ "not_in_department", "is not in the shift's department" },
		{ "inactive", "is not active" },
		{ "overlaps", "overlaps another schedule of the person" },
		{ "equals_start_time", "must differ from the start time" },
		{ "taken", "is taken" },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i].issue, issue) == 0)
			return texts[i].text;
	return "is invalid";
}

enum qs_rc qs_err_field(struct qs_err *err, const char *field, const char *issue)
{
	if (err->rc != QS_E_VALIDATION)
		qs_err_set(err, QS_E_VALIDATION, NULL, "%s %s", field, issue_text(issue));
	qs_err_add_detail(err, field, issue);
	return QS_E_VALIDATION;
}
