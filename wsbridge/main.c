/* qstream-wsbridge: the WebSocket bridge of QStream.
 *
 *   qstream-wsbridge [-c /etc/qstream/qstream.conf]
 *
 * One libwebsockets service thread serves every socket; one Redis thread
 * (br_redis.c) subscribes to qstream:dept:* and hands parsed events over.
 * All protocol decisions live in the hub (br_hub.h); this file is only the glue to
 * libwebsockets: accept (Origin, capacity), reassemble client messages
 * (4 KiB cap), write one frame per writeable callback, timers, shutdown.
 *
 * libwebsockets 4.1.6 rules we follow (DESIGN.md): only lws_cancel_service()
 * is called from another thread; LWS_CALLBACK_EVENT_WAIT_CANCELLED never
 * returns -1; writes happen only in LWS_CALLBACK_SERVER_WRITEABLE, one
 * lws_write() each, from buffers with LWS_PRE headroom; the Origin is checked
 * in LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION and
 * LWS_CALLBACK_HTTP_CONFIRM_UPGRADE is never handled (CVE-2025-11677).
 *
 * Plain HTTP on the same port answers only GET /metrics (br_metrics.h), to
 * loopback and metrics_allow; every other request gets lws' 404. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "br_hub.h"
#include "br_metrics.h"
#include "br_msg.h"
#include "br_proto.h"
#include "br_redis.h"
#include "qs_config.h"
#include "qs_log.h"

_Static_assert(BR_PRE >= LWS_PRE, "br_msg headroom must cover LWS_PRE");
_Static_assert(BR_PRE % 8 == 0, "keep the payload word-aligned");

#define STATS_PERIOD_S   60
#define SHUTDOWN_GRACE_MS 1500
#define FD_RESERVE       64     /* listen socket, cancel pipe, Redis, logs */

struct app {
	struct qs_config cfg;
	struct lws_context *ctx;
	struct br_hub *hub;
	struct br_redis *redis;
	struct br_redis_item *backlog, *backlog_tail;  /* taken, not yet ingested */
	bool cfg_loaded;
	unsigned char *secret;        /* the API's signing key (zeroed when freed) */
	size_t secret_len;
	struct qs_jwt_keys jwt;       /* the hub verifies `auth` against it */
	char **origins;               /* allow-list; NULL/0 = any */
	size_t norigins;
	int max_sockets;
	int heartbeat_s;
	bool shutting_down;
	struct br_metrics m;          /* what only the transport sees */
	int64_t start_time_s;
	lws_sorted_usec_list_t sul_order;   /* seq hole deadlines */
	lws_sorted_usec_list_t sul_stats;
	lws_sorted_usec_list_t sul_clients; /* heartbeats of every socket */
	lws_sorted_usec_list_t sul_grace;   /* wakes the loop while shutting down */
};

/* Per-socket data kept by lws (zeroed by it).  The reassembly buffer exists
 * only while a message arrives in several pieces, so idle sockets stay small. */
struct session {
	struct br_client *cl;
	char *rx;
	size_t rxlen;
	bool rx_binary;
	bool close_sent;     /* lws may call writeable again while closing */
	/* plain HTTP (GET /metrics): the body waiting for HTTP_WRITEABLE */
	char *http_body;
	size_t http_len;
	bool http_close;     /* close after it rather than keep the connection */
};

static volatile sig_atomic_t stop_requested;
static struct lws_context *signal_ctx;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct app *app_of(struct lws *wsi)
{
	return lws_context_user(lws_get_context(wsi));
}

/* --- hub transport ops -------------------------------------------------- */

static void op_want_write(void *ud, void *conn)
{
	(void)ud;
	lws_callback_on_writable(conn);
}

static void op_closing(void *ud, void *conn)
{
	(void)ud;
	/* the close frame goes out from the writeable callback; a peer that
	 * never lets us write is dropped without one */
	lws_set_timeout(conn, PENDING_TIMEOUT_USER_OK, 3);
}

/* --- timers ------------------------------------------------------------- */

