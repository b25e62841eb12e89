/* qs_jwt: HS256 access tokens (qs_jwt.h). */
#include "qs_jwt.h"
#include "qs_base64.h"
#include "qs_file.h"
#include "qs_random.h"

#include <errno.h>
#include <json-c/json.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_MAX 2048

int qs_jwt_sign(const struct qs_jwt_keys *k, struct qs_jwt_claims *c, char **token)
{
	jwt_t *jwt = NULL;
	json_object *p = NULL;
	char sub[24];
	int rc = -1;

	*token = NULL;
	if (!c->jti[0] && qs_random_token(c->jti, sizeof c->jti, 16))
		return -1;
	snprintf(sub, sizeof sub, "%ld", c->sub);
	p = json_object_new_object();
	json_object_object_add(p, "sub", json_object_new_string(sub));
	json_object_object_add(p, "role", json_object_new_string(c->role));
	json_object_object_add(p, "dept", c->dept > 0 ? json_object_new_int64(c->dept) : NULL);
	json_object_object_add(p, "ver", json_object_new_int64(c->ver));
	json_object_object_add(p, "sid", json_object_new_int64(c->sid));
	json_object_object_add(p, "typ", json_object_new_string("access"));
	json_object_object_add(p, "iss", json_object_new_string(k->iss));
	json_object_object_add(p, "aud", json_object_new_string(k->aud));
	json_object_object_add(p, "iat", json_object_new_int64(c->iat));
	json_object_object_add(p, "exp", json_object_new_int64(c->exp));
	json_object_object_add(p, "jti", json_object_new_string(c->jti));

	if (jwt_new(&jwt) != 0 ||
	    jwt_add_grants_json(jwt, json_object_to_json_string_ext(p, JSON_C_TO_STRING_PLAIN)) != 0 ||
	    jwt_set_alg(jwt, JWT_ALG_HS256, k->secret, (int)k->secret_len) != 0)
		goto out;
	*token = jwt_encode_str(jwt);
	rc = *token ? 0 : -1;
out:
	jwt_free(jwt);
	json_object_put(p);
	return rc;
}

