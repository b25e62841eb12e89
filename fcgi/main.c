/* qstream-api: the FastCGI worker.
 *
 *   qstream-api [-c FILE]              serve: a master and api_processes
 *                                      worker processes (master.h), each
 *                                      with its share of api_threads threads
 *                                      (api_processes = 0: one process)
 *   qstream-api [-c FILE] --migrate    apply sql/migrations in order
 *   qstream-api [-c FILE] --demo-data  load the demo organisation (dev only)
 *   qstream-api [-c FILE] --create-admin USERNAME   (password on stdin)
 *   qstream-api [-c FILE] --check-config
 *   qstream-api [-c FILE] --alerts     the alert job (see alert_job.h)
 *
 * Each thread owns one PostgreSQL and one Redis connection for its life and
 * serves one request at a time; nothing is kept between requests.  The other
 * modes run in one process, without a master. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "alert_job.h"
#include "cmd_admin.h"
#include "llm.h"
#include "ctx.h"
#include "master.h"
#include "metrics.h"
#include "migrate.h"
#include "qs_file.h"
#include "qs_log.h"
#include "qs_password.h"
#include "svc_auth.h"
#include "routes.h"

#include <errno.h>
#include <json-c/json.h>
#include <fcgiapp.h>
#include <linux/filter.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef QS_SYSCONFDIR
#define QS_SYSCONFDIR "/etc/qstream"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

static int listen_fd = -1;
static atomic_int stopping;

/* What every worker thread shares, read once before any fork. */
struct api {
	const struct qs_config *cfg;
	char *openapi;
	size_t openapi_len;
	unsigned char *secret;
	size_t secret_len;
	int threads;            /* in each process */
	int alone;              /* one process, no master */
};

struct worker {
	pthread_t thread;
	struct qs_ctx ctx;
	atomic_long in_accept;  /* since when (ms) inside FCGX_Accept_r; 0: not */
	atomic_int done;
};

static long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* accept() failing this many times in a row (100 ms apart) ends the thread */
#define ACCEPT_FAILURES_MAX 100
/* A thread waiting in accept() wakes this often (the listening socket's
 * SO_RCVTIMEO) to see whether the process is stopping.  libfcgi reads a
 * request's parameters inside FCGX_Accept_r() against the same timeout;
 * nginx sends them as soon as it is connected. */
#define ACCEPT_WAKE_MS 500
/* A connection waits in the listening socket's queue now. */
static int connection_queued(void)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* How long a stopping process goes on serving what is queued on its socket.
 * New connections are refused once the instance stops
 * (refuse_new_connections()), so the queue only empties; but a worker
 * stopped on its own (its master gone, or a signal to it alone) still gets
 * new ones, and under a load that keeps the queue full it would never end:
 * past this, what is still queued is reset when the socket closes. */
#define DRAIN_MS 3000
static atomic_long drain_until;
/* listen_fd is a TCP socket (api_listen host:port), not a Unix one */
static int listen_tcp;
static atomic_flag drain_cut_logged = ATOMIC_FLAG_INIT;

/* A stopping thread's last look: go on while connections are queued and
 * the drain has time left. */
static int keep_draining(void)
{
	if (monotonic_ms() >= atomic_load(&drain_until)) {
		if (!atomic_flag_test_and_set(&drain_cut_logged))
			qs_log_warn("stop_drain_cut", "drain_ms=%d queued=%d", DRAIN_MS,
			            connection_queued());
		return 0;
	}
	return connection_queued();
}

/* Serving threads of this process that have not ended. */
static atomic_int live_threads;

/* The last thread to end while stopping lets go of the socket at once,
 * right after its last look at the queue: a connection that reaches the
 * socket later is refused (nginx then tries another server), where one
 * queued until the process exits would be reset after nginx had sent it. */
