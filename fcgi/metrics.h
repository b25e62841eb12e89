/* metrics: what a worker process counts, for GET /api/v1/metrics in
 * Prometheus' text format (version 0.0.4).
 *
 * Counters live in this process (atomics, no lock on the request path):
 * requests by route, method and status, a latency histogram per route, the
 * database's and Redis' errors (lib/qs_db.c, lib/qs_redis.c) and the
 * cached public answers (snapshots.c).  The tickets by status are read
 * from the database when scraped.  With several worker processes each
 * counts its own (every line carries its `worker` label). */
#ifndef QS_METRICS_H
#define QS_METRICS_H

#include <stddef.h>

#include "ctx.h"
#include "qs_err.h"

/* One answered request: route is its index in the route table (-1: no
 * route matched). */
void metrics_request(int route, int status, double ms);

/* A cached public answer served from the cache (hit) or read again. */
void metrics_snapshot(int hit);

/* The whole exposition, into *out (malloc'd) of *len bytes. */
enum qs_rc metrics_render(struct qs_ctx *ctx, char **out, size_t *len, struct qs_err *err);

/* Whether a client address may read the metrics: loopback (127.0.0.0/8,
 * ::1) or an entry of allow, a comma-separated list of addresses and
 * CIDR blocks (IPv4 or IPv6), e.g. "10.0.0.0/8, 2001:db8::7". */
int metrics_addr_allowed(const char *addr, const char *allow);

#endif
