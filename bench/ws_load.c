/* ws_load: WebSocket load for the bridge (bench/run.sh runs it).
 *
 *   ws_load latency <api_base> <ws_url> <sockets> <events> <service_id> <dept>
 *     prints "p50_ms p99_ms samples lost post_p50_ms post_p99_ms cpu_ms first_p50_ms
 *     first_p99_ms" (first: POST start until the first socket has the event):
 *     POST start -> event arrival, over every (event, socket) pair
 *   ws_load fanout <api_base> <ws_url> <sockets> <events> <service_id> <dept> <bridge_pid>
 *     prints "rss_before_kb rss_after_kb bytes_per_socket p50_ms p99_ms lost
 *             post_p50_ms post_p99_ms first_p50_ms first_p99_ms cpu_ms":
 *     the bridge's resident memory before and after the sockets joined, and
 *     POST start -> the LAST socket has the event
 *
 * The leading fields are those of the Node.js generator this replaces.  The
 * trailing ones split the time: post_* is POST start -> the API's complete
 * HTTP response (nginx, the API, PostgreSQL's commit and the publish to
 * Redis), first_* is POST start -> the FIRST socket has the event; from the
 * first socket to the last is the bridge's fan-out (plus this process
 * reading the frames, on the same cores).  cpu_ms is the CPU time this
 * process spent per event, its share of those cores.
 *
 * Every socket joins department:<dept>; tickets are taken by POSTing
 * {"service_id":N} to <api_base>/api/v1/tickets, one at a time, 20 ms apart.
 * An event counts as lost when some socket does not have it 5 s after its
 * POST started.  Frames are only searched for their type and seq, never
 * parsed: with 10,000 sockets, parsing would be most of what we measure.
 *
 * Which frame belongs to which POST: the department's seq is gapless (API.md:
 * clients treat a gap as lost events) and each ticket is one event, so once
 * the first ticket's seq is known, the e-th ticket's event carries that seq
 * plus e.  A frame that arrives after its event was given up is then not
 * mistaken for the next one.  The first seq is learnt from the first
 * ticket_created newer than what `joined` reported, because a bridge that
 * just started reports null there whatever the department's seq is.
 *
 * One thread, level-triggered epoll, non-blocking sockets, libc only: the
 * generator runs on the same two cores as everything it measures, so it
 * does no more than one recv() per readable socket and no allocation per
 * frame (and see spinning() for the one place it does not sleep).  Bounded: at most MAX_SOCKETS sockets and MAX_EVENTS events, every
 * wait has a deadline, and it only ever connects to 127.0.0.1 or ::1. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOCKETS      20000  /* loopback offers ~28,000 ports per destination */
#define MAX_EVENTS       10000
#define MAX_SAMPLES      5000000 /* latency mode keeps sockets x events doubles */
#define BATCH            250    /* sockets connecting at once, as a crowd of browsers would */
#define BATCH_TIMEOUT_MS 10000
#define SETTLE_MS        1000   /* let the bridge's allocations settle before its RSS is read */
#define EVENT_TIMEOUT_MS 5000
#define POST_TIMEOUT_MS  10000
#define GAP_MS           20
#define FD_RESERVE       64     /* epoll, the POST, stdio */
#define MAX_HANDSHAKE    4096   /* response headers, ours and the API's */
#define MAX_FRAME        65536  /* events are about 1 KB */
#define OUT_CAP          512    /* handshake, join, pings: all small */
#define READ_BUF         65536
#define EPOLL_BATCH      512
#define FAILURES_SHOWN   5
#define POST_TAG         UINT64_MAX /* epoll data of the POST; sockets use their index */

#define NS_PER_MS 1000000LL

enum { WS_CONT = 0x0, WS_TEXT = 0x1, WS_BINARY = 0x2, WS_CLOSE = 0x8, WS_PING = 0x9, WS_PONG = 0xa };

struct endpoint {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char host[64];          /* the Host header: "127.0.0.1:9200" */
	char path[256];
};

enum conn_state { C_CONNECTING, C_UPGRADING, C_JOINING, C_JOINED, C_DEAD };

struct conn {
	int fd;
	enum conn_state state;
	uint32_t armed;         /* the epoll events asked for */
	int64_t last_seq;       /* the newest event this socket counted */
	unsigned char *in;      /* an incomplete handshake or frame, kept for the next read */
	size_t in_len, in_cap;
	size_t out_len;         /* bytes the kernel did not take yet */
	unsigned char out[OUT_CAP];
};

enum post_state { P_IDLE, P_CONNECTING, P_SENDING, P_READING, P_DONE };

struct post {
	int fd;
	enum post_state state;
	int64_t t_done;
	char req[512];
	size_t req_len, req_off;
	char head[MAX_HANDSHAKE + 1];
	size_t head_len;
	bool head_done;
	long long body_left;    /* -1: until the server closes */
};

