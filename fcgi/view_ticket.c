/* view_ticket: ticket JSON views (view_ticket.h). */
#include "view_ticket.h"
#include "eta.h"

#include <stdio.h>
#include <string.h>

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *id_or_null(long id)
{
	return id > 0 ? json_object_new_int64(id) : NULL;
}

static json_object *ref(long id, const char *name)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "name", json_object_new_string(name ? name : ""));
	return o;
}

json_object *qs_counter_public_json(long id, const char *name)
{
	return ref(id, name);
}

json_object *qs_counter_state_public_json(long id, const char *name, const char *state)
{
	json_object *o = ref(id, name);
	json_object_object_add(o, "state", json_object_new_string(state ? state : ""));
	return o;
}

json_object *qs_ticket_public_json(const struct qs_ticket *t, const char *public_url)
{
	json_object *o = json_object_new_object();
	int waiting = strcmp(t->status, "waiting") == 0 && t->people_ahead >= 0;
	char url[512];

	json_object_object_add(o, "public_id", json_object_new_string(t->public_id));
	json_object_object_add(o, "ticket_number", json_object_new_string(t->ticket_number));
	json_object_object_add(o, "status", json_object_new_string(t->status));
	json_object_object_add(o, "priority", json_object_new_string(t->priority));
	json_object_object_add(o, "service", ref(t->service_id, t->service_name));
	json_object_object_add(o, "department", ref(t->department_id, t->department_name));
	if (waiting) {
		struct qs_eta_input in = {
			.people_ahead = t->people_ahead,
			.priority_ahead = t->priority_ahead,
			.avg_service_minutes = t->avg_service_minutes,
			.recent_service_seconds = t->recent_service_seconds,
			.open_counters = t->open_counters,
		};
		struct qs_eta e = qs_eta_range(&in);
		json_object *est = json_object_new_object();
		json_object_object_add(est, "low", json_object_new_int(e.low));
		json_object_object_add(est, "high", json_object_new_int(e.high));
		json_object_object_add(o, "position", json_object_new_int64(t->people_ahead + 1));
		json_object_object_add(o, "people_ahead", json_object_new_int64(t->people_ahead));
		json_object_object_add(o, "estimated_wait_minutes", est);
	} else {
		json_object_object_add(o, "position", NULL);
		json_object_object_add(o, "people_ahead", NULL);
		json_object_object_add(o, "estimated_wait_minutes", NULL);
	}
	json_object_object_add(o, "counter",
	                       t->counter_id > 0 ? qs_counter_public_json(t->counter_id, t->counter_name)
	                                       : NULL);
	json_object_object_add(o, "created_at", str_or_null(t->created_at));
	json_object_object_add(o, "called_at", str_or_null(t->called_at));
	json_object_object_add(o, "completed_at", str_or_null(t->completed_at));
	json_object_object_add(o, "rating", t->rating > 0 ? json_object_new_int(t->rating) : NULL);
	json_object_object_add(o, "delays_used", json_object_new_int(t->delays_used));
	snprintf(url, sizeof url, "%s/t/%s", public_url, t->public_id);
	json_object_object_add(o, "track_url", json_object_new_string(url));
	return o;
}

json_object *qs_ticket_staff_json(const struct qs_ticket *t, const char *public_url)
{
	json_object *o = qs_ticket_public_json(t, public_url);
	json_object_object_add(o, "id", json_object_new_int64(t->id));
	json_object_object_add(o, "customer_name", str_or_null(t->customer_name));
	json_object_object_add(o, "customer_phone", str_or_null(t->customer_phone));
	json_object_object_add(o, "notes", str_or_null(t->notes));
	json_object_object_add(o, "served_by", id_or_null(t->served_by));
	json_object_object_add(o, "counter_id", id_or_null(t->counter_id));
	json_object_object_add(o, "serving_at", str_or_null(t->serving_at));
	json_object_object_add(o, "recall_count", json_object_new_int(t->recall_count));
	json_object_object_add(o, "transferred_from_service_id",
	                       id_or_null(t->transferred_from_service_id));
	json_object_object_add(o, "queued_at", str_or_null(t->queued_at));
	return o;
}
