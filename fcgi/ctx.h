/* ctx: what one worker thread owns for its whole life: the configuration
 * (shared, read-only), one PostgreSQL and one Redis connection, and a
 * second PostgreSQL connection to the replica the reports read when one is
 * configured (svc_read_db() in report_db.h chooses). */
#ifndef QS_CTX_H
#define QS_CTX_H

#include "qs_config.h"
#include "qs_jwt.h"
#include "qs_db.h"
#include "qs_redis.h"

struct qs_ctx {
	const struct qs_config *cfg;
	struct qs_db db;
	struct qs_db db_read;            /* the replica (db_read_conninfo), unused when empty */
	struct timespec read_checked;   /* when the replica's lag was last read */
	int read_usable;                /* what that reading said */
	struct qs_redis redis;
	struct qs_jwt_keys jwt;         /* shared, read-only */
	const char *openapi_text;       /* the document, served as is */
	size_t openapi_len;
};

#endif