/* the ticket being measured */
struct event {
	size_t index;           /* the e-th ticket of the run */
	int64_t seq;            /* the seq its ticket_created carries; 0 until known */
	int64_t t0;             /* POST start */
	int64_t t_first, t_last;
	size_t got;             /* sockets that have it */
	bool open;              /* still waited for */
};

/* per event, in ms; -1 where there is nothing to measure */
struct series {
	double *v;
	size_t n;
};

struct load {
	bool latency;
	struct endpoint api, ws;
	int service_id, dept;
	size_t want;            /* sockets asked for */
	size_t nevents;
	int ep;
	struct conn *conns;
	size_t opened, joined, dead;
	int64_t joined_seq;     /* the newest seq `joined` reported; 0 for null */
	int64_t first_seq;      /* the seq of the run's first ticket; 0 until known */
	struct event ev;
	struct post post;
	struct series samples;  /* latency mode: every (event, socket) arrival */
	size_t unmatched;       /* ticket_created frames of no awaited event */
	unsigned failures_shown;
	unsigned char rbuf[READ_BUF];
};

/* --- small helpers ---------------------------------------------------- */

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ws_load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double ms_between(int64_t from, int64_t to)
{
	return (double)(to - from) / (double)NS_PER_MS;
}

static long parse_long(const char *s, long min, long max, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);

	if (errno || end == s || *end || v < min || v > max)
		die("%s must be an integer from %ld to %ld, not \"%s\"", what, min, max, s);
	return v;
}

static void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("getrandom: %s", strerror(errno));
		}
		p += r;
		n -= (size_t)r;
	}
}

static void base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0, i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
}

static bool contains(const unsigned char *p, size_t n, const char *needle)
{
	return memmem(p, n, needle, strlen(needle)) != NULL;
}

/* The number after the first "seq": of a frame: the top-level one, since the
 * bridge writes it before any nested object.  0 for null (nothing published
 * yet), -1 when there is none. */
static int64_t frame_seq(const unsigned char *p, size_t n)
{
	static const char key[] = "\"seq\":";
	const unsigned char *s = memmem(p, n, key, sizeof key - 1);

	if (!s)
		return -1;
	s += sizeof key - 1;
	const unsigned char *end = p + n;
	if (s < end && (*s < '0' || *s > '9'))
		return 0;
	int64_t v = 0;
	for (; s < end && *s >= '0' && *s <= '9' && v < INT64_MAX / 10; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* The value of header `name` in a NUL-terminated response head, or NULL. */
static const char *header_find(const char *head, const char *name)
{
	size_t nl = strlen(name);

	for (const char *line = strstr(head, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, name, nl) != 0 || h[nl] != ':')
			continue;
		h += nl + 1;
		while (*h == ' ' || *h == '\t')
			h++;
		return h;
	}
	return NULL;
}

static bool header_is(const char *head, const char *name, const char *value)
{
	const char *v = header_find(head, name);
	size_t vl = strlen(value);

	return v && strncasecmp(v, value, vl) == 0 && (v[vl] == '\r' || v[vl] == ' ');
}

/* --- endpoints: loopback only ----------------------------------------- */

static int set_loopback(struct endpoint *e, const char *host, int port)
{
	memset(&e->addr, 0, sizeof e->addr);
	if (strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0) {
		struct sockaddr_in *a = (struct sockaddr_in *)&e->addr;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		e->addrlen = sizeof *a;
		snprintf(e->host, sizeof e->host, "127.0.0.1:%d", port);
		return 0;
	}
	if (strcmp(host, "::1") == 0) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&e->addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		a->sin6_addr = in6addr_loopback;
		e->addrlen = sizeof *a;
		snprintf(e->host, sizeof e->host, "[::1]:%d", port);
		return 0;
	}
	return -1;
}

/* scheme://host[:port][/path], where host is 127.0.0.1, localhost or [::1]:
 * this opens thousands of connections and must never aim them elsewhere. */
static void parse_endpoint(const char *url, const char *scheme, struct endpoint *e)
{
	size_t sl = strlen(scheme);
	char host[64];
	const char *h, *p;

	if (strncmp(url, scheme, sl) != 0 || strncmp(url + sl, "://", 3) != 0)
		die("%s: expected a %s:// URL", url, scheme);
	h = url + sl + 3;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		if (!close || (size_t)(close - h - 1) >= sizeof host)
			die("%s: bad host", url);
		memcpy(host, h + 1, (size_t)(close - h - 1));
		host[close - h - 1] = '\0';
		p = close + 1;
	} else {
		size_t hl = strcspn(h, ":/");
		if (hl == 0 || hl >= sizeof host)
			die("%s: bad host", url);
		memcpy(host, h, hl);
		host[hl] = '\0';
		p = h + hl;
	}
	long port = 80;
	if (*p == ':') {
		char *end;
		port = strtol(p + 1, &end, 10);
		if (end == p + 1 || port < 1 || port > 65535)
			die("%s: bad port", url);
		p = end;
	}
	if (*p && *p != '/')
		die("%s: bad URL", url);
	if (snprintf(e->path, sizeof e->path, "%s", *p ? p : "/") >= (int)sizeof e->path)
		die("%s: path too long", url);
	if (set_loopback(e, host, (int)port))
		die("%s: only 127.0.0.1, localhost and [::1] are allowed", url);
}

