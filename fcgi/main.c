/* qstream-api: the FastCGI worker.
 *
 *   qstream-api [-c FILE]              serve (api_threads threads)
 *   qstream-api [-c FILE] --migrate    apply sql/migrations in order
 *   qstream-api [-c FILE] --demo-data  load the demo organisation (dev only)
 *   qstream-api [-c FILE] --create-admin USERNAME   (password on stdin)
 *   qstream-api [-c FILE] --check-config
 *   qstream-api [-c FILE] --alerts     the alert job (see alert_job.h)
 *
 * Each thread owns one PostgreSQL and one Redis connection for its life and
 * serves one request at a time; nothing is kept between requests. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "alert_job.h"
#include "cmd_admin.h"
#include "llm.h"
#include "ctx.h"
#include "migrate.h"
#include "qs_file.h"
#include "qs_log.h"
#include "qs_password.h"
#include "svc_auth.h"
#include "routes.h"

#include <errno.h>
#include <json-c/json.h>
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QS_SYSCONFDIR
#define QS_SYSCONFDIR "/etc/qstream"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

static int listen_fd = -1;
static volatile int stopping;

struct worker {
	pthread_t thread;
	struct qs_ctx ctx;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	FCGX_Request fcgx;
	struct qs_req req;

	if (FCGX_InitRequest(&fcgx, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return NULL;
	memset(&req, 0, sizeof req);
	req.fcgx = &fcgx;
	req.ctx = &w->ctx;

	while (!stopping) {
		if (FCGX_Accept_r(&fcgx) < 0)
			break;
		qs_dispatch(&req);
		FCGX_Finish_r(&fcgx);
		qs_req_reset(&req);
	}
	FCGX_Free(&fcgx, 1);
	return NULL;
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

static int serve(const struct qs_config *cfg)
{
	int rc = 1, nworkers = cfg->api_threads, started = 0;
	size_t openapi_len = 0;
	char *openapi = qs_file_read(cfg->openapi_file, &openapi_len);
	struct worker *workers = NULL;
	sigset_t stop_signals;

	unsigned char *secret = NULL;
	size_t secret_len = 0;
	char errbuf[512];

	if (!openapi) {
		fprintf(stderr, "qstream-api: openapi_file: cannot read %s: %s\n",
		        cfg->openapi_file, strerror(errno));
		return 1;
	}
	secret = qs_jwt_load_secret(cfg->jwt_secret_file, &secret_len, errbuf, sizeof errbuf);
	if (!secret) {
		fprintf(stderr, "qstream-api: refusing to start: %s\n", errbuf);
		free(openapi);
		return 1;
	}
	qs_password_init(cfg->password_hash_slots);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "qstream-api: FCGX_Init failed\n");
		goto out;
	}
	listen_fd = open_listener(cfg);
	if (listen_fd < 0) {
		fprintf(stderr, "qstream-api: api_listen: cannot listen on %s\n", cfg->api_listen);
		goto out;
	}

	/* signals are taken by the main thread only, with sigwait() */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	workers = calloc((size_t)nworkers, sizeof *workers);
	if (!workers)
		goto out;
	for (; started < nworkers; started++) {
		struct worker *w = &workers[started];
		w->ctx.cfg = cfg;
		w->ctx.openapi_text = openapi;
		w->ctx.openapi_len = openapi_len;
		w->ctx.jwt = (struct qs_jwt_keys){ secret, secret_len, QS_JWT_ISSUER, QS_JWT_AUDIENCE };
		qs_db_init(&w->ctx.db, cfg);
		qs_db_init_read(&w->ctx.db_read, cfg);
		qs_redis_init(&w->ctx.redis, cfg);
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
			break;
	}
	qs_log_info("started", "version=%s listen=%s threads=%d", PACKAGE_VERSION,
	            cfg->api_listen, started);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	qs_log_info("stopping", "signal=%d", sig);
	stopping = 1;
	FCGX_ShutdownPending();
	/* wakes the threads blocked in accept(); requests in flight finish */
	shutdown(listen_fd, SHUT_RDWR);
	for (int i = 0; i < started; i++) {
		pthread_join(workers[i].thread, NULL);
		qs_db_cleanup(&workers[i].ctx.db);
		qs_db_cleanup(&workers[i].ctx.db_read);
		qs_redis_cleanup(&workers[i].ctx.redis);
	}
	rc = 0;
	qs_log_info("stopped", "threads=%d", started);
out:
	if (listen_fd >= 0) {
		close(listen_fd);
		if (cfg->api_listen[0] == '/')
			unlink(cfg->api_listen);
	}
	free(workers);
	free(openapi);
	if (secret) {
		memset(secret, 0, secret_len);
		free(secret);
	}
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
