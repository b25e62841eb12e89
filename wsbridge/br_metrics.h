/* br_metrics: the bridge's figures in Prometheus' text format (0.0.4), for
 * GET /metrics on the bridge's own port (main.c answers it).
 *
 * Nothing here counts: the hub counts on the service thread
 * (br_hub_get_stats), the Redis thread with atomics (br_redis_get_stats),
 * and main.c what only the transport sees (struct br_metrics, service
 * thread only).  A scrape copies the three and renders them; it costs
 * nothing per event.  No libwebsockets here, so the unit tests link it. */
#ifndef BR_METRICS_H
#define BR_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "br_hub.h"
#include "br_redis.h"

/* What main.c counts itself, on the service thread. */
struct br_metrics {
	uint64_t frames_out, bytes_out;   /* WebSocket frames written, payload bytes */
	uint64_t refused_origin, refused_capacity, refused_shutdown;   /* handshakes */
	uint64_t scrapes_refused;         /* GET /metrics from an address not allowed */
};

struct br_metrics_view {
	struct br_hub_stats hub;
	struct br_redis_stats redis;
	struct br_metrics transport;
	int max_sockets;
	int64_t start_time_s;             /* the process's start, Unix seconds */
};

/* The exposition, malloc'd, of *len bytes; NULL when out of memory. */
char *br_metrics_render(const struct br_metrics_view *v, size_t *len);

/* Whether peer (an address as lws_get_peer_simple() writes it) may read
 * the metrics: qs_addr_allowed() (loopback, or an entry of allow, the
 * API's metrics_allow), with an IPv4-mapped IPv6 address taken as its IPv4
 * address, which is how a bridge listening on every interface (ws_host =
 * *, one dual-stack socket) sees IPv4 clients. */
bool br_metrics_peer_allowed(const char *peer, const char *allow);

#endif
