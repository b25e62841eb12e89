/* metrics: per-process counters and their exposition (metrics.h). */
#include "metrics.h"
#include "routes.h"
#include "db_tickets.h"
#include "qs_db.h"
#include "qs_buf.h"
#include "qs_redis.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_ROUTES 128
/* the statuses the API answers; anything else counts as "other" */
static const int statuses[] = { 200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422,
                                429, 500, 503 };
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1)
/* latency buckets, upper bounds in seconds */
static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                  1, 2.5, 5 };
#define NBUCKETS (sizeof buckets / sizeof buckets[0] + 1)

/* Every counter of the API instance, in one block: with worker processes
 * (master.c) a MAP_SHARED anonymous mapping made by the master before it
 * forks, so that each process adds to the same counters and a scrape that
 * reaches any of them sees the sum; without one, this process's own block.
 * The atomics are lock-free (checked below), so they work across processes. */
struct counters {
	/* index MAX_ROUTES: requests that matched no route */
	atomic_ulong requests[MAX_ROUTES + 1][NSTATUS];
	atomic_ulong latency[MAX_ROUTES + 1][NBUCKETS];
	atomic_ulong latency_us_sum[MAX_ROUTES + 1];
	atomic_ulong snapshot_hits, snapshot_reads;
	atomic_ulong db_errors, redis_errors;   /* what each process published */
	atomic_ulong restarts;                  /* worker processes respawned */
	atomic_long processes;                  /* worker processes alive */
	long owner;                             /* the pid that made the block */
};
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2, "counters shared between processes need lock-free atomics");

static struct counters own;
static struct counters *m = &own;
/* this process's database and Redis errors (lib/) already added to m */
static atomic_ulong db_published, redis_published;

