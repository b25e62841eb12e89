/* view_user: User JSON (view_user.h). */
#include "view_user.h"

json_object *qs_user_json(const struct qs_user *u)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(u->id));
	json_object_object_add(o, "username", json_object_new_string(u->username));
	json_object_object_add(o, "full_name", json_object_new_string(u->full_name));
	json_object_object_add(o, "role", json_object_new_string(u->role));
	json_object_object_add(o, "department_id",
	                       u->department_id > 0 ? json_object_new_int64(u->department_id) : NULL);
	json_object_object_add(o, "active", json_object_new_boolean(u->active));
	json_object_object_add(o, "created_at", json_object_new_string(u->created_at));
	return o;
}

json_object *qs_user_list_json(const struct qs_user *items, size_t n, long total)
{
	json_object *o = json_object_new_object(), *list = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(list, qs_user_json(&items[i]));
	json_object_object_add(o, "items", list);
	json_object_object_add(o, "total", json_object_new_int64(total));
	return o;
}