static void schedule_order(struct app *a)
{
	int64_t d = br_hub_next_deadline(a->hub);
	if (d < 0) {
		lws_sul_cancel(&a->sul_order);
		return;
	}
	int64_t wait = d - now_ms();
	if (wait < 1)
		wait = 1;
	lws_sul_schedule(a->ctx, 0, &a->sul_order, a->sul_order.cb,
	                 (lws_usec_t)wait * LWS_US_PER_MS);
}

static void on_order_timer(lws_sorted_usec_list_t *sul)
{
	struct app *a = lws_container_of(sul, struct app, sul_order);
	br_hub_tick(a->hub, now_ms());
	schedule_order(a);
}

static void on_grace_timer(lws_sorted_usec_list_t *sul)
{
	(void)sul;   /* only here to make lws_service() return */
}

static void log_stats(struct app *a)
{
	struct br_hub_stats st;
	br_hub_get_stats(a->hub, &st);
	qs_log_info("ws_stats",
	            "sockets=%llu channels=%llu events_in=%llu events_out=%llu "
	            "resyncs=%llu slow_closes=%llu duplicates=%llu gaps=%llu revoked=%llu",
	            (unsigned long long)st.sockets, (unsigned long long)st.channels,
	            (unsigned long long)st.events_in, (unsigned long long)st.events_out,
	            (unsigned long long)st.resyncs, (unsigned long long)st.slow_closes,
	            (unsigned long long)st.duplicates, (unsigned long long)st.gaps,
	            (unsigned long long)st.revoked);
}

static void on_clients_timer(lws_sorted_usec_list_t *sul)
{
	struct app *a = lws_container_of(sul, struct app, sul_clients);
	br_hub_tick_clients(a->hub, now_ms());
	lws_sul_schedule(a->ctx, 0, &a->sul_clients, on_clients_timer,
	                 (lws_usec_t)br_hub_tick_period_ms(a->hub) * LWS_US_PER_MS);
}

static void on_stats_timer(lws_sorted_usec_list_t *sul)
{
	struct app *a = lws_container_of(sul, struct app, sul_stats);
	log_stats(a);
	lws_sul_schedule(a->ctx, 0, &a->sul_stats, on_stats_timer,
	                 (lws_usec_t)STATS_PERIOD_S * LWS_US_PER_SEC);
}

/* Runs on the service thread after lws_cancel_service(): from the Redis
 * thread (events queued), from the signal handler, or from itself when it
 * paused ingesting because the hub is congested. */
static void on_wake(struct app *a)
{
	int64_t now = now_ms();
	struct br_redis_item *it = a->redis ? br_redis_take(a->redis) : NULL, *next;

	/* new items go behind what an earlier pause left over */
	if (it) {
		if (a->backlog_tail)
			a->backlog_tail->next = it;
		else
			a->backlog = it;
		while (it->next)
			it = it->next;
		a->backlog_tail = it;
	}
	br_hub_clear_congestion(a->hub);
	for (it = a->backlog; it && !br_hub_congested(a->hub); it = next) {
		next = it->next;
		if (it->kind == BR_REDIS_EVENT) {
			br_hub_ingest(a->hub, it->ev, now);
			it->ev = NULL;
		} else if (it->kind == BR_REDIS_REVOKED) {
			br_hub_revoke(a->hub, &it->rv);
		} else {
			qs_log_info("ws_resync_all", "reason=redis_reconnected");
			br_hub_redis_reconnected(a->hub);
		}
		br_redis_item_free(it);
		a->backlog = next;
	}
	if (!a->backlog)
		a->backlog_tail = NULL;
	else
		lws_cancel_service(a->ctx);   /* again after the sockets wrote */
	br_hub_tick(a->hub, now);
	schedule_order(a);
}

static void wake_service(void *ud)
{
	lws_cancel_service(ud);
}

/* --- accept ------------------------------------------------------------- */

static bool origin_allowed(const struct app *a, const char *origin)
{
	if (a->norigins == 0)
		return true;
	for (size_t i = 0; i < a->norigins; i++)
		if (strcasecmp(a->origins[i], origin) == 0)
			return true;
	return false;
}

/* Answer a refused handshake with an HTTP status and close.  Without an
 * answer lws just drops the connection, and a proxy in front (nginx) turns
 * that into a 502 and logs an upstream error for every refusal.  This runs
 * inside the handshake, where lws itself writes the 101 the same way. */
