/* Access tokens: what qs_jwt_verify accepts and what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/hmac.h>

#include "qs_base64.h"
#include "qs_jwt.h"

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef-test";
static const struct qs_jwt_keys keys = { secret, sizeof secret - 1, "qstream", "qstream-api" };
#define NOW 1800000000L

static char *good_token(void)
{
	struct qs_jwt_claims c = { .sub = 7, .dept = 2, .ver = 3, .sid = 11, .iat = NOW - 10,
	                           .exp = NOW + 890 };
	strcpy(c.role, "staff");
	char *t = NULL;
	assert_int_equal(qs_jwt_sign(&keys, &c, &t), 0);
	return t;
}

/* A token from raw header and payload JSON, signed with HMAC-SHA256 or
 * another digest, as an attacker would build one. */
static char *forge(const char *header, const char *payload, const EVP_MD *md,
                   const unsigned char *key, size_t keylen)
{
	static char out[4096];
	char h[1024], p[2048], s[256];
	unsigned char mac[64];
	unsigned int maclen = 0;
	qs_base64url_encode((const unsigned char *)header, strlen(header), h);
	qs_base64url_encode((const unsigned char *)payload, strlen(payload), p);
	snprintf(out, sizeof out, "%s.%s", h, p);
	if (md) {
		HMAC(md, key, (int)keylen, (unsigned char *)out, strlen(out), mac, &maclen);
		qs_base64url_encode(mac, maclen, s);
	} else {
		s[0] = '\0';
	}
	strcat(out, ".");
	strcat(out, s);
	return out;
}

static const char *payload_fmt =
	"{\"sub\":\"7\",\"role\":\"staff\",\"dept\":2,\"ver\":3,\"sid\":11,\"typ\":\"access\","
	"\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,\"exp\":%s,"
	"\"jti\":\"abcdefghijklmnopqrstuv\"}";

static char *payload_with(const char *iat, const char *exp)
{
	static char p[1024];
	snprintf(p, sizeof p, payload_fmt, iat, exp);
	return p;
}

static enum qs_jwt_result verify(const char *token)
{
	struct qs_jwt_claims c;
	return qs_jwt_verify(&keys, token, NOW, &c);
}

static void test_round_trip(void **state)
{
	(void)state;
	char *t = good_token();
	struct qs_jwt_claims c;
	assert_int_equal(qs_jwt_verify(&keys, t, NOW, &c), QS_JWT_OK);
	assert_int_equal(c.sub, 7);
	assert_string_equal(c.role, "staff");
	assert_int_equal(c.dept, 2);
	assert_int_equal(c.ver, 3);
	assert_int_equal(c.sid, 11);
	assert_true(strlen(c.jti) >= 16);
	/* our own forge of a correct token verifies too: the forger is honest */
	char iat[24], exp[24];
	snprintf(iat, sizeof iat, "%ld", NOW - 5);
	snprintf(exp, sizeof exp, "%ld", NOW + 100);
	assert_int_equal(verify(forge("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload_with(iat, exp),
	                              EVP_sha256(), secret, sizeof secret - 1)), QS_JWT_OK);
	free(t);
}

static void test_algorithms_refused(void **state)
{
	(void)state;
	char iat[24], exp[24];
	snprintf(iat, sizeof iat, "%ld", NOW - 5);
	snprintf(exp, sizeof exp, "%ld", NOW + 100);
	const char *p = payload_with(iat, exp);
	const unsigned char *k = secret;
	size_t kl = sizeof secret - 1;
	assert_int_equal(verify(forge("{\"alg\":\"none\",\"typ\":\"JWT\"}", p, NULL, k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"None\"}", p, NULL, k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"NONE\"}", p, NULL, k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"hs256\"}", p, EVP_sha256(), k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"HS384\"}", p, EVP_sha384(), k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"HS512\"}", p, EVP_sha512(), k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"RS256\"}", p, EVP_sha256(), k, kl)), QS_JWT_INVALID);
	assert_int_equal(verify(forge("{\"alg\":\"HS256\",\"kid\":\"x\"}", p, EVP_sha256(), k, kl)),
	                 QS_JWT_INVALID);
	/* right algorithm, wrong key */
	const unsigned char other[] = "another-secret-of-at-least-32-bytes!!";
	assert_int_equal(verify(forge("{\"alg\":\"HS256\"}", p, EVP_sha256(), other, sizeof other - 1)),
	                 QS_JWT_INVALID);
}

