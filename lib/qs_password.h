/* qs_password: Argon2id password hashes and the password policy.
 *
 * Hashing is deliberately slow (about 20-40 ms, 19 MiB), so at most
 * max_concurrent hashes run at once, process-wide; the rest wait their turn
 * instead of exhausting memory under a login flood. */
#ifndef QS_PASSWORD_H
#define QS_PASSWORD_H

#include <stddef.h>

#define QS_PASSWORD_MIN 8
#define QS_PASSWORD_MAX 128
#define QS_PASSWORD_HASH_MAX 128

/* Call once at start. */
void qs_password_init(int max_concurrent);

/* Hash with a random 16-byte salt into out (PHC string).  0 or -1. */
int qs_password_hash(const char *password, char *out, size_t outlen);

/* 1 when password matches encoded, else 0.  With encoded == NULL it checks
 * against a fixed dummy hash and returns 0, doing the same work, so that a
 * login for a username that does not exist takes as long as one that does. */
int qs_password_verify(const char *encoded, const char *password);

/* NULL when the password may be used, else the issue for the error details:
 * "too_short", "too_long" (in characters) or "too_common" (the built-in
 * list, or the username itself). */
const char *qs_password_policy(const char *password, const char *username);

#endif