static void refuse_upgrade(struct lws *wsi, unsigned int status, const char *text)
{
	unsigned char buf[LWS_PRE + 512], *start = buf + LWS_PRE, *p = start,
	              *end = buf + sizeof buf;
	size_t len = strlen(text);

	if (lws_add_http_common_headers(wsi, status, "text/plain", len, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION,
	                                 (const unsigned char *)"close", 5, &p, end) ||
	    lws_finalize_http_header(wsi, &p, end) || (size_t)(end - p) < len)
		return;   /* the buffer is sized for this: cannot happen */
	memcpy(p, text, len);
	p += len;
	lws_write(wsi, start, (size_t)(p - start), LWS_WRITE_HTTP_HEADERS);
}

/* Returns nonzero to refuse the upgrade (after answering it). */
static int filter_connection(struct app *a, struct lws *wsi)
{
	char origin[256];
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);

	if (a->shutting_down) {
		a->m.refused_shutdown++;
		refuse_upgrade(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, "shutting down\n");
		return 1;
	}
	if (n > 0) {
		/* a browser: the Origin must be on the allow-list.  No Origin is a
		 * non-browser client, which no browser page can impersonate. */
		if (n >= (int)sizeof origin ||
		    lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0 ||
		    !origin_allowed(a, origin)) {
			qs_log_info("ws_refused", "why=origin origin_bytes=%d", n);
			a->m.refused_origin++;
			refuse_upgrade(wsi, HTTP_STATUS_FORBIDDEN, "origin not allowed\n");
			return 1;
		}
	}
	struct br_hub_stats st;
	br_hub_get_stats(a->hub, &st);
	if (st.sockets >= (uint64_t)a->max_sockets) {
		qs_log_warn("ws_refused", "why=capacity sockets=%llu",
		            (unsigned long long)st.sockets);
		a->m.refused_capacity++;
		refuse_upgrade(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, "too many connections\n");
		return 1;
	}
	return 0;
}

/* --- receive ------------------------------------------------------------ */

static void rx_reset(struct session *s)
{
	free(s->rx);
	s->rx = NULL;
	s->rxlen = 0;
	s->rx_binary = false;
}

/* Returns -1 to close the socket (after setting the close reason). */
static int receive(struct app *a, struct lws *wsi, struct session *s,
                   const char *in, size_t len)
{
	static const char too_big[] = "message too big";
	bool final = lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0;

	if (!s->cl)
		return -1;
	if (s->rxlen == 0)
		s->rx_binary = lws_frame_is_binary(wsi);
	/* also count what is still on its way, so a huge frame is refused at
	 * its first bytes */
	if (s->rxlen + len + lws_remaining_packet_payload(wsi) > BR_MAX_MESSAGE) {
		qs_log_info("ws_close", "client=%s code=1009 why=message_too_big",
		            br_hub_client_id(s->cl));
		lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
		                 (unsigned char *)too_big, sizeof too_big - 1);
		return -1;
	}
	if (s->rxlen == 0 && final) {
		/* the common case: the whole message in one piece, no copy */
		br_hub_client_rx(a->hub, s->cl, in, len, s->rx_binary, now_ms());
		return 0;
	}
	if (!s->rx && !(s->rx = malloc(BR_MAX_MESSAGE))) {
		qs_log_error("ws_out_of_memory", "what=rx");
		return -1;
	}
	memcpy(s->rx + s->rxlen, in, len);
	s->rxlen += len;
	if (final) {
		br_hub_client_rx(a->hub, s->cl, s->rx, s->rxlen, s->rx_binary, now_ms());
		rx_reset(s);
	}
	return 0;
}

/* --- write -------------------------------------------------------------- */

