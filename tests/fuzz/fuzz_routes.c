/* Fuzz target: route matching (fcgi/routes.c), the whole table.
 *
 * Input: METHOD, a newline, then the path.  A match must name a route whose
 * parameters are non-empty segments without a slash; a refusal is 404 or
 * 405 with an Allow header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qs_req req;
	struct qs_err err;
	const struct qs_route *route = NULL;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	memset(&req, 0, sizeof req);
	if (nl) {
		*nl = '\0';
		req.method = text;
		req.path = nl + 1;
	} else {
		req.method = "GET";
		req.path = text;
	}
	qs_err_clear(&err);
	enum qs_rc rc = qs_route_match(&req, &route, &err);
	if (rc == QS_OK) {
		if (!route || strcmp(route->method, req.method) != 0 || req.nparams < 0 ||
		    req.nparams > QS_PATH_PARAMS)
			abort();
		for (int i = 0; i < req.nparams; i++)
			if (!req.params[i][0] || strchr(req.params[i], '/'))
				abort();
	} else if (rc == QS_E_METHOD) {
		if (!req.allow || !req.allow[0])
			abort();
	} else if (rc != QS_E_NOT_FOUND) {
		abort();
	}
	free(text);
	return 0;
}