static void thread_ended(void)
{
	if (atomic_fetch_sub(&live_threads, 1) == 1 && atomic_load(&stopping) && listen_fd >= 0) {
		int fd = listen_fd;
		listen_fd = -1;
		close(fd);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	FCGX_Request fcgx;
	struct qs_req req;
	int failures = 0;

	if (FCGX_InitRequest(&fcgx, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		thread_ended();
		atomic_store(&w->done, 1);
		return NULL;
	}
	memset(&req, 0, sizeof req);
	req.fcgx = &fcgx;
	req.ctx = &w->ctx;

	for (;;) {
		/* stopping: serve what is queued on the socket, then end (a
		 * connection left in the queue is reset when the socket closes,
		 * after nginx sent its request: a failure nginx cannot retry) */
		if (atomic_load(&stopping) && !keep_draining())
			break;
		atomic_store(&w->in_accept, monotonic_ms());
		int rc = FCGX_Accept_r(&fcgx);
		atomic_store(&w->in_accept, 0);
		if (rc < 0) {
			/* the socket's wake-up (ACCEPT_WAKE_MS) or a stray signal:
			 * look at `stopping` and wait again */
			if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR)
				continue;
			/* a real failure such as EMFILE: try again, but a socket that
			 * keeps failing ends the thread */
			if (++failures >= ACCEPT_FAILURES_MAX) {
				qs_log_error("accept_failed", "error=%d giving_up=1", -rc);
				break;
			}
			usleep(100000);
			continue;
		}
		failures = 0;
		/* a TCP connection inherited the listening socket's receive
		 * timeout (a Unix one did not): nothing else of a request is read
		 * against it */
		if (listen_tcp) {
			static const struct timeval no_timeout = { 0, 0 };
			setsockopt(fcgx.ipcFd, SOL_SOCKET, SO_RCVTIMEO, &no_timeout, sizeof no_timeout);
		}
		qs_dispatch(&req);
		FCGX_Finish_r(&fcgx);
		qs_req_reset(&req);
	}
	FCGX_Free(&fcgx, 1);
	thread_ended();
	atomic_store(&w->done, 1);
	return NULL;
}

static void on_wake(int sig)
{
	(void)sig; /* interrupts accept() (no SA_RESTART) */
}

/* The instance stops: new connections are refused from now on (nginx then
 * tries another server, or answers 502 for this one), while those already
 * queued on the socket stay there for the workers to serve.  A Unix socket
 * loses its path; a TCP one gets a filter that drops every packet reaching
 * the listener, so new SYNs go unanswered (the client's retry a second
 * later meets the closed port), while queued connections, sockets of their
 * own, are untouched.  Only for the whole instance: the socket is shared by
 * every worker process. */
static void refuse_new_connections(const struct qs_config *cfg)
{
	if (listen_fd < 0)
		return;
	if (!listen_tcp) {
		unlink(cfg->api_listen);
		return;
	}
	struct sock_filter drop[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = drop };
	if (setsockopt(listen_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0)
		qs_log_warn("refuse_connections_failed", "error=\"%s\"", strerror(errno));
}

/* The master's part of a stop (qs_master_run's on_stop): refuse new
 * connections, and let go of its copy of the socket, which no new worker
 * will need (held, the connections queued while the workers finish would
 * be reset when the master exits). */
static void master_stopping(void *arg)
{
	const struct api *api = arg;
	refuse_new_connections(api->cfg);
	if (listen_fd >= 0) {
		close(listen_fd);
		listen_fd = -1;
	}
}

/* One serving process: api->threads threads accepting on listen_fd until
 * SIGTERM or SIGINT; then the requests in flight finish, the connections
 * already queued on the socket are served (for up to DRAIN_MS), and it
 * returns 0.  Every thread opens its own PostgreSQL and Redis connections
 * at its first request, so nothing is shared across a fork.
 * Returns 1 when every thread ended by itself (the listening socket kept
 * failing): a master starts the process again. */
static int serve_process(void *arg)
{
	const struct api *api = arg;
	const struct qs_config *cfg = api->cfg;
	int nworkers = api->threads, started = 0, rc = 0;
	struct worker *workers;
	sigset_t stop_signals;
	struct sigaction sa;

	/* signals are taken by the main thread only, with sigtimedwait() */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_wake;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	workers = calloc((size_t)nworkers, sizeof *workers);
	if (!workers)
		return 1;
	for (; started < nworkers; started++) {
		struct worker *w = &workers[started];
		w->ctx.cfg = cfg;
		w->ctx.openapi_text = api->openapi;
		w->ctx.openapi_len = api->openapi_len;
		w->ctx.jwt = (struct qs_jwt_keys){ api->secret, api->secret_len, QS_JWT_ISSUER,
		                                   QS_JWT_AUDIENCE };
		qs_db_init(&w->ctx.db, cfg);
		qs_db_init_read(&w->ctx.db_read, cfg);
		qs_redis_init(&w->ctx.redis, cfg);
		atomic_fetch_add(&live_threads, 1);
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			atomic_fetch_sub(&live_threads, 1);
			break;
		}
	}
	qs_log_info("started", "version=%s listen=%s threads=%d pid=%ld", PACKAGE_VERSION,
	            cfg->api_listen, started, (long)getpid());

	for (;;) {
		struct timespec second = { 1, 0 };
		int sig = sigtimedwait(&stop_signals, NULL, &second);
		if (sig == SIGTERM || sig == SIGINT) {
			qs_log_info("stopping", "signal=%d", sig);
			break;
		}
		int done = 0;
		for (int i = 0; i < started; i++)
			done += atomic_load(&workers[i].done);
		if (done == started) {
			qs_log_error("no_threads_left", "threads=%d", started);
			rc = 1;
			break;
		}
	}
	if (api->alone)
		refuse_new_connections(cfg);
	atomic_store(&drain_until, monotonic_ms() + DRAIN_MS);
	atomic_store(&stopping, 1);
	/* Each thread now serves what is queued on the socket and ends when it
	 * finds the queue empty, or DRAIN_MS after the stop: a thread waiting
	 * in accept() sees `stopping` within ACCEPT_WAKE_MS, a thread serving a
	 * request finishes it and looks at the queue once more.  No signal
	 * wakes them: libfcgi also reads a request's parameters inside
	 * FCGX_Accept_r(), and a signal landing in that read breaks the request
	 * (nginx: "upstream prematurely closed connection"; seen in a rolling
	 * deploy under load).  Only a thread still inside it after three
	 * wake-ups (the socket's timeout did not work) gets one.  Not shutdown() on the socket: the other worker
	 * processes share it, and it would reset the queue.  Not
	 * FCGX_ShutdownPending() either: libfcgi then accepts nothing more.
	 * The last thread to end closes the socket (thread_ended()). */
	for (int left = started; left > 0;) {
		long now = monotonic_ms();
		int queued = -1;
		left = 0;
		for (int i = 0; i < started; i++) {
			if (atomic_load(&workers[i].done))
				continue;
			left++;
			long since = atomic_load(&workers[i].in_accept);
			if (since && now - since >= 3 * ACCEPT_WAKE_MS) {
				if (queued < 0)
					queued = connection_queued();
				if (!queued)
					pthread_kill(workers[i].thread, SIGUSR1);
			}
		}
		if (left)
			usleep(20000);
	}
	for (int i = 0; i < started; i++) {
		pthread_join(workers[i].thread, NULL);
		qs_db_cleanup(&workers[i].ctx.db);
		qs_db_cleanup(&workers[i].ctx.db_read);
		qs_redis_cleanup(&workers[i].ctx.redis);
	}
	qs_log_info("stopped", "threads=%d pid=%ld", started, (long)getpid());
	free(workers);
	return rc;
}

static int open_listener(const struct qs_config *cfg)
{
	const char *where = cfg->api_listen;
	if (where[0] == '/')
		unlink(where); /* a stale socket from a previous run */
	int fd = FCGX_OpenSocket(where, cfg->api_backlog);
	if (fd < 0)
		return -1;
	if (where[0] == '/' && chmod(where, 0660) != 0)
		qs_log_warn("chmod_failed", "path=%s error=\"%s\"", where, strerror(errno));
	return fd;
}

static int div_up(int a, int b)
{
	return (a + b - 1) / b;
}

/* Serve: the listening socket, then either api_processes worker processes
 * under a master (master.h), or with api_processes = 0 this process alone. */
static int serve(const struct qs_config *cfg)
{
	int rc = 1, procs = cfg->api_processes, opened = 0;
	struct api api = { .cfg = cfg };
	char errbuf[512];

	api.openapi = qs_file_read(cfg->openapi_file, &api.openapi_len);
	if (!api.openapi) {
		fprintf(stderr, "qstream-api: openapi_file: cannot read %s: %s\n",
		        cfg->openapi_file, strerror(errno));
		return 1;
	}
	api.secret = qs_jwt_load_secret(cfg->jwt_secret_file, &api.secret_len, errbuf,
	                                sizeof errbuf);
	if (!api.secret) {
		fprintf(stderr, "qstream-api: refusing to start: %s\n", errbuf);
		free(api.openapi);
		return 1;
	}
	/* api_threads and password_hash_slots are the instance's: each process
	 * takes its share */
	api.threads = procs > 0 ? div_up(cfg->api_threads, procs) : cfg->api_threads;
	qs_password_init(procs > 0 ? div_up(cfg->password_hash_slots, procs)
	                           : cfg->password_hash_slots);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "qstream-api: FCGX_Init failed\n");
		goto out;
	}
	listen_fd = open_listener(cfg);
	if (listen_fd < 0) {
		fprintf(stderr, "qstream-api: api_listen: cannot listen on %s\n", cfg->api_listen);
		goto out;
	}
	listen_tcp = cfg->api_listen[0] != '/';
	struct timeval wake = { 0, ACCEPT_WAKE_MS * 1000 };
	if (setsockopt(listen_fd, SOL_SOCKET, SO_RCVTIMEO, &wake, sizeof wake) != 0)
		qs_log_warn("accept_wake_unset", "error=\"%s\"", strerror(errno));
	opened = 1;
	if (procs == 0) {
		api.alone = 1;
		rc = serve_process(&api);
	} else {
		if (metrics_share() != 0)
			qs_log_warn("metrics_not_shared", "error=\"%s\"", strerror(errno));
		rc = qs_master_run(procs, serve_process, &api, master_stopping);
		if (rc == 0)
			qs_log_info("stopped", "processes=%d", procs);
	}