static int writeable(struct app *a, struct lws *wsi, struct session *s)
{
	struct br_frame f;

	if (!s->cl || s->close_sent)
		return -1;
	if (!br_hub_client_next(a->hub, s->cl, &f))
		return 0;
	if (f.close_code) {
		s->close_sent = true;
		qs_log_info("ws_close", "client=%s code=%d why=\"%s\"",
		            br_hub_client_id(s->cl), f.close_code, f.close_reason);
		lws_close_reason(wsi, (enum lws_close_status)f.close_code,
		                 (unsigned char *)f.close_reason, strlen(f.close_reason));
		return -1;
	}
	/* the frame is shared by every subscriber: lws writes the header into
	 * the headroom, which is the same bytes for all of them */
	int n = lws_write(wsi, br_msg_payload(f.msg), f.msg->len, LWS_WRITE_TEXT);
	size_t len = f.msg->len;
	br_msg_unref(f.msg);
	if (n < (int)len) {
		qs_log_info("ws_close", "client=%s why=write_failed", br_hub_client_id(s->cl));
		return -1;
	}
	a->m.frames_out++;
	a->m.bytes_out += len;
	if (br_hub_client_pending(s->cl))
		lws_callback_on_writable(wsi);
	return 0;
}

/* --- plain HTTP: GET /metrics ------------------------------------------ */

static void http_reset(struct session *s)
{
	free(s->http_body);
	s->http_body = NULL;
	s->http_len = 0;
	s->http_close = false;
}

/* Send the status line and headers now, the body (taken) from
 * HTTP_WRITEABLE.  Returns -1 to close when even that fails. */
static int http_answer(struct lws *wsi, struct session *s, unsigned int status,
                       const char *type, char *body, size_t len, bool close)
{
	unsigned char buf[LWS_PRE + 512], *start = buf + LWS_PRE, *p = start,
	              *end = buf + sizeof buf;

	http_reset(s);
	s->http_body = body;
	s->http_len = len;
	s->http_close = close;
	if (lws_add_http_common_headers(wsi, status, type, len, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
	                                 (const unsigned char *)"no-store", 8, &p, end) ||
	    (close && lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION,
	                                           (const unsigned char *)"close", 5, &p, end)) ||
	    lws_finalize_write_http_header(wsi, start, &p, end)) {
		http_reset(s);
		return -1;
	}
	lws_callback_on_writable(wsi);
	return 0;
}

static int http_answer_text(struct lws *wsi, struct session *s, unsigned int status,
                            const char *json, bool close)
{
	char *body = strdup(json);
	if (!body)
		return -1;
	return http_answer(wsi, s, status, "application/json", body, strlen(body), close);
}

/* LWS_CALLBACK_HTTP: in is the path, without the query.  0 when answered
 * or handed on, -1 to close. */
static int on_http(struct app *a, struct lws *wsi, struct session *s, void *in, size_t len)
{
	char peer[INET6_ADDRSTRLEN + 8] = "";

	if (!in || strcmp(in, "/metrics") != 0)
		return lws_callback_http_dummy(wsi, LWS_CALLBACK_HTTP, s, in, len);   /* 404 */
	if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0)
		/* a POST may have a body on its way: answer, then hang up */
		return http_answer_text(wsi, s, HTTP_STATUS_METHOD_NOT_ALLOWED,
		                        "{\"error\":{\"code\":\"method_not_allowed\","
		                        "\"message\":\"GET only\"}}", true);
	lws_get_peer_simple(wsi, peer, sizeof peer);
	/* metrics are scraped straight from the bridge: a request that came
	 * through a proxy (nginx, from loopback) is not the proxy's own */
	if (lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0 ||
	    !br_metrics_peer_allowed(peer, a->cfg.metrics_allow)) {
		a->m.scrapes_refused++;
		qs_log_info("ws_metrics_refused", "peer=%s forwarded=%d", peer,
		            lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0);
		return http_answer_text(wsi, s, HTTP_STATUS_FORBIDDEN,
		                        "{\"error\":{\"code\":\"forbidden\","
		                        "\"message\":\"metrics are for the monitoring only\"}}",
		                        false);
	}

	struct br_metrics_view v;
	memset(&v, 0, sizeof v);
	br_hub_get_stats(a->hub, &v.hub);
	if (a->redis)
		br_redis_get_stats(a->redis, &v.redis);
	v.transport = a->m;
	v.max_sockets = a->max_sockets;
	v.start_time_s = a->start_time_s;
	size_t n = 0;
	char *text = br_metrics_render(&v, &n);
	if (!text) {
		qs_log_error("ws_out_of_memory", "what=metrics");
		return http_answer_text(wsi, s, HTTP_STATUS_INTERNAL_SERVER_ERROR,
		                        "{\"error\":{\"code\":\"internal\","
		                        "\"message\":\"out of memory\"}}", true);
	}
	return http_answer(wsi, s, HTTP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8",
	                   text, n, false);
}

