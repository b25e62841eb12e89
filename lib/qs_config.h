/* qs_config: the one configuration struct of QStream, loaded once at start.
 *
 * Sources, later wins: built-in defaults, the file (`key = value` lines,
 * `#` comments), then QSTREAM_<KEY> environment variables (key upper-cased).
 * Loading checks every value; on failure it names the bad key in errbuf and
 * the process must refuse to start. */
#ifndef QS_CONFIG_H
#define QS_CONFIG_H

#include <stddef.h>

struct qs_config {
	/* PostgreSQL (libpq conninfo string) */
	char *db_conninfo;
	int db_connect_timeout_s;
	int db_statement_timeout_ms;
	char *db_read_conninfo;         /* a replica for reports; empty: none */
	int db_read_max_lag_ms;         /* a replica further behind is not read */
	/* Redis */
	char *redis_host;
	int redis_port;
	int redis_timeout_ms;
	/* qstream-api */
	char *api_listen;       /* unix socket path, or host:port */
	int api_threads;        /* of the instance, shared out among its processes */
	int api_processes;      /* worker processes under a master; 0: one, no master */
	int api_backlog;
	int body_limit;         /* bytes */
	char *public_url;       /* base of track_url, e.g. https://queue.example.org */
	char *openapi_file;
	char *sql_dir;          /* migrations/ and demo.sql live here */
	char *jwt_secret_file;
	int access_token_ttl_s;
	int refresh_token_ttl_s;
	int login_max_failures_user;    /* per username, per window */
	int login_max_failures_addr;    /* per client address, per window */
	int login_window_s;
	int password_hash_slots;        /* concurrent Argon2id hashes */
	/* the alert job (qstream-api --alerts) */
	int alert_interval_s;   /* how often alerts are evaluated */
	int alert_idle_s;       /* an open counter idle this long while people wait */
	/* the assistant */
	int assistant_questions_per_minute;     /* per user */
	char *assistant_model_url;      /* OpenAI-compatible chat completions URL; "" none */
	char *assistant_model;
	char *assistant_api_key_file;   /* "" none */
	int assistant_model_timeout_ms;
	/* qstream-wsbridge */
	char *ws_host;
	int ws_port;
	char *metrics_allow;    /* who may read /metrics besides loopback: addresses, CIDRs */
	char *ws_origins;       /* comma-separated allow-list; empty allows any */
	int ws_max_sockets;
	/* both */
	char *log_level;        /* debug, info, warn, error */
};

/* Fill cfg from defaults, path (NULL: no file; a missing file is an error
 * only when must_exist) and the environment.  Returns 0, or -1 with a message
 * naming the bad key in errbuf.  Free with qs_config_cleanup(). */
int qs_config_load(struct qs_config *cfg, const char *path, int must_exist,
                   char *errbuf, size_t errlen);
void qs_config_cleanup(struct qs_config *cfg);

#endif
