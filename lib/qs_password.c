/* qs_password: Argon2id hashing, verification and policy (qs_password.h). */
#include "qs_password.h"
#include "qs_json.h"

#include <argon2.h>
#include <ctype.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <strings.h>

/* OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane */
#define T_COST 2
#define M_COST 19456
#define PARALLELISM 1
#define SALT_LEN 16
#define HASH_LEN 32

static sem_t slots;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int slots_wanted = 4;

static void init_slots(void)
{
	sem_init(&slots, 0, (unsigned)slots_wanted);
}

void qs_password_init(int max_concurrent)
{
	if (max_concurrent > 0)
		slots_wanted = max_concurrent;
	pthread_once(&once, init_slots);
}

static void slot_take(void)
{
	pthread_once(&once, init_slots);
	while (sem_wait(&slots) != 0)
		;
}

static void slot_give(void)
{
	sem_post(&slots);
}

int qs_password_hash(const char *password, char *out, size_t outlen)
{
	unsigned char salt[SALT_LEN];
	if (RAND_bytes(salt, sizeof salt) != 1)
		return -1;
	if (argon2_encodedlen(T_COST, M_COST, PARALLELISM, SALT_LEN, HASH_LEN, Argon2_id) > outlen)
		return -1;
	slot_take();
	int rc = argon2id_hash_encoded(T_COST, M_COST, PARALLELISM, password, strlen(password),
	                               salt, sizeof salt, HASH_LEN, out, outlen);
	slot_give();
	return rc == ARGON2_OK ? 0 : -1;
}

/* The Argon2id hash of a password nobody has, with the same parameters as
 * real hashes, so that verifying against it costs the same. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=19456,t=2,p=1$c3RhdGljLWR1bW15LXNhbHQ$"
	"ZbbVDJkOXqJnQrLyxQs49/cq4L2bO/paVXCoZsy/by0";

int qs_password_verify(const char *encoded, const char *password)
{
	int match;
	slot_take();
	/* argon2id_verify compares in constant time */
	match = argon2id_verify(encoded ? encoded : dummy_hash, password, strlen(password)) ==
	        ARGON2_OK;
	slot_give();
	return encoded ? match : 0;
}

/* The most common passwords of at least 8 characters in public breach
 * lists, plus a few obvious ones for a queue system. */
static const char *const common[] = {
	"12345678", "123456789", "1234567890", "12341234", "11111111", "00000000", "88888888",
	"87654321", "11223344", "12121212", "123123123", "147258369", "987654321", "01234567",
	"password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword",
	"qwertyui", "qwerty123", "qwertyuiop", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "q1w2e3r4",
	"asdfghjk", "asdf1234", "zxcvbnm1", "abcd1234", "abc12345", "iloveyou", "sunshine",
	"princess", "football", "baseball", "superman", "starwars", "trustno1", "whatever",
	"letmein1", "welcome1", "welcome123", "admin123", "administrator", "changeme", "computer",
	"internet", "michelle", "jennifer", "1234qwer", "qazwsxedc", "aa123456", "dragon12",
	"monkey12", "master12", "shadow12", "killer12", "liverpool", "chelsea1", "arsenal1",
	"charlie1", "access14", "mustang1", "jordan23", "password!", "secret123", "test1234",
	"testtest", "qstream1", "qstream123", "qstream-demo", "queue123", "ticket123",
};

const char *qs_password_policy(const char *password, const char *username)
{
	size_t chars = qs_utf8_length(password);
	if (chars < QS_PASSWORD_MIN)
		return "too_short";
	if (chars > QS_PASSWORD_MAX)
		return "too_long";
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (strcasecmp(password, common[i]) == 0)
			return "too_common";
	if (username && strcasecmp(password, username) == 0)
		return "too_common";
	/* one character repeated is as good as none */
	size_t same = 1;
	for (size_t i = 1; password[i]; i++)
		same += password[i] == password[0];
	if (same == strlen(password))
		return "too_common";
	return NULL;
}
