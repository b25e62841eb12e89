/* br_auth: `auth`, who sees the staff view, and revoked tokens (br_hub_impl.h). */
#include "br_hub_impl.h"

#include <string.h>
#include <time.h>

#include "qs_log.h"

int64_t hub_wall_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool revocation_matches(const struct br_revocation *rv, const struct br_auth *a)
{
	return a->staff && rv->user_id == a->user_id &&
	       (rv->session_id ? rv->session_id == a->session_id
	                       : a->token_version < rv->token_version);
}

/* Forget revocations whose tokens have all expired by now. */
static void revoked_purge(struct br_hub *hub, int64_t now)
{
	size_t k = 0;
	for (size_t i = 0; i < hub->nrevoked; i++)
		if (hub->revoked[i].until_ms > now)
			hub->revoked[k++] = hub->revoked[i];
	hub->nrevoked = k;
}

static bool is_revoked(struct br_hub *hub, const struct br_auth *a)
{
	revoked_purge(hub, hub_wall_ms());
	for (size_t i = 0; i < hub->nrevoked; i++)
		if (revocation_matches(&hub->revoked[i].rv, a))
			return true;
	return false;
}

void br_hub_revoke(struct br_hub *hub, const struct br_revocation *rv)
{
	int64_t now = hub_wall_ms();
	uint64_t n = 0;

	revoked_purge(hub, now);
	if (hub->nrevoked == hub->caprevoked) {
		size_t cap = hub->caprevoked ? hub->caprevoked * 2 : 16;
		struct br_revoked *r = realloc(hub->revoked, cap * sizeof *r);
		if (r) {
			hub->revoked = r;
			hub->caprevoked = cap;
		}
	}
	if (hub->nrevoked < hub->caprevoked)   /* else: live sockets only */
		hub->revoked[hub->nrevoked++] =
			(struct br_revoked){ *rv, now + (int64_t)hub->cfg.revoke_keep_s * 1000 };
	else
		qs_log_error("ws_out_of_memory", "what=revocation user=%lld",
		             (long long)rv->user_id);
	for (struct br_client *cl = hub->clients; cl; cl = cl->next) {
		if (!revocation_matches(rv, &cl->auth))
			continue;
		hub->st.authenticated--;   /* only a staff view matches */
		memset(&cl->auth, 0, sizeof cl->auth);
		hub_send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the session has ended", NULL);
		n++;
	}
	hub->st.revoked += n;
	qs_log_info("ws_revoked", "user=%lld session=%lld token_version=%lld sockets=%llu",
	            (long long)rv->user_id, (long long)rv->session_id,
	            (long long)rv->token_version, (unsigned long long)n);
}

/* `auth`: verify the access token (signature, algorithm and every claim, as
 * the API does; the bridge cannot see the database, so a revoked token
 * keeps the staff view until it expires, at most 15 minutes).  Afterwards
 * the department channels of the token's department carry the staff view. */
void hub_handle_auth(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct qs_jwt_claims c;
	struct timespec now;

	if (!hub->cfg.jwt) {
		hub->st.auth_refused++;
		hub_send_error(hub, cl, BR_ERR_FORBIDDEN, "authentication is not configured", NULL);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	switch (qs_jwt_verify(hub->cfg.jwt, req->token, (long)now.tv_sec, &c)) {
	case QS_JWT_OK:
		break;
	case QS_JWT_EXPIRED:
		hub->st.auth_refused++;
		hub_send_error(hub, cl, BR_ERR_TOKEN_EXPIRED, "the token has expired", NULL);
		return;
	default:
		hub->st.auth_refused++;
		hub->st.authenticated -= cl->auth.staff;
		memset(&cl->auth, 0, sizeof cl->auth);
		hub_send_error(hub, cl, BR_ERR_FORBIDDEN, "the token is not valid", NULL);
		return;
	}
	struct br_auth a = { true, strcmp(c.role, "admin") == 0, c.dept, (int64_t)c.exp * 1000,
	                     c.sub, c.sid, c.ver };
	if (is_revoked(hub, &a)) {
		hub->st.auth_refused++;
		hub->st.authenticated -= cl->auth.staff;
		memset(&cl->auth, 0, sizeof cl->auth);
		hub_send_error(hub, cl, BR_ERR_FORBIDDEN, "the token is no longer valid", NULL);
		return;
	}
	hub->st.auth_ok++;
	hub->st.authenticated += !cl->auth.staff;
	cl->auth = a;
	qs_log_info("ws_authenticated", "client=%s user=%ld role=%s", cl->id, c.sub, c.role);
	hub_ctrl_push(hub, cl, br_build_authenticated(c.role, c.dept, c.exp));
}

/* Checked frame by frame: an expired token sees the public view at once,
 * even before the next tick tells the socket. */
bool hub_sees_staff_view(const struct br_client *cl, const struct br_channel *ch)
{
	return cl->auth.staff && ch->cn.kind == BR_CHAN_DEPARTMENT &&
	       (cl->auth.admin || cl->auth.dept_id == ch->dept_id) &&
	       hub_wall_ms() < cl->auth.expires_ms;
}