/* A JSON object from one base64url segment, strictly parsed. */
static json_object *segment_json(const char *seg, size_t len)
{
	unsigned char buf[TOKEN_MAX];
	if (len == 0 || len * 3 / 4 + 1 > sizeof buf)
		return NULL;
	long n = qs_base64url_decode(seg, len, buf);
	if (n <= 0)
		return NULL;
	json_tokener *tok = json_tokener_new_ex(4);
	if (!tok)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	json_object *o = json_tokener_parse_ex(tok, (const char *)buf, (int)n);
	if (o && (json_tokener_get_error(tok) != json_tokener_success ||
	          json_tokener_get_parse_end(tok) != (size_t)n ||
	          !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* The header must be {"alg":"HS256"} with at most "typ":"JWT" beside it. */
static int header_ok(const char *token, size_t len)
{
	json_object *h = segment_json(token, len);
	int ok = 0;
	if (!h)
		return 0;
	json_object *alg = NULL, *typ = NULL;
	int n = json_object_object_length(h);
	if (json_object_object_get_ex(h, "alg", &alg) && json_object_is_type(alg, json_type_string) &&
	    strcmp(json_object_get_string(alg), "HS256") == 0) {
		if (n == 1)
			ok = 1;
		else if (n == 2 && json_object_object_get_ex(h, "typ", &typ) &&
		         json_object_is_type(typ, json_type_string) &&
		         strcmp(json_object_get_string(typ), "JWT") == 0)
			ok = 1;
	}
	json_object_put(h);
	return ok;
}

static int get_int(json_object *p, const char *key, long *out)
{
	json_object *v;
	if (!json_object_object_get_ex(p, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	int64_t x = json_object_get_int64(v);
	if (errno)
		return -1;
	*out = (long)x;
	return 0;
}

static const char *get_str(json_object *p, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(p, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static enum qs_jwt_result check_claims(const struct qs_jwt_keys *k, json_object *p, long now,
                                       struct qs_jwt_claims *c)
{
	static const char *const known[] = { "sub", "role", "dept", "ver", "sid", "typ",
	                                      "iss", "aud", "iat", "exp", "jti" };
	const char *sub, *role, *typ, *iss, *aud, *jti;
	json_object *dept;
	char *end;

	if (json_object_object_length(p) != (int)(sizeof known / sizeof known[0]))
		return QS_JWT_INVALID;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!json_object_object_get_ex(p, known[i], NULL))
			return QS_JWT_INVALID;

	sub = get_str(p, "sub");
	role = get_str(p, "role");
	typ = get_str(p, "typ");
	iss = get_str(p, "iss");
	aud = get_str(p, "aud");
	jti = get_str(p, "jti");
	if (!sub || !role || !typ || !iss || !aud || !jti)
		return QS_JWT_INVALID;
	if (strcmp(typ, "access") != 0 || strcmp(iss, k->iss) != 0 || strcmp(aud, k->aud) != 0)
		return QS_JWT_INVALID;
	if (sub[0] < '1' || sub[0] > '9')
		return QS_JWT_INVALID;
	errno = 0;
	c->sub = strtol(sub, &end, 10);
	if (errno || *end || c->sub <= 0)
		return QS_JWT_INVALID;
	if (strcmp(role, "admin") != 0 && strcmp(role, "manager") != 0 && strcmp(role, "staff") != 0)
		return QS_JWT_INVALID;
	snprintf(c->role, sizeof c->role, "%s", role);
	if (strlen(jti) < 16 || strlen(jti) >= sizeof c->jti)
		return QS_JWT_INVALID;
	snprintf(c->jti, sizeof c->jti, "%s", jti);

	json_object_object_get_ex(p, "dept", &dept);
	if (dept == NULL) {
		c->dept = 0;
	} else if (get_int(p, "dept", &c->dept) || c->dept <= 0) {
		return QS_JWT_INVALID;
	}
	if ((strcmp(role, "admin") == 0) != (c->dept == 0))
		return QS_JWT_INVALID;
	if (get_int(p, "ver", &c->ver) || c->ver <= 0 || get_int(p, "sid", &c->sid) || c->sid <= 0 ||
	    get_int(p, "iat", &c->iat) || get_int(p, "exp", &c->exp))
		return QS_JWT_INVALID;
	if (c->iat > now + QS_JWT_SKEW_S || c->exp <= c->iat)
		return QS_JWT_INVALID;
	if (c->exp <= now)
		return QS_JWT_EXPIRED;
	return QS_JWT_OK;
}

enum qs_jwt_result qs_jwt_verify(const struct qs_jwt_keys *k, const char *token, long now,
                                 struct qs_jwt_claims *out)
{
	enum qs_jwt_result res = QS_JWT_INVALID;
	jwt_t *jwt = NULL;
	json_object *p = NULL;
	size_t len = strlen(token);

	memset(out, 0, sizeof *out);
	if (len == 0 || len > TOKEN_MAX || !k->secret || k->secret_len < QS_JWT_MIN_SECRET)
		return QS_JWT_INVALID;
	const char *dot1 = strchr(token, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot1 || !dot2 || strchr(dot2 + 1, '.') || dot2[1] == '\0')
		return QS_JWT_INVALID;
	if (!header_ok(token, (size_t)(dot1 - token)))
		return QS_JWT_INVALID;

	if (jwt_decode(&jwt, token, k->secret, (int)k->secret_len) != 0 || !jwt)
		goto out;
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	/* the payload as sent, parsed by us: libjwt's getters convert types */
	p = segment_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	if (!p)
		goto out;
	res = check_claims(k, p, now, out);
out:
	json_object_put(p);
	jwt_free(jwt);
	return res;
}

unsigned char *qs_jwt_load_secret(const char *path, size_t *len, char *errbuf, size_t errlen)
{
	size_t n = 0;
	char *s = qs_file_read(path, &n);
	if (!s) {
		snprintf(errbuf, errlen, "jwt_secret_file: cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	if (n < QS_JWT_MIN_SECRET) {
		snprintf(errbuf, errlen, "jwt_secret_file: %s holds %zu bytes; at least %d are needed",
		         path, n, QS_JWT_MIN_SECRET);
		free(s);
		return NULL;
	}
	*len = n;
	return (unsigned char *)s;
}
