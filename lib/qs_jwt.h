/* qs_jwt: QStream's access tokens: HS256 JWTs with a fixed set of claims.
 *
 * libjwt 1.10 checks no claim, takes `alg: none` with an empty key and reads
 * the algorithm name case-insensitively, so verification here requires the
 * header to say exactly HS256, lets libjwt check the signature, and then
 * checks every claim's presence, type and value itself. */
#ifndef QS_JWT_H
#define QS_JWT_H

#include <stddef.h>

#define QS_JWT_MIN_SECRET 32
#define QS_JWT_SKEW_S 30

/* Who signs QStream's access tokens and for whom: the API signs with these,
 * and the API and the bridge both verify against them. */
#define QS_JWT_ISSUER "qstream"
#define QS_JWT_AUDIENCE "qstream-api"

struct qs_jwt_claims {
	long sub;               /* user id (a decimal string in the token) */
	char role[16];          /* admin, manager, staff */
	long dept;              /* 0: null (admin) */
	long ver;               /* the user's token version */
	long sid;               /* login session */
	char jti[48];
	long iat, exp;
};

struct qs_jwt_keys {
	const unsigned char *secret;
	size_t secret_len;
	const char *iss, *aud;
};

/* Sign c (jti is generated when empty).  *token is a new string the caller
 * frees.  0 or -1. */
int qs_jwt_sign(const struct qs_jwt_keys *k, struct qs_jwt_claims *c, char **token);

enum qs_jwt_result { QS_JWT_OK, QS_JWT_INVALID, QS_JWT_EXPIRED };

/* Verify token at time now (seconds since the epoch) and fill out. */
enum qs_jwt_result qs_jwt_verify(const struct qs_jwt_keys *k, const char *token, long now,
                                 struct qs_jwt_claims *out);

/* Read a secret file: at least QS_JWT_MIN_SECRET bytes (trailing newline
 * dropped).  Returns a new buffer or NULL with a reason in errbuf. */
unsigned char *qs_jwt_load_secret(const char *path, size_t *len, char *errbuf, size_t errlen);

#endif
