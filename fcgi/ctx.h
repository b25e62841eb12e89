/* ctx: what one worker thread owns for its whole life: the configuration
 * (shared, read-only), one PostgreSQL and one Redis connection. */
#ifndef QS_CTX_H
#define QS_CTX_H

#include "qs_config.h"
#include "qs_jwt.h"
#include "qs_db.h"
#include "qs_redis.h"

struct qs_ctx {
	const struct qs_config *cfg;
	struct qs_db db;
	struct qs_redis redis;
	struct qs_jwt_keys jwt;         /* shared, read-only */
	const char *openapi_text;       /* the document, served as is */
	size_t openapi_len;
};

#endif