/* LWS_CALLBACK_HTTP_WRITEABLE: the body in one write (lws keeps what the
 * kernel did not take), then the next request or the close. */
static int on_http_writeable(struct lws *wsi, struct session *s)
{
	/* lws wants a buffer with LWS_PRE headroom even for HTTP */
	unsigned char *buf = malloc(LWS_PRE + s->http_len + 1);
	bool close = s->http_close;
	int n = -1;

	if (buf) {
		memcpy(buf + LWS_PRE, s->http_body, s->http_len);
		n = lws_write(wsi, buf + LWS_PRE, s->http_len, LWS_WRITE_HTTP_FINAL);
		free(buf);
	}
	http_reset(s);
	if (n < 0 || close)
		return -1;
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

/* --- the protocol callback ---------------------------------------------- */

static int callback_qstream(struct lws *wsi, enum lws_callback_reasons reason,
                            void *user, void *in, size_t len)
{
	struct session *s = user;
	struct app *a;

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return filter_connection(app_of(wsi), wsi);

	case LWS_CALLBACK_ESTABLISHED:
		a = app_of(wsi);
		s->cl = br_hub_client_new(a->hub, wsi, now_ms());
		if (!s->cl) {
			qs_log_error("ws_out_of_memory", "what=client");
			return -1;
		}
		qs_log_debug("ws_open", "client=%s", br_hub_client_id(s->cl));
		return 0;

	case LWS_CALLBACK_RECEIVE:
		return receive(app_of(wsi), wsi, s, in, len);

	case LWS_CALLBACK_RECEIVE_PONG:
		if (s->cl)
			br_hub_client_touch(s->cl, now_ms());
		return 0;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		return writeable(app_of(wsi), wsi, s);

	case LWS_CALLBACK_CLOSED:
		if (s->cl) {
			qs_log_debug("ws_closed", "client=%s", br_hub_client_id(s->cl));
			br_hub_client_free(app_of(wsi)->hub, s->cl);
			s->cl = NULL;
		}
		rx_reset(s);
		return 0;

	case LWS_CALLBACK_HTTP:
		return on_http(app_of(wsi), wsi, s, in, len);

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (s && s->http_body)
			return on_http_writeable(wsi, s);
		return lws_callback_http_dummy(wsi, reason, user, in, len);

	case LWS_CALLBACK_HTTP_BODY:
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		/* the body of a request to /metrics (405): read and dropped, so
		 * that the close after the answer is no reset */
		if (s && s->http_body) {
			if (reason == LWS_CALLBACK_HTTP_BODY_COMPLETION)
				lws_callback_on_writable(wsi);
			return 0;
		}
		return lws_callback_http_dummy(wsi, reason, user, in, len);

	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		if (s)
			http_reset(s);
		return lws_callback_http_dummy(wsi, reason, user, in, len);

	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		/* never -1 here: it would tear down the service, not a socket */
		a = lws_context_user(lws_get_context(wsi));
		if (a && a->hub)
			on_wake(a);
		return 0;

	default:
		/* HTTP requests other than GET /metrics get a 404 from the dummy.
		 * LWS_CALLBACK_HTTP_CONFIRM_UPGRADE stays unhandled on purpose. */
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

static const struct lws_protocols protocols[] = {
	/* first: the protocol for clients that name none, on any path */
	{ "qstream", callback_qstream, sizeof(struct session), 1024, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* --- process setup ------------------------------------------------------ */

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	/* wakes the poll() at once (write() on a pipe: async-signal-safe) */
	if (signal_ctx)
		lws_cancel_service(signal_ctx);
}

static void lws_log_to_qs(int level, const char *line)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	/* a refused handshake: ws_refused already said why, at its level */
	static const char denied[] = "User code denied connection";
	if (n == sizeof denied - 1 && memcmp(line, denied, n) == 0)
		return;
	qs_log(level == LLL_ERR ? QS_LOG_ERROR : QS_LOG_WARN, "lws", "msg=\"%.*s\"",
	       (int)n, line);
}

/* Raise the soft fd limit to the hard one; returns the resulting limit. */
static rlim_t raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			qs_log_warn("ws_rlimit", "error=\"%s\"", strerror(errno));
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur;
}

static int parse_origins(struct app *a, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return -1;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		char *e = tok + strlen(tok);
		while (e > tok && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '/'))
			*--e = '\0';
		if (!*tok)
			continue;
		char **o = realloc(a->origins, (a->norigins + 1) * sizeof *o);
		if (!o || !(o[a->norigins] = strdup(tok))) {
			if (o)
				a->origins = o;
			free(copy);
			return -1;
		}
		a->origins = o;
		a->norigins++;
	}
	free(copy);
	return 0;
}

