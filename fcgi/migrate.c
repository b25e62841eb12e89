/* migrate: schema migrations and demo data (migrate.h). */
#include "migrate.h"
#include "qs_db.h"
#include "qs_file.h"
#include "qs_log.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A migration file is NNN_name.sql. */
static int is_migration(const char *name)
{
	size_t n = strlen(name);
	return n > 8 && name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' &&
	       name[2] >= '0' && name[2] <= '9' && name[3] == '_' &&
	       strcmp(name + n - 4, ".sql") == 0;
}

static int applied(struct qs_db *db, const char *version, struct qs_err *err, int *yes)
{
	static struct qs_stmt st =
		QS_STMT("SELECT 1 FROM schema_migrations WHERE version = $1", 1);
	PGresult *res = NULL;
	const char *params[] = { version };
	if (qs_db_run(db, &st, params, &res, err))
		return -1;
	*yes = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int apply_one(struct qs_db *db, const char *dir, const char *name, struct qs_err *err)
{
	static struct qs_stmt record =
		QS_STMT("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", 2);
	char path[4096], version[4];
	int done = 0, rc = -1;
	char *sql = NULL;

	memcpy(version, name, 3);
	version[3] = '\0';
	if (applied(db, version, err, &done))
		return -1;
	if (done)
		return 0;
	snprintf(path, sizeof path, "%s/migrations/%s", dir, name);
	sql = qs_file_read(path, NULL);
	if (!sql) {
		fprintf(stderr, "qstream-api: cannot read %s\n", path);
		return -1;
	}
	const char *params[] = { version, name };
	if (qs_db_begin(db, err) || qs_db_exec(db, sql, err) ||
	    qs_db_run(db, &record, params, NULL, err) || qs_db_commit(db, err)) {
		qs_db_rollback(db);
		fprintf(stderr, "qstream-api: migration %s failed (see the log)\n", name);
		goto out;
	}
	qs_log_info("migration_applied", "version=%s name=%s", version, name);
	printf("applied %s\n", name);
	rc = 0;
out:
	free(sql);
	return rc;
}

int qs_migrate(const struct qs_config *cfg)
{
	struct qs_db db;
	struct qs_err err;
	char dirpath[4096];
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 1;
	DIR *d = NULL;

	qs_db_init(&db, cfg);
	qs_err_clear(&err);
	if (qs_db_ensure(&db, &err)) {
		fprintf(stderr, "qstream-api: cannot connect to the database\n");
		goto out;
	}
	/* one migrator at a time, whatever the number of hosts */
	if (qs_db_exec(&db,
	               "CREATE TABLE IF NOT EXISTS schema_migrations ("
	               " version text PRIMARY KEY, name text NOT NULL,"
	               " applied_at timestamptz NOT NULL DEFAULT now());"
	               "SELECT pg_advisory_lock(4242001)", &err))
		goto out;

	snprintf(dirpath, sizeof dirpath, "%s/migrations", cfg->sql_dir);
	d = opendir(dirpath);
	if (!d) {
		fprintf(stderr, "qstream-api: sql_dir: cannot open %s\n", dirpath);
		goto out;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (!is_migration(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **grown = realloc(names, cap * sizeof *names);
			if (!grown)
				goto out;
			names = grown;
		}
		names[n++] = strdup(e->d_name);
	}
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++)
		if (apply_one(&db, cfg->sql_dir, names[i], &err))
			goto out;
	printf("database is at the latest schema (%zu migrations)\n", n);
	rc = 0;
out:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	qs_db_cleanup(&db);
	return rc;
}

int qs_load_demo(const struct qs_config *cfg)
{
	/* the history generator first: demo.sql calls it */
	static const char *const files[] = { "demo_history.sql", "demo.sql" };
	struct qs_db db;
	struct qs_err err;
	char path[4096];
	int rc = 1;
	char *sql = NULL;

	qs_db_init(&db, cfg);
	qs_err_clear(&err);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", cfg->sql_dir, files[i]);
		free(sql);
		sql = qs_file_read(path, NULL);
		if (!sql) {
			fprintf(stderr, "qstream-api: cannot read %s\n", path);
			goto out;
		}
		if (qs_db_ensure(&db, &err) || qs_db_exec(&db, sql, &err)) {
			fprintf(stderr, "qstream-api: loading demo data (%s) failed (see the log)\n",
			        files[i]);
			goto out;
		}
	}
	printf("demo data loaded\n");
	rc = 0;
out:
	free(sql);
	qs_db_cleanup(&db);
	return rc;
}
