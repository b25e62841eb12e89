/* qs_random: random tokens (qs_random.h). */
#include "qs_random.h"
#include "qs_base64.h"

#include <openssl/rand.h>

int qs_random_token(char *out, size_t outlen, size_t bytes)
{
	unsigned char raw[64];

	if (bytes > sizeof raw || outlen < (bytes * 4 + 2) / 3 + 1)
		return -1;
	if (RAND_bytes(raw, (int)bytes) != 1)
		return -1;
	qs_base64url_encode(raw, bytes, out);
	return 0;
}
