/* view_user: the User of the contract, as JSON; the one place that builds it
 * (login and GET /auth/me, GET/POST/PATCH /users and their lists alike).
 * Each returns a new object the caller owns. */
#ifndef QS_VIEW_USER_H
#define QS_VIEW_USER_H

#include <stddef.h>

#include <json-c/json.h>

#include "user.h"

/* {id, username, full_name, role, department_id, active, created_at}: never
 * the password hash or the token version. */
json_object *qs_user_json(const struct qs_user *u);

/* {"items": [User...], "total": total}, the users in the order given. */
json_object *qs_user_list_json(const struct qs_user *items, size_t n, long total);

#endif