static int env_heartbeat(int *out)
{
	const char *v = getenv("QSTREAM_WS_HEARTBEAT_S");
	*out = 25;
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 1 || n > 3600)
		return -1;
	*out = (int)n;
	return 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-c /etc/qstream/qstream.conf]\n", argv0);
}

/* Everything the bridge needs before it serves: configuration, the hub, the
 * lws context, the Redis thread, signals and timers.  0, or -1 after logging
 * why (app_cleanup() releases whatever was set up). */
static int app_init(struct app *a, const char *conf)
{
	struct lws_context_creation_info info;
	char err[512];

	/* an explicit -c must exist; the default path is optional */
	if (qs_config_load(&a->cfg, conf ? conf : QS_SYSCONFDIR "/qstream.conf", conf != NULL,
	                   err, sizeof err)) {
		qs_log_error("config_invalid", "error=\"%s\"", err);
		return -1;
	}
	a->cfg_loaded = true;   /* qs_config_load() also set the log level */
	a->start_time_s = (int64_t)time(NULL);
	if (env_heartbeat(&a->heartbeat_s)) {
		qs_log_error("config_invalid",
		             "error=\"QSTREAM_WS_HEARTBEAT_S must be an integer from 1 to 3600\"");
		return -1;
	}
	if (parse_origins(a, a->cfg.ws_origins)) {
		qs_log_error("out_of_memory", "what=origins");
		return -1;
	}

	rlim_t nofile = raise_nofile();
	a->max_sockets = a->cfg.ws_max_sockets;
	if (nofile != RLIM_INFINITY && (rlim_t)a->max_sockets + FD_RESERVE > nofile) {
		a->max_sockets = nofile > FD_RESERVE + 16 ? (int)(nofile - FD_RESERVE) : 16;
		qs_log_warn("ws_rlimit", "nofile=%llu max_sockets=%d",
		            (unsigned long long)nofile, a->max_sockets);
	}

	struct br_hub_config hc;
	br_hub_config_default(&hc);
	hc.heartbeat_s = a->heartbeat_s;
	/* the API's signing key, so that `auth` can verify access tokens */
	a->secret = qs_jwt_load_secret(a->cfg.jwt_secret_file, &a->secret_len, err, sizeof err);
	if (!a->secret) {
		fprintf(stderr, "qstream-wsbridge: refusing to start: %s\n", err);
		return -1;
	}
	a->jwt = (struct qs_jwt_keys){ a->secret, a->secret_len, QS_JWT_ISSUER, QS_JWT_AUDIENCE };
	hc.jwt = &a->jwt;
	hc.revoke_keep_s = a->cfg.access_token_ttl_s;
	struct br_hub_ops ops = { op_want_write, op_closing, a };
	a->hub = br_hub_new(&hc, &ops);
	if (!a->hub) {
		qs_log_error("out_of_memory", "what=hub");
		return -1;
	}

	lws_set_log_level(LLL_ERR | LLL_WARN, lws_log_to_qs);
	memset(&info, 0, sizeof info);
	info.port = a->cfg.ws_port;
	info.iface = strcmp(a->cfg.ws_host, "*") == 0 ? NULL : a->cfg.ws_host;
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
	info.fd_limit_per_thread = (unsigned int)a->max_sockets + FD_RESERVE;
	info.count_threads = 1;
	info.user = a;
	a->ctx = lws_create_context(&info);
	if (!a->ctx) {
		qs_log_error("ws_start_failed", "host=%s port=%d", a->cfg.ws_host, a->cfg.ws_port);
		return -1;
	}
	a->sul_order.cb = on_order_timer;

	/* the Redis thread must not take SIGTERM/SIGINT: the service thread's
	 * poll() has to be the one interrupted */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	struct br_redis_config rc_cfg;
	br_redis_config_default(&rc_cfg);
	rc_cfg.host = a->cfg.redis_host;
	rc_cfg.port = a->cfg.redis_port;
	rc_cfg.timeout_ms = a->cfg.redis_timeout_ms;
	a->redis = br_redis_start(&rc_cfg, wake_service, a->ctx);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!a->redis)
		return -1;

	signal_ctx = a->ctx;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lws_sul_schedule(a->ctx, 0, &a->sul_stats, on_stats_timer,
	                 (lws_usec_t)STATS_PERIOD_S * LWS_US_PER_SEC);
	lws_sul_schedule(a->ctx, 0, &a->sul_clients, on_clients_timer,
	                 (lws_usec_t)br_hub_tick_period_ms(a->hub) * LWS_US_PER_MS);
	qs_log_info("ws_start", "host=%s port=%d max_sockets=%d heartbeat_s=%d origins=%zu "
	            "redis=%s:%d", a->cfg.ws_host, a->cfg.ws_port, a->max_sockets,
	            a->heartbeat_s, a->norigins, a->cfg.redis_host, a->cfg.redis_port);
	return 0;
}