/* --- the process ------------------------------------------------------ */

static void raise_nofile(rlim_t need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit: %s", strerror(errno));
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
		die("needs %ju open files but the hard limit is %ju (ulimit -Hn)",
		    (uintmax_t)need, (uintmax_t)rl.rlim_max);
	rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit(RLIMIT_NOFILE, %ju): %s", (uintmax_t)need, strerror(errno));
}

static long rss_kb(long pid)
{
	char path[64], line[256];
	long kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s (is the bridge's pid right?)", path, strerror(errno));
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	if (kb < 0)
		die("%s has no VmRSS", path);
	return kb;
}

static void ep_ctl(struct load *L, int op, int fd, uint32_t events, uint64_t tag)
{
	struct epoll_event ev = { .events = events, .data.u64 = tag };

	if (epoll_ctl(L->ep, op, fd, &ev))
		die("epoll_ctl: %s", strerror(errno));
}

/* --- WebSocket frames ------------------------------------------------- */

struct ws_frame {
	unsigned opcode;
	bool fin;
	const unsigned char *payload;
	size_t len;
};

/* One server frame at p: its total length, 0 when more bytes are needed, -1
 * when a server may not send it (masked, reserved bits set, a control frame
 * over 125 bytes or fragmented) or it is larger than MAX_FRAME. */
static ssize_t ws_frame_parse(const unsigned char *p, size_t n, struct ws_frame *f)
{
	size_t hdr = 2;
	uint64_t len;

	if (n < 2)
		return 0;
	if ((p[0] & 0x70) || (p[1] & 0x80))
		return -1;
	f->fin = p[0] & 0x80;
	f->opcode = p[0] & 0x0f;
	len = p[1] & 0x7f;
	if (len == 126) {
		if (n < 4)
			return 0;
		len = (uint64_t)p[2] << 8 | p[3];
		hdr = 4;
	} else if (len == 127) {
		if (n < 10)
			return 0;
		len = 0;
		for (int i = 0; i < 8; i++)
			len = len << 8 | p[2 + i];
		hdr = 10;
	}
	if ((f->opcode & 0x8) && (len > 125 || !f->fin))
		return -1;
	if (len > MAX_FRAME)
		return -1;
	if (n - hdr < len)
		return 0;
	f->payload = p + hdr;
	f->len = (size_t)len;
	return (ssize_t)(hdr + len);
}

/* A client frame, which must be masked (RFC 6455 5.3), into out: its length,
 * or 0 when it does not fit. */
static size_t ws_frame_build(unsigned char *out, size_t cap, unsigned opcode,
                             const void *payload, size_t len)
{
	const unsigned char *pl = payload;
	size_t hdr = len < 126 ? 6 : 8;

	if (len > 0xffff || hdr + len > cap)
		return 0;
	out[0] = (unsigned char)(0x80 | opcode);
	if (len < 126) {
		out[1] = (unsigned char)(0x80 | len);
	} else {
		out[1] = 0x80 | 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
	}
	unsigned char *key = out + hdr - 4;
	random_bytes(key, 4);
	for (size_t i = 0; i < len; i++)
		out[hdr + i] = pl[i] ^ key[i & 3];
	return hdr + len;
}

/* --- one WebSocket connection ----------------------------------------- */

static struct conn *conn_at(struct load *L, uint64_t tag)
{
	return &L->conns[tag];
}

static uint64_t conn_tag(const struct load *L, const struct conn *c)
{
	return (uint64_t)(c - L->conns);
}

static void conn_fail(struct load *L, struct conn *c, const char *fmt, ...)
{
	if (L->failures_shown < FAILURES_SHOWN) {
		va_list ap;
		va_start(ap, fmt);
		fprintf(stderr, "ws_load: socket %" PRIu64 ": ", conn_tag(L, c));
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
		if (++L->failures_shown == FAILURES_SHOWN)
			fputs("ws_load: (further socket failures are only counted)\n", stderr);
	}
	close(c->fd);
	c->fd = -1;
	free(c->in);
	c->in = NULL;
	c->in_len = c->in_cap = 0;
	c->state = C_DEAD;
	L->dead++;
}

/* Wait for writability only while output is pending: level-triggered
 * EPOLLOUT on an idle socket would wake us at once, every time. */
static void conn_arm(struct load *L, struct conn *c)
{
	uint32_t want = EPOLLIN | (c->out_len ? EPOLLOUT : 0);

	if (c->armed != want) {
		ep_ctl(L, EPOLL_CTL_MOD, c->fd, want, conn_tag(L, c));
		c->armed = want;
	}
}

static void conn_flush(struct load *L, struct conn *c)
{
	size_t off = 0;

	while (off < c->out_len) {
		ssize_t n = send(c->fd, c->out + off, c->out_len - off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			conn_fail(L, c, "send: %s", strerror(errno));
			return;
		}
		off += (size_t)n;
	}
	memmove(c->out, c->out + off, c->out_len - off);
	c->out_len -= off;
	conn_arm(L, c);
}

static void conn_send_frame(struct load *L, struct conn *c, unsigned opcode,
                            const void *payload, size_t len)
{
	size_t n = ws_frame_build(c->out + c->out_len, sizeof c->out - c->out_len,
	                          opcode, payload, len);
	if (n == 0) {
		conn_fail(L, c, "output buffer full");
		return;
	}
	c->out_len += n;
	conn_flush(L, c);
}

static void conn_send_text(struct load *L, struct conn *c, const char *text)
{
	conn_send_frame(L, c, WS_TEXT, text, strlen(text));
}

static void conn_open(struct load *L, struct conn *c)
{
	int fd = socket(L->ws.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	*c = (struct conn){ .fd = fd, .state = C_CONNECTING, .armed = EPOLLOUT };
	ep_ctl(L, EPOLL_CTL_ADD, fd, EPOLLOUT, conn_tag(L, c));
	if (connect(fd, (const struct sockaddr *)&L->ws.addr, L->ws.addrlen) && errno != EINPROGRESS)
		conn_fail(L, c, "connect: %s", strerror(errno));
}

static void conn_connected(struct load *L, struct conn *c)
{
	int err = 0;
	socklen_t len = sizeof err;
	unsigned char key[16];
	char key64[25];

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		conn_fail(L, c, "connect: %s", strerror(err ? err : errno));
		return;
	}
	/* no Origin: the bridge admits non-browser clients without one */
	random_bytes(key, sizeof key);
	base64(key, sizeof key, key64);
	int n = snprintf((char *)c->out, sizeof c->out,
	                 "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                 "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
	                 "Sec-WebSocket-Protocol: qstream\r\n\r\n",
	                 L->ws.path, L->ws.host, key64);
	if (n < 0 || (size_t)n >= sizeof c->out)
		die("the upgrade request does not fit in %d bytes", OUT_CAP);
	c->out_len = (size_t)n;
	c->state = C_UPGRADING;
	conn_flush(L, c);
}

/* The response head (hl bytes at p) accepted the upgrade: join the
 * department.  Sec-WebSocket-Accept is not checked: the peer is our own
 * bridge on loopback, and a wrong one would show as no frames at all. */
static void conn_upgraded(struct load *L, struct conn *c, const unsigned char *p, size_t hl)
{
	char head[MAX_HANDSHAKE + 1], join[96];

	if (hl > MAX_HANDSHAKE) {
		conn_fail(L, c, "upgrade response head over %d bytes", MAX_HANDSHAKE);
		return;
	}
	memcpy(head, p, hl);
	head[hl] = '\0';
	if (strncmp(head, "HTTP/1.1 101 ", 13) != 0) {
		conn_fail(L, c, "upgrade refused: %.*s", (int)strcspn(head, "\r\n"), head);
		return;
	}
	if (!header_is(head, "Upgrade", "websocket") ||
	    !header_is(head, "Sec-WebSocket-Protocol", "qstream")) {
		conn_fail(L, c, "the 101 response lacks Upgrade: websocket or Sec-WebSocket-Protocol: qstream");
		return;
	}
	c->state = C_JOINING;
	snprintf(join, sizeof join, "{\"type\":\"join\",\"channel\":\"department:%d\"}", L->dept);
	conn_send_text(L, c, join);
}

/* A ticket_created frame: count it for the open event, once per socket. */
static void event_arrival(struct load *L, struct conn *c, int64_t seq, int64_t now)
{
	struct event *ev = &L->ev;

	if (ev->open && ev->seq == 0 && seq > L->joined_seq) {
		ev->seq = seq;
		L->first_seq = seq - (int64_t)ev->index;
	}
	if (!ev->open || seq != ev->seq || c->last_seq >= seq) {
		L->unmatched++;
		return;
	}
	c->last_seq = seq;
	if (ev->got++ == 0)
		ev->t_first = now;
	ev->t_last = now;
	if (L->latency && L->samples.n < MAX_SAMPLES)
		L->samples.v[L->samples.n++] = ms_between(ev->t0, now);
}

static void conn_text(struct load *L, struct conn *c, const unsigned char *p, size_t n, int64_t now)
{
	/* the bridge's heartbeat: answer as a browser would, or a socket silent
	 * for two heartbeats (50 s) is closed in the middle of a long run */
	if (contains(p, n, "\"type\":\"ping\"")) {
		conn_send_text(L, c, "{\"type\":\"ping\"}");
		return;
	}
	if (c->state == C_JOINING) {
		if (contains(p, n, "\"type\":\"joined\"")) {
			c->last_seq = frame_seq(p, n);
			if (c->last_seq > L->joined_seq)
				L->joined_seq = c->last_seq;
			c->state = C_JOINED;
			L->joined++;
		} else if (contains(p, n, "\"type\":\"error\"")) {
			conn_fail(L, c, "join refused: %.*s", (int)(n < 200 ? n : 200), (const char *)p);
		}
		return;
	}
	if (c->state == C_JOINED && contains(p, n, "\"type\":\"ticket_created\""))
		event_arrival(L, c, frame_seq(p, n), now);
}

static void conn_frame(struct load *L, struct conn *c, const struct ws_frame *f, int64_t now)
{
	switch (f->opcode) {
	case WS_TEXT:
	case WS_CONT:
		/* the bridge writes each message as one frame, and a type split
		 * across two would not be found */
		if (!f->fin || f->opcode == WS_CONT) {
			conn_fail(L, c, "fragmented message");
			return;
		}
		conn_text(L, c, f->payload, f->len, now);
		return;
	case WS_PING:
		conn_send_frame(L, c, WS_PONG, f->payload, f->len);
		return;
	case WS_PONG:
	case WS_BINARY:
		return;
	case WS_CLOSE: {
		unsigned code = f->len >= 2 ? (unsigned)f->payload[0] << 8 | f->payload[1] : 1005;
		conn_fail(L, c, "closed by the bridge, code %u", code);
		return;
	}
	default:
		conn_fail(L, c, "unexpected opcode %u", f->opcode);
		return;
	}
}

/* Handles what n bytes at p complete; returns the bytes used, the rest being
 * an incomplete head or frame, or -1 when the socket failed. */
static ssize_t conn_consume(struct load *L, struct conn *c, const unsigned char *p, size_t n,
                           int64_t now)
{
	size_t off = 0;

	if (c->state == C_UPGRADING) {
		const unsigned char *end = memmem(p, n, "\r\n\r\n", 4);
		if (!end) {
			if (n > MAX_HANDSHAKE) {
				conn_fail(L, c, "upgrade response head over %d bytes", MAX_HANDSHAKE);
				return -1;
			}
			return 0;
		}
		off = (size_t)(end - p) + 4;
		conn_upgraded(L, c, p, off);
	}
	while (off < n && c->state != C_DEAD) {
		struct ws_frame f;
		ssize_t len = ws_frame_parse(p + off, n - off, &f);
		if (len == 0)
			break;
		if (len < 0) {
			conn_fail(L, c, "a frame the bridge may not send, or over %d bytes", MAX_FRAME);
			break;
		}
		conn_frame(L, c, &f, now);
		off += (size_t)len;
	}
	return c->state == C_DEAD ? -1 : (ssize_t)off;
}

static int conn_keep(struct conn *c, const unsigned char *p, size_t n)
{
	if (c->in_len + n > c->in_cap) {
		size_t cap = c->in_len + n < 1024 ? 1024 : c->in_len + n;
		unsigned char *in = realloc(c->in, cap);
		if (!in)
			return -1;
		c->in = in;
		c->in_cap = cap;
	}
	memcpy(c->in + c->in_len, p, n);
	c->in_len += n;
	return 0;
}

/* One recv() per wake-up: frames are read straight from the shared buffer,
 * and only a partial one is copied to the socket's own. */
static void conn_readable(struct load *L, struct conn *c)
{
	ssize_t r = recv(c->fd, L->rbuf, sizeof L->rbuf, 0);

	if (r < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			conn_fail(L, c, "recv: %s", strerror(errno));
		return;
	}
	if (r == 0) {
		conn_fail(L, c, "closed by the bridge without a close frame");
		return;
	}
	int64_t now = now_ns();
	const unsigned char *p = L->rbuf;
	size_t n = (size_t)r;
	if (c->in_len > 0) {
		if (conn_keep(c, p, n)) {
			conn_fail(L, c, "out of memory");
			return;
		}
		p = c->in;
		n = c->in_len;
	}
	ssize_t used = conn_consume(L, c, p, n, now);
	if (used < 0)
		return;
	size_t rest = n - (size_t)used;
	if (p == c->in) {
		memmove(c->in, c->in + used, rest);
		c->in_len = rest;
	} else if (rest > 0 && conn_keep(c, p + used, rest)) {
		conn_fail(L, c, "out of memory");
	}
}

static void conn_io(struct load *L, struct conn *c, uint32_t events)
{
	if (c->state == C_DEAD)
		return;
	if (c->state == C_CONNECTING) {
		conn_connected(L, c);
		return;
	}
	if (events & EPOLLOUT)
		conn_flush(L, c);
	if (c->state != C_DEAD && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		conn_readable(L, c);
}

/* --- the POST that takes a ticket ------------------------------------- */

static void post_start(struct load *L)
{
	struct post *P = &L->post;
	char body[64];
	int bl = snprintf(body, sizeof body, "{\"service_id\":%d}", L->service_id);
	const char *base = strcmp(L->api.path, "/") == 0 ? "" : L->api.path;
	size_t baselen = strlen(base);

	if (baselen > 0 && base[baselen - 1] == '/')
		baselen--;
	*P = (struct post){ .state = P_CONNECTING, .body_left = -1 };
	int n = snprintf(P->req, sizeof P->req,
	                 "POST %.*s/api/v1/tickets HTTP/1.1\r\nHost: %s\r\n"
	                 "Content-Type: application/json\r\nContent-Length: %d\r\n"
	                 "Connection: close\r\n\r\n%s",
	                 (int)baselen, base, L->api.host, bl, body);
	if (n < 0 || (size_t)n >= sizeof P->req)
		die("the POST request does not fit in %zu bytes", sizeof P->req);
	P->req_len = (size_t)n;
	P->fd = socket(L->api.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (P->fd < 0)
		die("socket: %s", strerror(errno));
	ep_ctl(L, EPOLL_CTL_ADD, P->fd, EPOLLOUT, POST_TAG);
	if (connect(P->fd, (const struct sockaddr *)&L->api.addr, L->api.addrlen) &&
	    errno != EINPROGRESS)
		die("POST: connect to %s: %s", L->api.host, strerror(errno));
}

static void post_finish(struct load *L)
{
	struct post *P = &L->post;

	P->t_done = now_ns();
	close(P->fd);
	P->fd = -1;
	P->state = P_DONE;
}

static void post_send(struct load *L)
{
	struct post *P = &L->post;

	while (P->req_off < P->req_len) {
		ssize_t n = send(P->fd, P->req + P->req_off, P->req_len - P->req_off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			die("POST: send: %s", strerror(errno));
		}
		P->req_off += (size_t)n;
	}
	P->state = P_READING;
	ep_ctl(L, EPOLL_CTL_MOD, P->fd, EPOLLIN, POST_TAG);
}

/* The head is complete: a 2xx, and how much body is still to come. */
static void post_head(struct post *P, size_t hl)
{
	char status[128];

	P->head_done = true;
	snprintf(status, sizeof status, "%.*s", (int)strcspn(P->head, "\r\n"), P->head);
	if (strncmp(P->head, "HTTP/1.", 7) != 0 || P->head[9] != '2')
		die("POST /api/v1/tickets answered \"%s\": %.200s", status, P->head + hl);
	const char *cl = header_find(P->head, "Content-Length");
	if (cl)
		P->body_left = strtoll(cl, NULL, 10) - (long long)(P->head_len - hl);
}

static void post_recv(struct load *L)
{
	struct post *P = &L->post;
	char *buf = P->head_done ? (char *)L->rbuf : P->head + P->head_len;
	size_t cap = P->head_done ? sizeof L->rbuf : MAX_HANDSHAKE - P->head_len;
	ssize_t n = recv(P->fd, buf, cap, 0);

	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		die("POST: recv: %s", strerror(errno));
	}
	if (n == 0) {
		if (!P->head_done)
			die("POST: the connection closed before a response");
		post_finish(L);
		return;
	}
	if (P->head_done) {
		P->body_left -= P->body_left >= 0 ? n : 0;
	} else {
		P->head_len += (size_t)n;
		P->head[P->head_len] = '\0';
		char *end = strstr(P->head, "\r\n\r\n");
		if (!end && P->head_len == MAX_HANDSHAKE)
			die("POST: response head over %d bytes", MAX_HANDSHAKE);
		if (end)
			post_head(P, (size_t)(end - P->head) + 4);
	}
	/* the response is complete when its Content-Length is in: closing the
	 * connection is not part of what we time */
	if (P->head_done && P->body_left == 0)
		post_finish(L);
}

static void post_io(struct load *L, uint32_t events)
{
	struct post *P = &L->post;

	if (P->state == P_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof err;
		if (getsockopt(P->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
			die("POST: connect to %s: %s", L->api.host, strerror(err ? err : errno));
		P->state = P_SENDING;
	}
	if (P->state == P_SENDING && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
		post_send(L);
	else if (P->state == P_READING)
		post_recv(L);
}

/* --- the loop --------------------------------------------------------- */

typedef bool (*until_fn)(const struct load *L);

/* While an event is half delivered, fan-out mode polls without sleeping.  On
 * loopback the bridge's send() also queues the data at the reader and wakes
 * it: a generator asleep in epoll_wait makes the bridge's sends pay for
 * wake-ups that remote clients never cost it.  Measured on the 2-core VM:
 * 10,000 sends took the bridge 100-120 ms of CPU or, in about half the runs,
 * 190-240 ms, and never the latter with polling.  Not in latency mode: its
 * frames go through nginx, which needs that core. */
static bool spinning(const struct load *L)
{
	return !L->latency && L->ev.open && L->ev.got > 0 && L->ev.got < L->want;
}

/* Serves every socket until done(L) holds (true) or the deadline passes
 * (false); with done NULL, simply until the deadline. */
static bool serve_until(struct load *L, int64_t deadline, until_fn done)
{
	struct epoll_event evs[EPOLL_BATCH];

	while (!(done && done(L))) {
		int64_t left = deadline - now_ns();
		if (left <= 0)
			return false;
		int ms = spinning(L) ? 0 : (int)((left + NS_PER_MS - 1) / NS_PER_MS);
		int n = epoll_wait(L->ep, evs, EPOLL_BATCH, ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait: %s", strerror(errno));
		}
		for (int i = 0; i < n; i++) {
			if (evs[i].data.u64 == POST_TAG)
				post_io(L, evs[i].events);
			else
				conn_io(L, conn_at(L, evs[i].data.u64), evs[i].events);
		}
	}
	return true;
}

static bool batch_settled(const struct load *L)
{
	return L->joined + L->dead == L->opened;
}

static bool post_done(const struct load *L)
{
	return L->post.state == P_DONE;
}

static bool event_settled(const struct load *L)
{
	return L->ev.got == L->want && post_done(L);
}

/* BATCH at a time, each batch joined before the next starts: the bridge's
 * listen backlog and accept loop see a crowd, not a SYN flood. */
static void connect_all(struct load *L)
{
	int64_t t0 = now_ns();

	while (L->opened < L->want) {
		size_t end = L->opened + BATCH < L->want ? L->opened + BATCH : L->want;
		while (L->opened < end)
			conn_open(L, &L->conns[L->opened++]);
		serve_until(L, now_ns() + BATCH_TIMEOUT_MS * NS_PER_MS, batch_settled);
		if (L->joined < L->opened)
			die("%zu of %zu sockets did not join department:%d within %d s (%zu failed)",
			    L->opened - L->joined, L->opened, L->dept, BATCH_TIMEOUT_MS / 1000, L->dead);
	}
	fprintf(stderr, "ws_load: %zu sockets joined department:%d in %.1f s (seq %" PRId64 ")\n",
	        L->joined, L->dept, ms_between(t0, now_ns()) / 1000, L->joined_seq);
}

/* Takes ticket e and waits for its event; records the times of the POST,
 * the first and the last socket (-1: not every socket had it in time). */
static void measure_event(struct load *L, size_t e, double *post, double *first, double *last)
{
	struct event *ev = &L->ev;

	*ev = (struct event){ .index = e, .seq = L->first_seq ? L->first_seq + (int64_t)e : 0,
	                      .t0 = now_ns(), .open = true };
	post_start(L);
	serve_until(L, ev->t0 + EVENT_TIMEOUT_MS * NS_PER_MS, event_settled);
	ev->open = false;
	if (!serve_until(L, ev->t0 + POST_TIMEOUT_MS * NS_PER_MS, post_done))
		die("POST /api/v1/tickets: no complete response within %d s", POST_TIMEOUT_MS / 1000);
	*post = ms_between(ev->t0, L->post.t_done);
	*first = ev->got ? ms_between(ev->t0, ev->t_first) : -1;
	*last = ev->got == L->want ? ms_between(ev->t0, ev->t_last) : -1;
}

/* --- results ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts s in place; writes the p-quantile of its non-negative values as the
 * Node generator did (the value at floor(n * p)), or "n/a". */
static void percentile(struct series *s, double p, char *out, size_t outlen)
{
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	size_t skip = 0;
	while (skip < s->n && s->v[skip] < 0)
		skip++;
	size_t n = s->n - skip;
	if (n == 0) {
		snprintf(out, outlen, "n/a");
		return;
	}
	size_t i = (size_t)((double)n * p);
	snprintf(out, outlen, "%.1f", s->v[skip + (i < n ? i : n - 1)]);
}

static size_t count_lost(const struct series *last)
{
	size_t lost = 0;

	for (size_t i = 0; i < last->n; i++)
		lost += last->v[i] < 0;
	return lost;
}

static struct series series_new(size_t n)
{
	struct series s = { calloc(n ? n : 1, sizeof(double)), 0 };

	if (!s.v)
		die("out of memory for %zu samples", n);
	return s;
}

/* This process's CPU time in ms: it shares the cores with what it measures,
 * so the report says how much it took. */
static double cpu_ms(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

/* --- main ------------------------------------------------------------- */

static _Noreturn void usage(void)
{
	fputs("usage: ws_load latency <api_base> <ws_url> <sockets> <events> <service_id> <dept>\n"
	      "       ws_load fanout <api_base> <ws_url> <sockets> <events> <service_id> <dept> <bridge_pid>\n",
	      stderr);
	exit(2);
}

static void parse_args(struct load *L, int argc, char **argv, long *pid)
{
	if (argc < 8)
		usage();
	if (strcmp(argv[1], "latency") == 0 && argc == 8)
		L->latency = true;
	else if (strcmp(argv[1], "fanout") != 0 || argc != 9)
		usage();
	parse_endpoint(argv[2], "http", &L->api);
	parse_endpoint(argv[3], "ws", &L->ws);
	L->want = (size_t)parse_long(argv[4], 1, MAX_SOCKETS, "sockets");
	L->nevents = (size_t)parse_long(argv[5], 1, MAX_EVENTS, "events");
	L->service_id = (int)parse_long(argv[6], 1, INT32_MAX, "service_id");
	L->dept = (int)parse_long(argv[7], 1, INT32_MAX, "dept");
	*pid = L->latency ? 0 : parse_long(argv[8], 1, INT32_MAX, "bridge_pid");
	if (L->latency && L->want * L->nevents > MAX_SAMPLES)
		die("sockets x events must stay within %d samples", MAX_SAMPLES);
}

static void close_all(struct load *L)
{
	for (size_t i = 0; i < L->opened; i++) {
		if (L->conns[i].state != C_DEAD)
			close(L->conns[i].fd);
		free(L->conns[i].in);
	}
	free(L->conns);
	close(L->ep);
}

int main(int argc, char **argv)
{
	struct load *L = calloc(1, sizeof *L);
	long pid, before = 0, after = 0;

	if (!L)
		die("out of memory");
	parse_args(L, argc, argv, &pid);
	raise_nofile((rlim_t)(L->want + FD_RESERVE));
	L->ep = epoll_create1(EPOLL_CLOEXEC);
	if (L->ep < 0)
		die("epoll_create1: %s", strerror(errno));
	L->conns = calloc(L->want, sizeof *L->conns);
	if (!L->conns)
		die("out of memory for %zu sockets", L->want);
	if (L->latency)
		L->samples = series_new(L->want * L->nevents);

	if (pid)
		before = rss_kb(pid);
	connect_all(L);
	serve_until(L, now_ns() + SETTLE_MS * NS_PER_MS, NULL);
	if (pid)
		after = rss_kb(pid);

	struct series post = series_new(L->nevents), first = series_new(L->nevents),
		      last = series_new(L->nevents);
	double cpu0 = cpu_ms();
	for (size_t e = 0; e < L->nevents; e++) {
		measure_event(L, e, &post.v[e], &first.v[e], &last.v[e]);
		post.n = first.n = last.n = e + 1;
		serve_until(L, now_ns() + GAP_MS * NS_PER_MS, NULL);
	}
	double cpu = (cpu_ms() - cpu0) / (double)L->nevents;
	if (L->dead || L->unmatched)
		fprintf(stderr, "ws_load: %zu sockets closed during the run; %zu ticket_created frames "
		        "of no awaited event\n", L->dead, L->unmatched);

	char p50[32], p99[32], post50[32], post99[32];
	size_t lost = count_lost(&last);
	percentile(&post, 0.50, post50, sizeof post50);
	percentile(&post, 0.99, post99, sizeof post99);
	if (L->latency) {
		char f50[32], f99[32];
		percentile(&L->samples, 0.50, p50, sizeof p50);
		percentile(&L->samples, 0.99, p99, sizeof p99);
		percentile(&first, 0.50, f50, sizeof f50);
		percentile(&first, 0.99, f99, sizeof f99);
		printf("%s %s %zu %zu %s %s %.1f %s %s\n", p50, p99, L->samples.n, lost, post50, post99,
		       cpu, f50, f99);
	} else {
		char f50[32], f99[32];
		percentile(&last, 0.50, p50, sizeof p50);
		percentile(&last, 0.99, p99, sizeof p99);
		percentile(&first, 0.50, f50, sizeof f50);
		percentile(&first, 0.99, f99, sizeof f99);
		double per = (double)(after - before) * 1024.0 / (double)L->want;
		printf("%ld %ld %.0f %s %s %zu %s %s %s %s %.1f\n", before, after, per, p50, p99, lost,
		       post50, post99, f50, f99, cpu);
	}
	close_all(L);
	free(post.v);
	free(first.v);
	free(last.v);
	free(L->samples.v);
	free(L);
	return 0;
}
