/* br_metrics: the exposition and who may read it (br_metrics.h). */
#include "br_metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qs_addr.h"
#include "qs_buf.h"

/* the HELP and TYPE lines of a family */
static void family(struct qs_buf *b, const char *name, const char *type, const char *help)
{
	qs_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(struct qs_buf *b, const char *name, const char *type, const char *help,
                uint64_t v)
{
	family(b, name, type, help);
	qs_buf_printf(b, "%s %llu\n", name, (unsigned long long)v);
}

char *br_metrics_render(const struct br_metrics_view *v, size_t *len)
{
	const struct br_hub_stats *h = &v->hub;
	const struct br_redis_stats *r = &v->redis;
	const struct br_metrics *t = &v->transport;
	struct qs_buf b;

	qs_buf_init(&b, 4096);
	/* the staff count can only lag the socket count by nothing: a socket
	 * leaves both at once; guard the subtraction all the same */
	uint64_t staff = h->authenticated <= h->sockets ? h->authenticated : h->sockets;

	family(&b, "qstream_ws_sockets", "gauge",
	       "Open WebSocket connections, by the view they get: public, or staff after a "
	       "valid `auth`.");
	qs_buf_printf(&b, "qstream_ws_sockets{view=\"public\"} %llu\n"
	                  "qstream_ws_sockets{view=\"staff\"} %llu\n",
	              (unsigned long long)(h->sockets - staff), (unsigned long long)staff);
	one(&b, "qstream_ws_max_sockets", "gauge",
	    "Connections this bridge accepts (ws_max_sockets, lowered to the open-file limit).",
	    v->max_sockets > 0 ? (uint64_t)v->max_sockets : 0);
	one(&b, "qstream_ws_channels", "gauge",
	    "Channels the bridge keeps: departments with history or subscribers, and joined "
	    "tickets.", h->channels);
	one(&b, "qstream_ws_events_in_total", "counter",
	    "Events taken from Redis into the channels.", h->events_in);
	one(&b, "qstream_ws_events_out_total", "counter",
	    "Event frames sent to sockets (one per socket an event reached).", h->events_out);
	one(&b, "qstream_ws_frames_out_total", "counter",
	    "WebSocket frames written: events, replies, pings, errors, resyncs.", t->frames_out);
	one(&b, "qstream_ws_bytes_out_total", "counter",
	    "Payload bytes of those frames.", t->bytes_out);
	one(&b, "qstream_ws_resyncs_total", "counter",
	    "resync frames sent (a socket too slow, a gap in seq, a Redis reconnect).",
	    h->resyncs);
	one(&b, "qstream_ws_slow_closes_total", "counter",
	    "Sockets closed with 4008 for not keeping up.", h->slow_closes);
	one(&b, "qstream_ws_event_duplicates_total", "counter",
	    "Events dropped as already delivered (same seq twice).", h->duplicates);
	one(&b, "qstream_ws_event_gaps_total", "counter",
	    "Holes in a department's seq that the hold time did not fill.", h->gaps);
	family(&b, "qstream_ws_auth_total", "counter",
	       "`auth` messages, by answer: authenticated, or refused (invalid, expired or "
	       "revoked token).");
	qs_buf_printf(&b, "qstream_ws_auth_total{result=\"ok\"} %llu\n"
	                  "qstream_ws_auth_total{result=\"refused\"} %llu\n",
	              (unsigned long long)h->auth_ok, (unsigned long long)h->auth_refused);
	one(&b, "qstream_ws_revoked_total", "counter",
	    "Sockets that lost the staff view to a revocation published by the API.",
	    h->revoked);
	family(&b, "qstream_ws_refused_total", "counter",
	       "WebSocket handshakes refused, by why: an Origin not allowed (403), the "
	       "bridge full or shutting down (503).");
	qs_buf_printf(&b, "qstream_ws_refused_total{why=\"origin\"} %llu\n"
	                  "qstream_ws_refused_total{why=\"capacity\"} %llu\n"
	                  "qstream_ws_refused_total{why=\"shutting_down\"} %llu\n",
	              (unsigned long long)t->refused_origin, (unsigned long long)t->refused_capacity,
	              (unsigned long long)t->refused_shutdown);
	one(&b, "qstream_ws_redis_up", "gauge",
	    "1 while the Redis subscription is confirmed and its heartbeat comes back.",
	    r->subscribed ? 1 : 0);
	one(&b, "qstream_ws_redis_reconnects_total", "counter",
	    "Redis subscriptions made again after one was lost or failed (each sends resync "
	    "redis_reconnected to every joined channel).", r->reconnects);
	family(&b, "qstream_ws_redis_dropped_total", "counter",
	       "Messages from Redis dropped, by why: an event or revocation that does not "
	       "parse, or an event the full hand-over queue had no room for.");
	qs_buf_printf(&b, "qstream_ws_redis_dropped_total{why=\"invalid_event\"} %llu\n"
	                  "qstream_ws_redis_dropped_total{why=\"invalid_revocation\"} %llu\n"
	                  "qstream_ws_redis_dropped_total{why=\"queue_full\"} %llu\n",
	              (unsigned long long)r->events_invalid, (unsigned long long)r->revocations_invalid,
	              (unsigned long long)r->events_dropped);
	one(&b, "qstream_ws_metrics_refused_total", "counter",
	    "GET /metrics refused with 403 (an address outside loopback and metrics_allow, or "
	    "through a proxy).", t->scrapes_refused);
	one(&b, "qstream_ws_start_time_seconds", "gauge",
	    "When this bridge process started, in Unix seconds.",
	    v->start_time_s > 0 ? (uint64_t)v->start_time_s : 0);
	return qs_buf_take(&b, len);
}

bool br_metrics_peer_allowed(const char *peer, const char *allow)
{
	static const char mapped[] = "::ffff:";
	if (!peer)
		return false;
	/* only the dotted form: "::ffff:7f00:1" is not what the kernel's
	 * dual-stack socket hands over, and inet_pton() takes it as IPv6 */
	if (strncasecmp(peer, mapped, sizeof mapped - 1) == 0 &&
	    strchr(peer + sizeof mapped - 1, '.'))
		peer += sizeof mapped - 1;
	return qs_addr_allowed(peer, allow) == 1;
}
