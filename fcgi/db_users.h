/* db_users: the users as the organisation screens see them (JSON from the
 * qs_user_json SQL function). */
#ifndef QS_DB_USERS_H
#define QS_DB_USERS_H

#include <json-c/json.h>

#include "db_org.h"

struct qs_user_filter {
	long department_id;     /* 0: any */
	const char *role;       /* NULL: any */
	int active;             /* -1: any */
};

struct qs_user_in {
	struct qs_opt_text full_name, role, password_hash;
	struct qs_opt_long department_id, active;       /* department_id.v 0: NULL */
};

enum qs_rc db_user_list(struct qs_db *db, const struct qs_user_filter *f, const struct qs_page *pg,
                        json_object **out, struct qs_err *err);
enum qs_rc db_user_get(struct qs_db *db, long id, json_object **out, struct qs_err *err);
enum qs_rc db_user_update(struct qs_db *db, long id, const struct qs_user_in *in,
                          json_object **out, struct qs_err *err);

#endif
