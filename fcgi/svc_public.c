/* svc_public: public read models (svc_public.h). */
#include "svc_public.h"
#include "db_departments.h"
#include "eta.h"
#include "snapshots.h"

#include <stdio.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct build {
	json_object *items;
	json_object *current;           /* services array of the current department, or
	                                 * NULL when it is outside the page */
	long current_id;
	long index;                     /* of the current department in the whole list */
	long offset, limit;             /* the page asked for */
};

static void add_row(const struct qs_public_service_row *row, void *arg)
{
	struct build *b = arg;

	if (row->department_id != b->current_id) {
		b->current_id = row->department_id;
		b->current = NULL;
		/* every department counts towards the total; only the page's
		 * are built */
		if (++b->index <= b->offset || b->index > b->offset + b->limit)
			return;
		json_object *d = json_object_new_object();
		json_object_object_add(d, "id", json_object_new_int64(row->department_id));
		json_object_object_add(d, "name", json_object_new_string(row->department_name));
		json_object_object_add(d, "timezone", json_object_new_string(row->timezone));
		json_object_object_add(d, "open_now", json_object_new_boolean(row->open_now));
		b->current = json_object_new_array();
		json_object_object_add(d, "services", b->current);
		json_object_array_add(b->items, d);
	}
	if (row->service_id == 0 || !b->current)
		return;

	/* a ticket taken now has everyone waiting ahead of it */
	struct qs_eta_input in = {
		.people_ahead = row->waiting,
		.avg_service_minutes = row->avg_service_minutes,
		.recent_service_seconds = row->recent_service_seconds,
		.open_counters = row->open_counters,
	};
	struct qs_eta e = qs_eta_range(&in);
	json_object *s = json_object_new_object();
	json_object_object_add(s, "id", json_object_new_int64(row->service_id));
	json_object_object_add(s, "name", json_object_new_string(row->service_name));
	json_object_object_add(s, "prefix", json_object_new_string(row->prefix));
	json_object_object_add(s, "description", json_object_new_string(row->description));
	json_object_object_add(s, "waiting", json_object_new_int64(row->waiting));
	json_object_object_add(s, "open_counters", json_object_new_int(row->open_counters));
	json_object_object_add(s, "estimated_wait_minutes",
	                       json_object_new_int((int)lround((e.low + e.high) / 2.0)));
	json_object_array_add(b->current, s);
}

/* what the kiosks ask for: one answer for all of them (snapshots.h) */
#define DEPARTMENTS_MAX_AGE_MS 2000
/* The cache keeps one entry per page asked for: its id is the page
 * (limit <= 200 < PAGE_KEY), so the storm of kiosks that all ask for the
 * same page share one entry, and each page is read from the database at
 * most once per change and process. */
#define PAGE_KEY 256L
/* the board's snapshot: a board follows the events, the snapshot only
 * starts it or repairs a gap */
#define DISPLAY_MAX_AGE_MS 5000

static enum qs_rc read_departments(struct qs_ctx *ctx, long id, char **json, struct qs_err *err)
{
	struct build b = { .items = json_object_new_array(), .offset = id / PAGE_KEY,
	                   .limit = id % PAGE_KEY };
	enum qs_rc rc = db_departments_public(&ctx->db, add_row, &b, err);
	if (rc) {
		json_object_put(b.items);
		return rc;
	}
	json_object *out = json_object_new_object();
	json_object_object_add(out, "total", json_object_new_int64(b.index));
	json_object_object_add(out, "items", b.items);
	*json = strdup(json_object_to_json_string_ext(
		out, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(out);
	return *json ? QS_OK : qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
}

enum qs_rc svc_public_departments(struct qs_ctx *ctx, const struct qs_page *pg, json_object **out,
                                  struct qs_err *err)
{
	if (pg->limit < 1 || pg->limit >= PAGE_KEY)
		return qs_err_field(err, "limit", "out_of_range");
	if (pg->offset < 0 || pg->offset > LONG_MAX / PAGE_KEY - 1)
		return qs_err_field(err, "offset", "out_of_range");
	return snapshot_get(ctx, SNAPSHOT_DEPARTMENTS, pg->offset * PAGE_KEY + pg->limit,
	                    QS_SEQ_KEY_ALL, DEPARTMENTS_MAX_AGE_MS, read_departments, out, err);
}

static enum qs_rc read_display(struct qs_ctx *ctx, long id, char **json, struct qs_err *err)
{
	char *text = NULL;
	enum qs_rc rc = db_display_snapshot(&ctx->db, id, &text, err);
	if (rc)
		return rc;
	/* PostgreSQL's json spaces its keys and values: once compact, the
	 * bytes every board fetches are fewer */
	json_object *o = json_tokener_parse(text);
	free(text);
	if (!o)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "snapshot is not JSON");
	*json = strdup(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return *json ? QS_OK : qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
}

enum qs_rc svc_display_snapshot(struct qs_ctx *ctx, long department_id, json_object **out,
                                struct qs_err *err)
{
	char key[48];
	snprintf(key, sizeof key, QS_SEQ_KEY_FMT, department_id);
	return snapshot_get(ctx, SNAPSHOT_DISPLAY, department_id, key, DISPLAY_MAX_AGE_MS,
	                    read_display, out, err);
}

void svc_health_check(struct qs_ctx *ctx, struct svc_health *out)
{
	struct qs_err err;
	qs_err_clear(&err);
	out->database_ok = qs_db_ensure(&ctx->db, &err) == QS_OK && db_ping(&ctx->db, &err) == QS_OK;
	out->redis_ok = qs_redis_ping(&ctx->redis) == 0;
}
