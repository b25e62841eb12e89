/* metrics: what a worker process counts, for GET /api/v1/metrics in
 * Prometheus' text format (version 0.0.4).
 *
 * Counters (atomics, no lock on the request path): requests by route,
 * method and status, a latency histogram per route, the database's and
 * Redis' errors (lib/qs_db.c, lib/qs_redis.c, added at the end of each
 * request), the cached public answers (snapshots.c) and the worker
 * processes (master.c).  With worker processes under a master they live in
 * one block shared by all of them (metrics_share() before the first fork),
 * so any process answers with the sum over the instance, and a process
 * that dies takes nothing with it but the errors of its last request.
 * Every line carries the `worker` label host:pid of the master (of the
 * process itself when it serves alone).  The tickets by status are read
 * from the database when scraped. */
#ifndef QS_METRICS_H
#define QS_METRICS_H

#include <stddef.h>

#include "ctx.h"
#include "qs_addr.h"
#include "qs_err.h"

/* Make the counters shared with the processes forked from now on (call it
 * once, in the master, before any fork).  0, or -1 if mmap failed (then the
 * counters stay this process's own). */
int metrics_share(void);

/* A worker process started (delta 1; respawn: after one died) or ended (-1). */
void metrics_process(int delta, int respawn);

/* One answered request: route is its index in the route table (-1: no
 * route matched). */
void metrics_request(int route, int status, double ms);

/* A cached public answer served from the cache (hit) or read again. */
void metrics_snapshot(int hit);

/* The whole exposition, into *out (malloc'd) of *len bytes. */
enum qs_rc metrics_render(struct qs_ctx *ctx, char **out, size_t *len, struct qs_err *err);

/* Whether a client address may read the metrics: loopback (127.0.0.0/8,
 * ::1) or an entry of allow, a comma-separated list of addresses and
 * CIDR blocks (IPv4 or IPv6), e.g. "10.0.0.0/8, 2001:db8::7".  The bridge
 * checks its GET /metrics with the same function (lib/qs_addr.h). */
static inline int metrics_addr_allowed(const char *addr, const char *allow)
{
	return qs_addr_allowed(addr, allow);
}

#endif
