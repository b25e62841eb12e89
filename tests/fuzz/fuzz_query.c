/* Fuzz target: query strings (qs_req_query in lib/qs_http.c).
 *
 * The query string is whatever the client wrote after `?`; every lookup must
 * stay inside the output buffer and NUL-terminate it, for any buffer size. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qs_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"limit", "offset", "department_id", "status", "date", "q", "from", "to",
		"", "=", "&",
	};
	static const size_t sizes[] = { 1, 2, 3, 16, 256 };
	struct qs_req req;
	char *query = malloc(size + 1);
	if (!query)
		return 0;
	memcpy(query, data, size);
	query[size] = '\0';        /* FastCGI hands over a C string */
	memset(&req, 0, sizeof req);
	req.query = query;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			/* exactly sizes[k] bytes on the heap: ASan sees a write past it */
			char *buf = malloc(sizes[k]);
			if (!buf)
				break;
			const char *v = qs_req_query(&req, names[i], buf, sizes[k]);
			if (v && (v != buf || strnlen(buf, sizes[k]) >= sizes[k]))
				abort();
			free(buf);
		}
	}
	free(query);
	return 0;
}
