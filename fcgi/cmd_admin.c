/* cmd_admin: `qstream-api --create-admin USERNAME`, how an operator creates
 * the first admin on a production install.  The password is read from
 * standard input (one line), so it never appears in a process list or a
 * shell history. */
#include "cmd_admin.h"
#include "db_auth.h"
#include "qs_password.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int qs_create_admin(const struct qs_config *cfg, const char *username)
{
	char password[QS_PASSWORD_MAX * 4 + 2], hash[QS_PASSWORD_HASH_MAX];
	struct qs_db db;
	struct qs_err err;
	long id = 0;
	int rc = 1;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "password for %s: ", username);
	if (!fgets(password, sizeof password, stdin)) {
		fprintf(stderr, "qstream-api: no password on standard input\n");
		return 1;
	}
	password[strcspn(password, "\r\n")] = '\0';
	const char *issue = qs_password_policy(password, username);
	if (issue) {
		fprintf(stderr, "qstream-api: password refused: %s (8 to 128 characters, not a common one)\n",
		        issue);
		return 1;
	}
	if (qs_password_hash(password, hash, sizeof hash)) {
		fprintf(stderr, "qstream-api: cannot hash the password\n");
		return 1;
	}
	memset(password, 0, sizeof password);

	qs_db_init(&db, cfg);
	qs_err_clear(&err);
	enum qs_rc r = db_user_insert(&db, username, username, hash, "admin", 0, &id, &err);
	if (r == QS_E_CONFLICT)
		fprintf(stderr, "qstream-api: a user named %s exists already\n", username);
	else if (r)
		fprintf(stderr, "qstream-api: cannot create the admin (%s; usernames are 3 to 64 of a-z 0-9 . _ -)\n",
		        err.message);
	else {
		printf("created admin %s (id %ld)\n", username, id);
		rc = 0;
	}
	qs_db_cleanup(&db);
	return rc;
}
