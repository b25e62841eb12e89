/* snapshots: the answers that every screen asks for at once after a restart
 * (a board's snapshot, the kiosks' department list), kept per worker
 * process as JSON text.
 *
 * Each change's event is published with a Lua script that also stores the
 * change's version in Redis: the department's seq under
 * qstream:seq:{department_id} (the highest published) and a count of all
 * changes under qstream:seq:all (see events.c).  An entry remembers the
 * version it was read after, and is served while no later change has been
 * published and it is younger than max_age_ms (what no event announces: an
 * admin renaming a service, a department opening at 08:00).  A response
 * therefore never shows less than the last change the API acknowledged.
 * When the entry is stale, one thread of the process reads it again while
 * the others wait for that read, so a thousand boards reconnecting cost the
 * database one query per department and process.  A Redis restart may
 * lose the keys or restore older ones, so an entry also remembers which
 * server (its run_id) told its version and is worth nothing with another;
 * a key not set yet is version 0.  Redis down: every request reads the
 * database (correct, only dearer). */
#ifndef QS_SNAPSHOTS_H
#define QS_SNAPSHOTS_H

#include <json-c/json.h>

#include "ctx.h"

#define QS_SEQ_KEY_FMT "qstream:seq:%ld"
#define QS_SEQ_KEY_ALL "qstream:seq:all"

enum snapshot_kind { SNAPSHOT_DISPLAY, SNAPSHOT_DEPARTMENTS };

/* Read the answer from the database: JSON text in *json (malloc'd). */
typedef enum qs_rc (*snapshot_read_fn)(struct qs_ctx *ctx, long id, char **json,
                                       struct qs_err *err);

/* The answer for (kind, id), from the cache or from read(); *out is a JSON
 * value that serialises to the cached text. */
enum qs_rc snapshot_get(struct qs_ctx *ctx, enum snapshot_kind kind, long id,
                        const char *version_key, int max_age_ms, snapshot_read_fn read,
                        json_object **out, struct qs_err *err);

#endif