int metrics_share(void)
{
	void *p = mmap(NULL, sizeof *m, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	m = p;          /* zero-filled */
	m->owner = (long)getpid();
	return 0;
}

void metrics_process(int delta, int respawn)
{
	atomic_fetch_add_explicit(&m->processes, delta, memory_order_relaxed);
	if (respawn)
		atomic_fetch_add_explicit(&m->restarts, 1, memory_order_relaxed);
}

/* Add what the process-local count `now` grew by since it was last published:
 * the published mark only rises, so each error is added once whatever the
 * threads' order. */
static void publish(atomic_ulong *published, unsigned long now, atomic_ulong *total)
{
	unsigned long was = atomic_load_explicit(published, memory_order_relaxed);
	while (now > was) {
		if (atomic_compare_exchange_weak_explicit(published, &was, now, memory_order_relaxed,
		                                          memory_order_relaxed)) {
			atomic_fetch_add_explicit(total, now - was, memory_order_relaxed);
			return;
		}
	}
}

static size_t status_slot(int status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_request(int route, int status, double ms)
{
	size_t r = route >= 0 && route < MAX_ROUTES ? (size_t)route : MAX_ROUTES;
	size_t b = 0;
	while (b < NBUCKETS - 1 && ms / 1000.0 > buckets[b])
		b++;
	atomic_fetch_add_explicit(&m->requests[r][status_slot(status)], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency[r][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency_us_sum[r], (unsigned long)(ms * 1000.0),
	                          memory_order_relaxed);
	publish(&db_published, qs_db_error_count(), &m->db_errors);
	publish(&redis_published, qs_redis_error_count(), &m->redis_errors);
}

void metrics_snapshot(int hit)
{
	atomic_fetch_add_explicit(hit ? &m->snapshot_hits : &m->snapshot_reads, 1,
	                          memory_order_relaxed);
}

/* ---- the exposition ---- */

static void route_labels(size_t r, const char **method, const char **route)
{
	const struct qs_route *q = r < MAX_ROUTES ? qs_route_at(r) : NULL;
	*method = q ? q->method : "";
	*route = q ? q->pattern : "unmatched";
}

static enum qs_rc tickets_today(struct qs_ctx *ctx, struct qs_buf *b, struct qs_err *err)
{
	long counts[QS_TICKET_NSTATUS], waiting = 0;
	enum qs_rc rc = db_ticket_counts_today(&ctx->db, counts, &waiting, err);
	if (rc)
		return rc;
	qs_buf_printf(b, "# HELP qstream_tickets_today Tickets of each department's current day, by status.\n"
	                 "# TYPE qstream_tickets_today gauge\n");
	for (int i = 0; i < QS_TICKET_NSTATUS; i++)
		qs_buf_printf(b, "qstream_tickets_today{status=\"%s\"} %ld\n", qs_ticket_statuses[i], counts[i]);
	qs_buf_printf(b, "# HELP qstream_tickets_waiting Tickets waiting now, whatever their day.\n"
	                 "# TYPE qstream_tickets_waiting gauge\n"
	                 "qstream_tickets_waiting %ld\n", waiting);
	return QS_OK;
}

enum qs_rc metrics_render(struct qs_ctx *ctx, char **out, size_t *len, struct qs_err *err)
{
	struct qs_buf b;
	char worker[96], host[64];
	const char *method, *route;

	qs_buf_init(&b, 8192);
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	/* the instance: the master's pid, whichever of its processes answers */
	snprintf(worker, sizeof worker, "%s:%ld", host, m->owner ? m->owner : (long)getpid());
	publish(&db_published, qs_db_error_count(), &m->db_errors);
	publish(&redis_published, qs_redis_error_count(), &m->redis_errors);

	qs_buf_printf(&b, "# HELP qstream_http_requests_total Requests answered by this API instance (all its "
	                  "worker processes).\n"
	                  "# TYPE qstream_http_requests_total counter\n");
	for (size_t r = 0; r <= MAX_ROUTES; r++) {
		route_labels(r, &method, &route);
		for (size_t s = 0; s < NSTATUS; s++) {
			unsigned long n = atomic_load_explicit(&m->requests[r][s], memory_order_relaxed);
			if (!n)
				continue;
			char code[8];
			if (s < NSTATUS - 1)
				snprintf(code, sizeof code, "%d", statuses[s]);
			else
				snprintf(code, sizeof code, "other");
			qs_buf_printf(&b, "qstream_http_requests_total{worker=\"%s\",method=\"%s\",route=\"%s\","
			                  "status=\"%s\"} %lu\n", worker, method, route, code, n);
		}
	}
	qs_buf_printf(&b, "# HELP qstream_http_request_duration_seconds Time from a request's arrival in "
	                  "the worker to its answer.\n"
	                  "# TYPE qstream_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= MAX_ROUTES; r++) {
		unsigned long counts[NBUCKETS], total = 0;
		for (size_t k = 0; k < NBUCKETS; k++)
			total += counts[k] = atomic_load_explicit(&m->latency[r][k], memory_order_relaxed);
		if (!total)
			continue;
		route_labels(r, &method, &route);
		unsigned long cum = 0;
		for (size_t k = 0; k < NBUCKETS; k++) {
			cum += counts[k];
			if (k < NBUCKETS - 1)
				qs_buf_printf(&b, "qstream_http_request_duration_seconds_bucket{worker=\"%s\","
				                  "method=\"%s\",route=\"%s\",le=\"%g\"} %lu\n",
				              worker, method, route, buckets[k], cum);
			else
				qs_buf_printf(&b, "qstream_http_request_duration_seconds_bucket{worker=\"%s\","
				                  "method=\"%s\",route=\"%s\",le=\"+Inf\"} %lu\n",
				              worker, method, route, cum);
		}
		qs_buf_printf(&b, "qstream_http_request_duration_seconds_sum{worker=\"%s\",method=\"%s\","
		                  "route=\"%s\"} %.6f\n", worker, method, route,
		              (double)atomic_load_explicit(&m->latency_us_sum[r], memory_order_relaxed) / 1e6);
		qs_buf_printf(&b, "qstream_http_request_duration_seconds_count{worker=\"%s\",method=\"%s\","
		                  "route=\"%s\"} %lu\n", worker, method, route, total);
	}
	qs_buf_printf(&b, "# HELP qstream_db_errors_total Database statements that failed (unavailable or "
	                  "an error of ours).\n"
	                  "# TYPE qstream_db_errors_total counter\n"
	                  "qstream_db_errors_total{worker=\"%s\"} %lu\n", worker, atomic_load(&m->db_errors));
	qs_buf_printf(&b, "# HELP qstream_redis_errors_total Redis commands that failed.\n"
	                  "# TYPE qstream_redis_errors_total counter\n"
	                  "qstream_redis_errors_total{worker=\"%s\"} %lu\n", worker, atomic_load(&m->redis_errors));
	qs_buf_printf(&b, "# HELP qstream_snapshot_answers_total Board snapshots and department lists, by "
	                  "where the answer came from.\n"
	                  "# TYPE qstream_snapshot_answers_total counter\n"
	                  "qstream_snapshot_answers_total{worker=\"%s\",from=\"cache\"} %lu\n"
	                  "qstream_snapshot_answers_total{worker=\"%s\",from=\"database\"} %lu\n",
	              worker, atomic_load(&m->snapshot_hits), worker, atomic_load(&m->snapshot_reads));
	long procs = atomic_load(&m->processes);
	qs_buf_printf(&b, "# HELP qstream_api_processes Worker processes serving now.\n"
	                  "# TYPE qstream_api_processes gauge\n"
	                  "qstream_api_processes{worker=\"%s\"} %ld\n"
	                  "# HELP qstream_api_process_restarts_total Worker processes started again after "
	                  "one died.\n"
	                  "# TYPE qstream_api_process_restarts_total counter\n"
	                  "qstream_api_process_restarts_total{worker=\"%s\"} %lu\n",
	              worker, procs > 0 ? procs : 1, worker, atomic_load(&m->restarts));
	enum qs_rc rc = tickets_today(ctx, &b, err);
	*out = qs_buf_take(&b, len);
	if (rc || !*out) {
		free(*out);
		*out = NULL;
		return rc ? rc : qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	}
	return QS_OK;
}
