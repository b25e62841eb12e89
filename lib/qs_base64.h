/* qs_base64: unpadded base64url (RFC 4648 section 5), as JWTs and tokens use. */
#ifndef QS_BASE64_H
#define QS_BASE64_H

#include <stddef.h>

/* Encode len bytes into out (needs 4 * len / 3 + 2 bytes); returns the length. */
size_t qs_base64url_encode(const unsigned char *in, size_t len, char *out);

/* Decode text of length len into out (needs 3 * len / 4 + 1 bytes); returns
 * the number of bytes, or -1 for a character outside the alphabet, padding,
 * or an impossible length. */
long qs_base64url_decode(const char *in, size_t len, unsigned char *out);

#endif
