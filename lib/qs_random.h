/* qs_random: unguessable tokens from OpenSSL's CSPRNG. */
#ifndef QS_RANDOM_H
#define QS_RANDOM_H

#include <stddef.h>

/* Write `bytes` random bytes as unpadded base64url into out (needs
 * 4 * bytes / 3 + 2 characters).  Returns 0, or -1 if the CSPRNG failed. */
int qs_random_token(char *out, size_t outlen, size_t bytes);

#endif
