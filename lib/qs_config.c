/* qs_config: defaults, file, environment; every value checked (qs_config.h). */
#include "qs_config.h"
#include "qs_log.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_STR, OPT_INT };

struct opt {
	const char *key;
	enum opt_type type;
	size_t offset;
	const char *def;
	long min, max;          /* OPT_INT range; OPT_STR: min 1 = must be non-empty */
};

#define S(k, d, ne) { #k, OPT_STR, offsetof(struct qs_config, k), d, ne, 0 }
#define I(k, d, lo, hi) { #k, OPT_INT, offsetof(struct qs_config, k), #d, lo, hi }

/* The table is the documentation of every key: conf/qstream.conf.example
 * lists the same keys. */
static const struct opt opts[] = {
	S(db_conninfo, "dbname=qstream", 1),
	I(db_connect_timeout_s, 3, 1, 60),
	I(db_statement_timeout_ms, 5000, 100, 600000),
	S(db_read_conninfo, "", 0),
	I(db_read_max_lag_ms, 5000, 0, 3600000),
	S(redis_host, "127.0.0.1", 1),
	I(redis_port, 6379, 1, 65535),
	I(redis_timeout_ms, 500, 10, 60000),
	S(api_listen, "/run/qstream/api.sock", 1),
	I(api_threads, 8, 1, 256),
	I(api_processes, 2, 0, 64),
	I(api_backlog, 128, 1, 65535),
	I(body_limit, 16384, 1024, 1048576),
	S(public_url, "http://127.0.0.1:8080", 1),
	S(openapi_file, QS_DATADIR "/openapi.json", 1),
	S(sql_dir, QS_DATADIR "/sql", 1),
	S(jwt_secret_file, QS_SYSCONFDIR "/jwt.secret", 1),
	I(access_token_ttl_s, 900, 60, 86400),
	I(refresh_token_ttl_s, 1209600, 3600, 7776000),
	I(login_max_failures_user, 5, 1, 1000),
	I(login_max_failures_addr, 30, 1, 100000),
	I(login_window_s, 900, 10, 86400),
	I(password_hash_slots, 4, 1, 64),
	I(alert_interval_s, 15, 1, 3600),
	I(alert_idle_s, 120, 1, 86400),
	I(assistant_questions_per_minute, 30, 1, 10000),
	S(assistant_model_url, "", 0),
	S(assistant_model, "", 0),
	S(assistant_api_key_file, "", 0),
	I(assistant_model_timeout_ms, 5000, 100, 60000),
	S(ws_host, "127.0.0.1", 1),
	I(ws_port, 8081, 1, 65535),
	S(ws_origins, "", 0),
	I(ws_max_sockets, 20000, 16, 1000000),
	S(log_level, "info", 1),
	S(metrics_allow, "", 0),
};
#define NOPTS (sizeof opts / sizeof opts[0])

static const struct opt *find_opt(const char *key)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].key, key) == 0)
			return &opts[i];
	return NULL;
}

static int set_opt(struct qs_config *cfg, const struct opt *o, const char *val,
                   const char *origin, char *errbuf, size_t errlen)
{
	char *base = (char *)cfg;

	if (o->type == OPT_STR) {
		if (o->min && *val == '\0') {
			snprintf(errbuf, errlen, "%s: %s must not be empty", origin, o->key);
			return -1;
		}
		char *copy = strdup(val);
		if (!copy) {
			snprintf(errbuf, errlen, "out of memory");
			return -1;
		}
		char **slot = (char **)(base + o->offset);
		free(*slot);
		*slot = copy;
		return 0;
	}

	char *end;
	errno = 0;
	long v = strtol(val, &end, 10);
	if (errno || end == val || *end != '\0' || v < o->min || v > o->max) {
		snprintf(errbuf, errlen, "%s: %s must be an integer from %ld to %ld",
		         origin, o->key, o->min, o->max);
		return -1;
	}
	*(int *)(base + o->offset) = (int)v;
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int load_file(struct qs_config *cfg, const char *path, int must_exist,
                     char *errbuf, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		snprintf(errbuf, errlen, "cannot read config file %s: %s", path,
		         strerror(errno));
		return -1;
	}

	char line[4096];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		char origin[300];
		lineno++;
		snprintf(origin, sizeof origin, "%s:%d", path, lineno);
		char *p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			snprintf(errbuf, errlen, "%s: expected key = value", origin);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(p), *val = trim(eq + 1);
		const struct opt *o = find_opt(key);
		if (!o) {
			snprintf(errbuf, errlen, "%s: unknown key %s", origin, key);
			rc = -1;
			break;
		}
		if (set_opt(cfg, o, val, origin, errbuf, errlen)) {
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

static int load_env(struct qs_config *cfg, char *errbuf, size_t errlen)
{
	for (size_t i = 0; i < NOPTS; i++) {
		char name[64] = "QSTREAM_";
		size_t n = strlen(name);
		for (const char *k = opts[i].key; *k && n + 1 < sizeof name; k++)
			name[n++] = (char)toupper((unsigned char)*k);
		name[n] = '\0';
		const char *val = getenv(name);
		if (val && set_opt(cfg, &opts[i], val, name, errbuf, errlen))
			return -1;
	}
	return 0;
}

int qs_config_load(struct qs_config *cfg, const char *path, int must_exist,
                   char *errbuf, size_t errlen)
{
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NOPTS; i++)
		if (set_opt(cfg, &opts[i], opts[i].def, "default", errbuf, errlen))
			goto fail;
	if (path && load_file(cfg, path, must_exist, errbuf, errlen))
		goto fail;
	if (load_env(cfg, errbuf, errlen))
		goto fail;
	if (cfg->api_processes > cfg->api_threads) {
		snprintf(errbuf, errlen, "api_processes (%d) must not exceed api_threads (%d): each "
		         "worker process takes its share of api_threads", cfg->api_processes,
		         cfg->api_threads);
		goto fail;
	}
	if (qs_log_set_level(cfg->log_level)) {
		snprintf(errbuf, errlen, "log_level must be debug, info, warn or error");
		goto fail;
	}
	return 0;
fail:
	qs_config_cleanup(cfg);
	return -1;
}

void qs_config_cleanup(struct qs_config *cfg)
{
	for (size_t i = 0; i < NOPTS; i++) {
		if (opts[i].type == OPT_STR) {
			char **slot = (char **)((char *)cfg + opts[i].offset);
			free(*slot);
			*slot = NULL;
		}
	}
}