static void test_claims_checked(void **state)
{
	(void)state;
	const unsigned char *k = secret;
	size_t kl = sizeof secret - 1;
	char iat[24], exp[24], future[24], past[24];
	snprintf(iat, sizeof iat, "%ld", NOW - 5);
	snprintf(exp, sizeof exp, "%ld", NOW + 100);
	snprintf(future, sizeof future, "%ld", NOW + 120);
	snprintf(past, sizeof past, "%ld", NOW - 1);
	const char *h = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
#define SIGNED(p) forge(h, (p), EVP_sha256(), k, kl)

	assert_int_equal(verify(SIGNED(payload_with(iat, past))), QS_JWT_EXPIRED);
	assert_int_equal(verify(SIGNED(payload_with("\"1799999990\"", exp))), QS_JWT_INVALID);
	assert_int_equal(verify(SIGNED(payload_with(iat, "1800000100.5"))), QS_JWT_INVALID);
	assert_int_equal(verify(SIGNED(payload_with(iat, "\"1800000100\""))), QS_JWT_INVALID);
	assert_int_equal(verify(SIGNED(payload_with(future, "1800000900"))), QS_JWT_INVALID);
	/* a missing claim, an extra claim, wrong typ/iss/aud, role/dept mismatch */
	assert_int_equal(verify(SIGNED("{\"sub\":\"7\",\"role\":\"staff\"}")), QS_JWT_INVALID);
	char p[1024];
	snprintf(p, sizeof p, "{\"sub\":\"7\",\"role\":\"staff\",\"dept\":2,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"refresh\",\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\"}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
	snprintf(p, sizeof p, "{\"sub\":\"7\",\"role\":\"admin\",\"dept\":2,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"access\",\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\"}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
	snprintf(p, sizeof p, "{\"sub\":\"7\",\"role\":\"root\",\"dept\":null,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"access\",\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\"}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
	snprintf(p, sizeof p, "{\"sub\":\"7\",\"role\":\"staff\",\"dept\":2,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"access\",\"iss\":\"evil\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\"}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
	snprintf(p, sizeof p, "{\"sub\":7,\"role\":\"staff\",\"dept\":2,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"access\",\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\"}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
	snprintf(p, sizeof p, "{\"sub\":\"7\",\"role\":\"staff\",\"dept\":2,\"ver\":3,\"sid\":11,"
	         "\"typ\":\"access\",\"iss\":\"qstream\",\"aud\":\"qstream-api\",\"iat\":%s,"
	         "\"exp\":%s,\"jti\":\"abcdefghijklmnopqrstuv\",\"admin\":true}", iat, exp);
	assert_int_equal(verify(SIGNED(p)), QS_JWT_INVALID);
}

static void test_tampering(void **state)
{
	(void)state;
	char *t = good_token();
	char *dot = strchr(t, '.');
	/* flip one character of the payload */
	dot[5] = dot[5] == 'A' ? 'B' : 'A';
	assert_int_equal(verify(t), QS_JWT_INVALID);
	free(t);
	assert_int_equal(verify(""), QS_JWT_INVALID);
	assert_int_equal(verify("a.b"), QS_JWT_INVALID);
	assert_int_equal(verify("a.b.c.d"), QS_JWT_INVALID);
	assert_int_equal(verify("..."), QS_JWT_INVALID);
	/* a short secret refuses everything */
	struct qs_jwt_keys weak = { (const unsigned char *)"short", 5, "qstream", "qstream-api" };
	struct qs_jwt_claims c;
	t = good_token();
	assert_int_equal(qs_jwt_verify(&weak, t, NOW, &c), QS_JWT_INVALID);
	free(t);
}

static void test_base64url(void **state)
{
	(void)state;
	unsigned char out[16];
	char enc[32];
	assert_int_equal(qs_base64url_encode((const unsigned char *)"\xfb\xff", 2, enc), 3);
	assert_string_equal(enc, "-_8");
	assert_int_equal(qs_base64url_decode("-_8", 3, out), 2);
	assert_int_equal(qs_base64url_decode("-_9", 3, out), -1);   /* non-zero spare bits */
	assert_int_equal(qs_base64url_decode("ab+/", 4, out), -1);  /* not url-safe */
	assert_int_equal(qs_base64url_decode("abcde", 5, out), -1); /* impossible length */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_algorithms_refused),
		cmocka_unit_test(test_claims_checked),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_base64url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
