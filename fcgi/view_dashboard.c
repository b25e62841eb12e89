/* view_dashboard: dashboard JSON shapes (view_dashboard.h). */
#include "view_dashboard.h"

#include <math.h>

/* A figure: null when there is none, else rounded to `decimals`. */
static json_object *num(double v, int decimals)
{
	if (isnan(v))
		return NULL;
	double scale = pow(10, decimals);
	return json_object_new_double(round(v * scale) / scale);
}

static void put(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

#define INT(v) json_object_new_int64(v)

void qs_dash_figures_add(json_object *o, const struct qs_figures *f)
{
	put(o, "arrivals", INT(f->arrivals));
	put(o, "served", INT(f->served));
	put(o, "no_shows", INT(f->no_shows));
	put(o, "cancelled", INT(f->cancelled));
	put(o, "avg_wait_seconds", num(f->avg_wait_s, 1));
	put(o, "p90_wait_seconds", num(f->p90_wait_s, 1));
	put(o, "avg_service_seconds", num(f->avg_service_s, 1));
	put(o, "sla_met_pct", num(f->sla_met_pct, 1));
	put(o, "avg_rating", num(f->avg_rating, 2));
	put(o, "ratings", INT(f->ratings));
}

void qs_dash_live_add(json_object *o, const struct qs_dash_live *l)
{
	put(o, "waiting_now", INT(l->waiting_now));
	put(o, "serving_now", INT(l->serving_now));
	put(o, "open_counters", INT(l->open_counters));
	put(o, "open_complaints", INT(l->open_complaints));
}

json_object *qs_dash_service_json(const struct qs_dash_service_row *r)
{
	json_object *o = json_object_new_object();
	put(o, "service_id", INT(r->service_id));
	put(o, "department_id", INT(r->department_id));
	put(o, "name", json_object_new_string(r->name));
	put(o, "prefix", json_object_new_string(r->prefix));
	put(o, "waiting_now", INT(r->waiting_now));
	qs_dash_figures_add(o, &r->f);
	return o;
}

json_object *qs_dash_hour_json(const struct qs_dash_hour_row *r)
{
	json_object *o = json_object_new_object();
	put(o, "hour", json_object_new_int(r->hour));
	put(o, "start", r->start ? json_object_new_string(r->start) : NULL);
	put(o, "arrivals", INT(r->arrivals));
	put(o, "served", INT(r->served));
	put(o, "avg_wait_seconds", num(r->avg_wait_s, 1));
	return o;
}

json_object *qs_dash_department_json(const struct qs_dash_department_row *r)
{
	json_object *o = json_object_new_object();
	put(o, "department_id", INT(r->department_id));
	put(o, "name", json_object_new_string(r->name));
	put(o, "timezone", json_object_new_string(r->timezone));
	qs_dash_live_add(o, &r->live);
	put(o, "arrivals", INT(r->f.arrivals));
	put(o, "served", INT(r->f.served));
	put(o, "avg_wait_seconds", num(r->f.avg_wait_s, 1));
	put(o, "p90_wait_seconds", num(r->f.p90_wait_s, 1));
	put(o, "sla_met_pct", num(r->f.sla_met_pct, 1));
	put(o, "avg_rating", num(r->f.avg_rating, 2));
	return o;
}

json_object *qs_dash_day_json(const struct qs_dash_day_row *r)
{
	json_object *o = json_object_new_object();
	put(o, "date", json_object_new_string(r->date));
	qs_dash_figures_add(o, &r->f);
	return o;
}

json_object *qs_dash_staff_json(const struct qs_dash_staff_row *r)
{
	json_object *o = json_object_new_object();
	put(o, "user_id", INT(r->user_id));
	put(o, "full_name", json_object_new_string(r->full_name));
	put(o, "served", INT(r->f.served));
	put(o, "avg_service_seconds", num(r->f.avg_service_s, 1));
	put(o, "avg_call_to_start_seconds", num(r->f.avg_call_to_start_s, 1));
	put(o, "no_shows", INT(r->f.no_shows));
	put(o, "avg_rating", num(r->f.avg_rating, 2));
	put(o, "ratings", INT(r->f.ratings));
	put(o, "complaints", INT(r->f.complaints));
	return o;
}

json_object *qs_dash_me_json(const struct qs_figures *f)
{
	json_object *o = json_object_new_object();
	put(o, "served", INT(f->served));
	put(o, "avg_service_seconds", num(f->avg_service_s, 1));
	put(o, "avg_rating", num(f->avg_rating, 2));
	put(o, "ratings", INT(f->ratings));
	put(o, "no_shows", INT(f->no_shows));
	return o;
}
