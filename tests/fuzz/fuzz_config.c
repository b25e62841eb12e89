/* Fuzz target: the configuration file parser (lib/qs_config.c).
 *
 * The file is read from a memfd through /proc/self/fd, so the real
 * qs_config_load() runs unchanged: lines, comments, `key = value`, every
 * value checked.  Loading either fails with a message or yields a complete
 * struct. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "qs_config.h"
#include "qs_log.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the environment overrides the file: none of it here */
	for (char **e = environ; e && *e;) {
		if (strncmp(*e, "QSTREAM_", 8) == 0) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", (int)strcspn(*e, "="), *e);
			unsetenv(name);
		} else {
			e++;
		}
	}
	fd = memfd_create("qstream.conf", 0);
	if (fd < 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qs_config cfg;
	char err[512];

	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	err[0] = '\0';
	if (qs_config_load(&cfg, path, 1, err, sizeof err) == 0) {
		if (!cfg.db_conninfo || !cfg.log_level || !cfg.ws_origins ||
		    cfg.body_limit < 1024 || cfg.ws_port < 1)
			abort();
		qs_config_cleanup(&cfg);
	} else if (!err[0] || !memchr(err, '\0', sizeof err)) {
		abort();                /* a refusal names what is wrong */
	}
	qs_log_set_level("error");      /* a loaded file may have changed it */
	return 0;
}