/* Serve until SIGTERM/SIGINT, then give the sockets SHUTDOWN_GRACE_MS to
 * take their 1001 close. */
static void app_run(struct app *a)
{
	int64_t deadline = 0;
	for (;;) {
		if (lws_service(a->ctx, 0) < 0)
			break;
		if (stop_requested && !a->shutting_down) {
			a->shutting_down = true;
			deadline = now_ms() + SHUTDOWN_GRACE_MS;
			qs_log_info("ws_stopping", "grace_ms=%d", SHUTDOWN_GRACE_MS);
			br_hub_shutdown(a->hub);
		}
		if (a->shutting_down) {
			struct br_hub_stats st;
			br_hub_get_stats(a->hub, &st);
			if (st.sockets == 0 || now_ms() >= deadline)
				break;
			/* lws_service() sleeps until the next event; make sure
			 * the grace deadline is one */
			lws_sul_schedule(a->ctx, 0, &a->sul_grace, on_grace_timer,
			                 50 * LWS_US_PER_MS);
		}
	}
}

/* Release whatever app_init() set up, in reverse order; served says
 * whether the bridge ran (then the last stats are logged). */
static void app_cleanup(struct app *a, bool served)
{
	/* the Redis thread calls lws_cancel_service(): stop it before the
	 * context goes */
	br_redis_stop(a->redis);
	a->redis = NULL;
	while (a->backlog) {
		struct br_redis_item *n = a->backlog->next;
		br_redis_item_free(a->backlog);
		a->backlog = n;
	}
	signal_ctx = NULL;
	if (a->ctx) {
		lws_sul_cancel(&a->sul_order);
		lws_sul_cancel(&a->sul_stats);
		lws_sul_cancel(&a->sul_clients);
		lws_sul_cancel(&a->sul_grace);
		lws_context_destroy(a->ctx);   /* closes what is left: CLOSED frees clients */
	}
	if (a->hub) {
		if (served)
			log_stats(a);
		br_hub_free(a->hub);
	}
	for (size_t i = 0; i < a->norigins; i++)
		free(a->origins[i]);
	free(a->origins);
	if (a->cfg_loaded)
		qs_config_cleanup(&a->cfg);
	if (a->secret) {
		memset(a->secret, 0, a->secret_len);
		free(a->secret);
	}
}

int main(int argc, char **argv)
{
	struct app a;
	const char *conf = NULL;
	int opt;

	memset(&a, 0, sizeof a);
	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		switch (opt) {
		case 'c':
			conf = optarg;
			break;
		case 'h':
			usage(argv[0]);
			return 0;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (optind != argc) {
		usage(argv[0]);
		return 2;
	}
	bool served = app_init(&a, conf) == 0;
	if (served)
		app_run(&a);
	app_cleanup(&a, served);
	if (served)
		qs_log_info("ws_stopped", "status=0");
	return served ? 0 : 1;
}
