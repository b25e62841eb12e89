/* migrate: apply sql/migrations/NNN_name.sql in order, each once, each in
 * its own transaction, recorded in schema_migrations; and load demo data. */
#ifndef QS_MIGRATE_H
#define QS_MIGRATE_H

#include "qs_config.h"

/* Returns a process exit status: 0 on success. */
int qs_migrate(const struct qs_config *cfg);
int qs_load_demo(const struct qs_config *cfg);

#endif
