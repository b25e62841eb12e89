/* Fuzz target: access token decoding and verification (lib/qs_jwt.c).
 *
 * The first byte picks the mode:
 *   even  the rest is the token as a client sends it (Authorization header,
 *         the bridge's `auth` message);
 *   odd   the rest is a header and a payload separated by 0xFF, which this
 *         target encodes and signs with the right key, so that the claim
 *         checks behind the signature are reached too.
 * A token that verifies has every claim in range. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "qs_base64.h"
#include "qs_jwt.h"
#include "qs_log.h"

/* the time the verifier sees: the seed tokens are issued a little before */
#define NOW 1800000000L

static const unsigned char secret[] = "fuzz-secret-fuzz-secret-fuzz-secret!";
static const struct qs_jwt_keys keys = { secret, sizeof secret - 1, QS_JWT_ISSUER,
                                         QS_JWT_AUDIENCE };

static char *signed_token(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0xFF, size);
	size_t hlen = sep ? (size_t)(sep - data) : 0;
	const uint8_t *payload = sep ? sep + 1 : data;
	size_t plen = size - (size_t)(payload - data);
	char *tok = malloc(4 * (hlen + plen + 32) / 3 + 16);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;

	if (!tok)
		return NULL;
	size_t n = qs_base64url_encode(data, hlen, tok);
	tok[n++] = '.';
	n += qs_base64url_encode(payload, plen, tok + n);
	if (!HMAC(EVP_sha256(), secret, (int)sizeof secret - 1, (const unsigned char *)tok, n,
	          mac, &maclen))
		abort();
	tok[n++] = '.';
	n += qs_base64url_encode(mac, maclen, tok + n);
	tok[n] = '\0';
	return tok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qs_jwt_claims c;
	char *tok;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		tok = signed_token(data + 1, size - 1);
	} else {
		tok = malloc(size);
		if (tok) {
			memcpy(tok, data + 1, size - 1);
			tok[size - 1] = '\0';
		}
	}
	if (!tok)
		return 0;
	enum qs_jwt_result r = qs_jwt_verify(&keys, tok, NOW, &c);
	if (r == QS_JWT_OK) {
		if (c.sub <= 0 || c.ver <= 0 || c.sid <= 0 || c.exp <= NOW ||
		    c.iat > NOW + QS_JWT_SKEW_S || strlen(c.jti) < 16 ||
		    (strcmp(c.role, "admin") == 0) != (c.dept == 0) ||
		    (strcmp(c.role, "admin") && strcmp(c.role, "manager") && strcmp(c.role, "staff")))
			abort();
	} else if (r != QS_JWT_INVALID && r != QS_JWT_EXPIRED) {
		abort();
	}
	free(tok);
	return 0;
}
