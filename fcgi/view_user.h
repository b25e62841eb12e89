/* view_user: the User of the contract, as JSON (a new object the caller owns). */
#ifndef QS_VIEW_USER_H
#define QS_VIEW_USER_H

#include <json-c/json.h>

#include "user.h"

json_object *qs_user_json(const struct qs_user *u);

#endif
