/* qs_addr: the metrics' address check (qs_addr.h). */
#include "qs_addr.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* addr inside net/bits (both of one family, as bytes) */
static int in_block(const unsigned char *addr, const unsigned char *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(addr, net, (size_t)full) != 0)
		return 0;
	if (!rest)
		return 1;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (addr[full] & mask) == (net[full] & mask);
}

/* one entry "a.b.c.d", "a.b.c.d/n", "x::y", "x::y/n" against the address */
static int entry_matches(const char *entry, size_t elen, int family, const unsigned char *addr)
{
	char text[INET6_ADDRSTRLEN + 8];
	unsigned char net[16];
	int bits = family == AF_INET ? 32 : 128;

	if (elen == 0 || elen >= sizeof text)
		return 0;
	memcpy(text, entry, elen);
	text[elen] = '\0';
	char *slash = strchr(text, '/');
	if (slash) {
		char *end;
		*slash = '\0';
		long v = strtol(slash + 1, &end, 10);
		if (*end || end == slash + 1 || v < 0 || v > bits)
			return 0;
		bits = (int)v;
	}
	return inet_pton(family, text, net) == 1 && in_block(addr, net, bits);
}

int qs_addr_allowed(const char *addr, const char *allow)
{
	unsigned char a[16];
	int family;

	if (!addr)
		return 0;
	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1)
		family = AF_INET6;
	else
		return 0;
	if (family == AF_INET ? entry_matches("127.0.0.0/8", 11, family, a)
	                      : entry_matches("::1", 3, family, a))
		return 1;
	for (const char *p = allow ? allow : ""; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		size_t n = strcspn(p, ", \t");
		if (n && entry_matches(p, n, family, a))
			return 1;
		p += n;
	}
	return 0;
}
