/* qs_base64: base64url without padding (qs_base64.h). */
#include "qs_base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t qs_base64url_encode(const unsigned char *in, size_t len, char *out)
{
	size_t o = 0;
	unsigned int acc = 0;
	int nbits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		nbits += 8;
		while (nbits >= 6) {
			nbits -= 6;
			out[o++] = alphabet[(acc >> nbits) & 63];
		}
	}
	if (nbits > 0)
		out[o++] = alphabet[(acc << (6 - nbits)) & 63];
	out[o] = '\0';
	return o;
}

static int value_of(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

long qs_base64url_decode(const char *in, size_t len, unsigned char *out)
{
	unsigned int acc = 0;
	int nbits = 0;
	long o = 0;
	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = value_of(in[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			out[o++] = (unsigned char)((acc >> nbits) & 0xFF);
		}
	}
	/* leftover bits must be zero, or two texts would decode alike */
	if (nbits > 0 && (acc & ((1u << nbits) - 1)) != 0)
		return -1;
	return o;
}
