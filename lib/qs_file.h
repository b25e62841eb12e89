/* qs_file: whole small files (SQL, the OpenAPI document). */
#ifndef QS_FILE_H
#define QS_FILE_H

#include <stddef.h>

/* Read the whole file into a new NUL-terminated buffer the caller frees;
 * stores its length in *len when len is not NULL.  NULL with errno set on
 * failure. */
char *qs_file_read(const char *path, size_t *len);

#endif
