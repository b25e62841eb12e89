/* qs_random: random tokens (qs_random.h). */
#include "qs_random.h"

#include <openssl/rand.h>

int qs_random_token(char *out, size_t outlen, size_t bytes)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[64];
	size_t o = 0;

	if (bytes > sizeof raw || outlen < (bytes * 4 + 2) / 3 + 1)
		return -1;
	if (RAND_bytes(raw, (int)bytes) != 1)
		return -1;
	/* 6 bits per character */
	unsigned int acc = 0;
	int nbits = 0;
	for (size_t i = 0; i < bytes; i++) {
		acc = (acc << 8) | raw[i];
		nbits += 8;
		while (nbits >= 6) {
			nbits -= 6;
			out[o++] = alphabet[(acc >> nbits) & 63];
		}
	}
	if (nbits > 0)
		out[o++] = alphabet[(acc << (6 - nbits)) & 63];
	out[o] = '\0';
	return 0;
}
