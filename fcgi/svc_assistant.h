/* svc_assistant: answers from the office's own data.  The question is read
 * by fixed rules (assistant_rules.h); each intent is answered by one
 * function that computes its facts through the same services and access
 * checks as the REST routes, so an answer never holds a figure the caller
 * could not read there.  No SQL is built from the question. */
#ifndef QS_SVC_ASSISTANT_H
#define QS_SVC_ASSISTANT_H

#include <json-c/json.h>

#include "ctx.h"
#include "qs_http.h"

/* POST /assistant/ask: {answer, intent, language, department_id, facts,
 * suggestions}.  department_id 0: the caller's own (an admin: the one the
 * question names, if any). */
enum qs_rc svc_assistant_ask(struct qs_ctx *ctx, const struct qs_principal *who,
                             const char *question, long department_id, json_object **out,
                             struct qs_err *err);

#endif