out:
	if (listen_fd >= 0)
		close(listen_fd);
	if (opened && cfg->api_listen[0] == '/')
		unlink(cfg->api_listen);
	free(api.openapi);
	memset(api.secret, 0, api.secret_len);
	free(api.secret);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: qstream-api [-c FILE] [--migrate | --demo-data | --check-config |\n"
	                "                    --create-admin USERNAME | --alerts]\n"
	                "  default config file: %s/qstream.conf; QSTREAM_<KEY> overrides\n",
	        QS_SYSCONFDIR);
}

int main(int argc, char **argv)
{
	const char *path = QS_SYSCONFDIR "/qstream.conf";
	int explicit_path = 0;
	const char *mode = "serve";
	const char *admin_name = NULL;
	struct qs_config cfg;
	char errbuf[512];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			path = argv[++i];
			explicit_path = 1;
		} else if (strcmp(argv[i], "--migrate") == 0) {
			mode = "migrate";
		} else if (strcmp(argv[i], "--demo-data") == 0) {
			mode = "demo";
		} else if (strcmp(argv[i], "--create-admin") == 0 && i + 1 < argc) {
			mode = "admin";
			admin_name = argv[++i];
		} else if (strcmp(argv[i], "--alerts") == 0) {
			mode = "alerts";
		} else if (strcmp(argv[i], "--check-config") == 0) {
			mode = "check";
		} else {
			usage();
			return 2;
		}
	}
	qs_llm_global_init();   /* before any thread */
	/* figures such as 0.8 or 4.33 are written so, not 0.80000000000000004 */
	json_c_set_serialization_double_format("%.15g", JSON_C_OPTION_GLOBAL);
	if (qs_config_load(&cfg, path, explicit_path, errbuf, sizeof errbuf)) {
		fprintf(stderr, "qstream-api: refusing to start: %s\n", errbuf);
		return 1;
	}
	if (strcmp(mode, "migrate") == 0)
		rc = qs_migrate(&cfg);
	else if (strcmp(mode, "demo") == 0)
		rc = qs_load_demo(&cfg);
	else if (strcmp(mode, "admin") == 0)
		rc = qs_create_admin(&cfg, admin_name);
	else if (strcmp(mode, "check") == 0)
		rc = 0;
	else if (strcmp(mode, "alerts") == 0)
		rc = qs_alert_job_run(&cfg);
	else
		rc = serve(&cfg);
	qs_config_cleanup(&cfg);
	return rc;
}
