/* snapshots: cached public answers, valid while no later change is known
 * (snapshots.h). */
#include "snapshots.h"
#include "metrics.h"
#include "qs_log.h"
#include "qs_redis.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 256

struct slot {
	int used, reading;
	enum snapshot_kind kind;
	long id;
	char *json;
	long version;                   /* the version known when it was read */
	char run_id[48];                /* of the Redis server that told it */
	struct timespec at;             /* when it was read (CLOCK_MONOTONIC) */
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t read_done = PTHREAD_COND_INITIALIZER;

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* A JSON value that serialises to `json` as it is (the cached text, never
 * parsed again). */
static int raw_to_string(json_object *o, struct printbuf *pb, int level, int flags)
{
	(void)level;
	(void)flags;
	const char *text = json_object_get_userdata(o);
	return printbuf_memappend(pb, text, (int)strlen(text)) < 0 ? -1 : 0;
}

static enum qs_rc wrap(char *json, json_object **out, struct qs_err *err)
{
	if (!json)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	*out = json_object_new_object();
	json_object_set_serializer(*out, raw_to_string, json, json_object_free_userdata);
	return QS_OK;
}

static struct slot *slot_of(enum snapshot_kind kind, long id)
{
	unsigned long h = (unsigned long)id * 2654435761UL + (unsigned long)kind;
	return &slots[h % SLOTS];
}

enum qs_rc snapshot_get(struct qs_ctx *ctx, enum snapshot_kind kind, long id,
                        const char *version_key, int max_age_ms, snapshot_read_fn read,
                        json_object **out, struct qs_err *err)
{
	long known = 0;
	char *json = NULL;
	enum qs_rc rc;

	/* no version to trust (Redis down, or a server that did not say who
	 * it is): straight from the database.  A key not set yet is version 0:
	 * the first publish raises it. */
	if (qs_redis_get_long(&ctx->redis, version_key, &known) < 0 || !ctx->redis.run_id[0]) {
		if ((rc = read(ctx, id, &json, err)))
			return rc;
		return wrap(json, out, err);
	}

	struct slot *s = slot_of(kind, id);
	pthread_mutex_lock(&lock);
	for (;;) {
		int mine = s->used && s->kind == kind && s->id == id;
		if (mine && s->json && s->version >= known && ms_since(&s->at) < max_age_ms &&
		    strcmp(s->run_id, ctx->redis.run_id) == 0) {
			json = strdup(s->json);
			pthread_mutex_unlock(&lock);
			metrics_snapshot(1);
			return wrap(json, out, err);
		}
		if (!s->reading)
			break;
		if (!mine) {
			/* another answer shares the slot and is being read: do
			 * without the cache this time */
			pthread_mutex_unlock(&lock);
			if ((rc = read(ctx, id, &json, err)))
				return rc;
			return wrap(json, out, err);
		}
		/* the same answer is being read: wait for it (bounded: a read
		 * that hangs ends with the statement timeout) */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 2;
		if (pthread_cond_timedwait(&read_done, &lock, &until) == ETIMEDOUT)
			break;
	}
	if (s->reading) {
		/* waited long enough: read alone, leave the slot to the reader */
		pthread_mutex_unlock(&lock);
		if ((rc = read(ctx, id, &json, err)))
			return rc;
		return wrap(json, out, err);
	}
	if (!(s->used && s->kind == kind && s->id == id)) {
		free(s->json);
		memset(s, 0, sizeof *s);
		s->kind = kind;
		s->id = id;
		s->used = 1;
	}
	s->reading = 1;
	pthread_mutex_unlock(&lock);

	rc = read(ctx, id, &json, err);
	metrics_snapshot(0);

	pthread_mutex_lock(&lock);
	s->reading = 0;
	if (!rc && json) {
		char *copy = strdup(json);
		if (copy) {
			free(s->json);
			s->json = copy;
			s->version = known;
			snprintf(s->run_id, sizeof s->run_id, "%s", ctx->redis.run_id);
			clock_gettime(CLOCK_MONOTONIC, &s->at);
		}
	}
	pthread_cond_broadcast(&read_done);
	pthread_mutex_unlock(&lock);
	if (rc)
		return rc;
	return wrap(json, out, err);
}
