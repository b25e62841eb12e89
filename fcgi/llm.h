/* llm: the optional language model of the assistant.  It only phrases
 * answers: it is sent the question, the intent, the language and the facts
 * already computed (JSON), with an instruction to state them and add
 * nothing, and its text is used only if every number in it is one of the
 * facts' (or the question's).  An OpenAI-compatible chat completions
 * endpoint over libcurl, TLS verified, with a timeout; any failure falls
 * back to the assistant's own wording. */
#ifndef QS_LLM_H
#define QS_LLM_H

#include <stddef.h>
#include <json-c/json.h>

#include "qs_config.h"

/* Once per process, before threads start. */
void qs_llm_global_init(void);

/* Ask the configured model to phrase the facts.  Returns a new string (the
 * caller frees it), or NULL with the reason in why (for the log): no model,
 * timeout, HTTP error, unreadable reply, or a number not in the facts. */
char *qs_llm_phrase(const struct qs_config *cfg, const char *question, const char *intent,
                    const char *language, json_object *facts, char *why, size_t whylen);

/* Whether every number written in text (integers and decimals; 10:30 and
 * 2026-12-03 read as their parts) is a number of facts or of the question. */
int qs_llm_numbers_known(const char *text, json_object *facts, const char *question);

#endif
