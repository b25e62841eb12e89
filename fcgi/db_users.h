/* db_users: the users as the organisation screens see them: rows into
 * struct qs_user, which view_user.c turns into the User of the contract. */
#ifndef QS_DB_USERS_H
#define QS_DB_USERS_H

#include <stddef.h>

#include "db_org.h"
#include "user.h"

struct qs_user_filter {
	long department_id;     /* 0: any */
	const char *role;       /* NULL: any */
	int active;             /* -1: any */
};

struct qs_user_in {
	struct qs_opt_text full_name, role, password_hash;
	struct qs_opt_long department_id, active;       /* department_id.v 0: NULL */
};

/* One page of users, by id, and how many match in all. */
struct qs_user_page {
	struct qs_user *items;  /* n of them (NULL when none); free with qs_user_page_cleanup */
	size_t n;
	long total;
};
void qs_user_page_cleanup(struct qs_user_page *p);

enum qs_rc db_user_list(struct qs_db *db, const struct qs_user_filter *f, const struct qs_page *pg,
                        struct qs_user_page *out, struct qs_err *err);
/* QS_E_NOT_FOUND ("user not found") when there is no such user. */
enum qs_rc db_user_get(struct qs_db *db, long id, struct qs_user *out, struct qs_err *err);
/* The user as the update left it; QS_E_NOT_FOUND when there is none. */
enum qs_rc db_user_update(struct qs_db *db, long id, const struct qs_user_in *in,
                          struct qs_user *out, struct qs_err *err);

#endif
