/* h_assistant: the assistant's routes. */
#include "handlers.h"
#include "qs_json.h"
#include "svc_assistant.h"
#include "svc_schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* POST /assistant/ask {question, department_id?} */
enum qs_rc h_assistant_ask(struct qs_req *req, struct qs_err *err)
{
	const char *question = NULL;
	long dept = 0;
	json_object *body = NULL, *out = NULL;
	const struct qs_field f[] = {
		{ "question", QS_F_STR, 1, 1, 2000, &question, NULL, NULL },
		{ "department_id", QS_F_INT, 0, 1, 9007199254740991L, &dept, NULL, NULL },
	};
	enum qs_rc rc = h_read_body(req, f, 2, &body, err);
	if (!rc)
		rc = svc_assistant_ask(req->ctx, &req->who, question, dept, &out, err);
	if (!rc)
		qs_reply_json(req, 200, out);
	json_object_put(body);
	return rc;
}

/* GET /assistant/staffing?department_id=&date= */
enum qs_rc h_assistant_staffing(struct qs_req *req, struct qs_err *err)
{
	char buf[32], date[QS_DATE_LEN] = "";
	const char *v;
	long dept = 0;
	json_object *out = NULL;
	if ((v = qs_req_query(req, "department_id", buf, sizeof buf))) {
		char *end;
		errno = 0;
		dept = strtol(v, &end, 10);
		if (*v < '1' || *v > '9' || *end || errno || dept <= 0)
			return qs_err_field(err, "department_id", "invalid");
	}
	if ((v = qs_req_query(req, "date", buf, sizeof buf))) {
		if (qs_date_days(v) < 0)
			return qs_err_field(err, "date", "invalid");
		snprintf(date, sizeof date, "%s", v);
	}
	enum qs_rc rc = svc_staffing(req->ctx, &req->who, dept, date, &out, err);
	if (rc)
		return rc;
	qs_reply_json(req, 200, out);
	return QS_OK;
}
