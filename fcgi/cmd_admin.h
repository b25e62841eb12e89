/* cmd_admin: operator commands of qstream-api. */
#ifndef QS_CMD_ADMIN_H
#define QS_CMD_ADMIN_H

#include "qs_config.h"

/* Create an admin named username with the password read from stdin;
 * returns a process exit status. */
int qs_create_admin(const struct qs_config *cfg, const char *username);

#endif
