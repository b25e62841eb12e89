/* Passwords: Argon2id round trip and the policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "qs_password.h"

static void test_hash_and_verify(void **state)
{
	(void)state;
	char a[QS_PASSWORD_HASH_MAX], b[QS_PASSWORD_HASH_MAX];
	qs_password_init(2);
	assert_int_equal(qs_password_hash("correct horse battery", a, sizeof a), 0);
	assert_int_equal(qs_password_hash("correct horse battery", b, sizeof b), 0);
	assert_true(strncmp(a, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
	assert_string_not_equal(a, b); /* a random salt each time */
	assert_int_equal(qs_password_verify(a, "correct horse battery"), 1);
	assert_int_equal(qs_password_verify(a, "correct horse batterY"), 0);
	assert_int_equal(qs_password_verify(NULL, "correct horse battery"), 0);
	assert_int_equal(qs_password_verify("not a hash", "x"), 0);
	/* the demo data's hash */
	assert_int_equal(qs_password_verify("$argon2id$v=19$m=19456,t=2,p=1$TTdKZzVtUFI4U2NOZTBiYw$"
	                                    "1a3c52oYG2AGJzhn1nF+9L/hfKEinSOM+sH5rVtwMN8",
	                                    "qstream-demo"), 1);
}

static void test_policy(void **state)
{
	(void)state;
	assert_null(qs_password_policy("Tr4in-Station-17", "sam"));
	assert_string_equal(qs_password_policy("short", "sam"), "too_short");
	assert_string_equal(qs_password_policy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	                                       "sam"), "too_short"); /* 7 characters, 14 bytes */
	char longpw[200];
	memset(longpw, 'a', sizeof longpw - 1);
	longpw[0] = 'b';
	longpw[sizeof longpw - 1] = '\0';
	assert_string_equal(qs_password_policy(longpw, "sam"), "too_long");
	assert_string_equal(qs_password_policy("Password123", "sam"), "too_common");
	assert_string_equal(qs_password_policy("qwertyuiop", "sam"), "too_common");
	assert_string_equal(qs_password_policy("sam.the.man", "sam.the.man"), "too_common");
	assert_string_equal(qs_password_policy("zzzzzzzzzz", "sam"), "too_common");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
