/* br_hub: the hub's life and the client messages (br_hub.h).
 *
 * The rest of the hub lives beside it, one concern a file (br_hub_impl.h). */
#include "br_hub_impl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qs_log.h"

void br_hub_config_default(struct br_hub_config *cfg)
{
	cfg->heartbeat_s = 25;
	cfg->max_channels = BR_MAX_CHANNELS_PER_SOCKET;
	cfg->dept_ring = 256;
	cfg->ticket_ring = 32;
	cfg->hold_ms = BR_ORDER_HOLD_MS;
	cfg->ctrl_max = 128;
	cfg->jwt = NULL;
	cfg->revoke_keep_s = 900;
}

static struct br_sub *find_sub(const struct br_client *cl, const char *name)
{
	for (int i = 0; i < cl->nsubs; i++)
		if (strcmp(cl->subs[i]->ch->cn.name, name) == 0)
			return cl->subs[i];
	return NULL;
}

void hub_sub_remove(struct br_hub *hub, struct br_client *cl, struct br_sub *s)
{
	struct br_channel *ch = s->ch;
	int i = 0;
	while (cl->subs[i] != s)
		i++;
	cl->subs[i] = cl->subs[--cl->nsubs];
	cl->subs[cl->nsubs] = NULL;
	if (cl->rr >= cl->nsubs)
		cl->rr = 0;
	if (s->prev)
		s->prev->next = s->next;
	else
		ch->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	ch->nsubs--;
	free(s);
	hub_channel_maybe_destroy(hub, ch);
}

static void h_join(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct br_sub *s = find_sub(cl, req->channel.name);
	if (!s) {
		if (cl->nsubs >= hub->cfg.max_channels) {
			char msg[64];
			snprintf(msg, sizeof msg, "a socket may join at most %d channels",
			         hub->cfg.max_channels);
			hub_send_error(hub, cl, BR_ERR_TOO_MANY_CHANNELS, msg, req->channel.name);
			return;
		}
		if (cl->nsubs == cl->subs_cap) {
			int cap = cl->subs_cap ? cl->subs_cap * 2 : SUBS_INITIAL;
			if (cap > hub->cfg.max_channels)
				cap = hub->cfg.max_channels;
			struct br_sub **a = realloc(cl->subs, (size_t)cap * sizeof *a);
			if (!a) {
				hub_ctrl_push(hub, cl, NULL);
				return;
			}
			cl->subs = a;
			cl->subs_cap = cap;
		}
		struct br_channel *ch = hub_channel_get(hub, &req->channel);
		s = ch ? calloc(1, sizeof *s) : NULL;
		if (!s) {
			if (ch)
				hub_channel_maybe_destroy(hub, ch);
			hub_ctrl_push(hub, cl, NULL);
			return;
		}
		s->ch = ch;
		s->cl = cl;
		s->cursor = ch->ring.head;
		s->next = ch->subs;
		if (ch->subs)
			ch->subs->prev = s;
		ch->subs = s;
		ch->nsubs++;
		cl->subs[cl->nsubs++] = s;
	}
	/* joining twice is idempotent: same answer, the subscription stays;
	 * a `since` repositions the cursor, so the replay can repeat events
	 * the client already has (it drops them by seq) but never skips any */
	struct br_channel *ch = s->ch;
	hub_ctrl_push(hub, cl, br_build_joined(ch->cn.name, hub_seq_out(ch->ring.last_seq)));
	if (req->has_since) {
		uint64_t pos;
		if (br_ring_find_since(&ch->ring, req->since, &pos) == 0) {
			s->cursor = pos;
		} else {
			s->cursor = ch->ring.head;
			hub->st.resyncs++;
			hub_ctrl_push(hub, cl, br_build_resync(ch->cn.name, "since_too_old"));
		}
	}
}

static void h_leave(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	struct br_sub *s = find_sub(cl, req->channel.name);
	if (s)
		hub_sub_remove(hub, cl, s);
	hub_ctrl_push(hub, cl, br_build_left(req->channel.name));
}

static void h_ping(struct br_hub *hub, struct br_client *cl, const struct br_request *req)
{
	(void)req;
	hub_ctrl_push(hub, cl, br_build_pong());
}

/* One handler per message type, as in a command table. */
static const struct {
	enum br_req_type type;
	void (*fn)(struct br_hub *, struct br_client *, const struct br_request *);
} handlers[] = {
	{ BR_REQ_JOIN, h_join },
	{ BR_REQ_LEAVE, h_leave },
	{ BR_REQ_PING, h_ping },
	{ BR_REQ_AUTH, hub_handle_auth },
};

void br_hub_client_rx(struct br_hub *hub, struct br_client *cl, const char *text,
                      size_t len, bool binary, int64_t now_ms)
{
	struct br_request *req = NULL;
	char msg[128];

	cl->last_rx_ms = now_ms;
	if (cl->close_code)
		return;
	if (binary) {
		hub_send_error(hub, cl, BR_ERR_BAD_MESSAGE, "messages must be text frames", NULL);
		return;
	}
	req = malloc(sizeof *req);
	if (!req) {
		hub_ctrl_push(hub, cl, NULL);
		return;
	}
	enum br_err rc = br_request_parse(text, len, req, msg, sizeof msg);
	if (rc) {
		/* the message never echoes what the client sent */
		hub_send_error(hub, cl, rc, msg, NULL);
		goto out_req;
	}
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		if (handlers[i].type == req->type) {
			handlers[i].fn(hub, cl, req);
			goto out_req;
		}
	}
	assert(!"request type without handler");
out_req:
	free(req);
}

struct br_hub *br_hub_new(const struct br_hub_config *cfg, const struct br_hub_ops *ops)
{
	assert(cfg->max_channels > 0 && cfg->max_channels <= BR_MAX_CHANNELS_PER_SOCKET);
	assert(cfg->ctrl_max > 0 && cfg->dept_ring > 0 && cfg->ticket_ring > 0);
	struct br_hub *hub = calloc(1, sizeof *hub);
	if (!hub)
		return NULL;
	hub->cfg = *cfg;
	hub->ops = *ops;
	hub->nbuckets = 64;
	hub->buckets = calloc(hub->nbuckets, sizeof *hub->buckets);
	if (!hub->buckets) {
		free(hub);
		return NULL;
	}
	return hub;
}

void br_hub_free(struct br_hub *hub)
{
	if (!hub)
		return;
	while (hub->clients)
		br_hub_client_free(hub, hub->clients);
	hub_channels_free(hub);
	free(hub->revoked);
	free(hub);
}

void br_hub_shutdown(struct br_hub *hub)
{
	for (struct br_client *cl = hub->clients; cl; cl = cl->next)
		hub_client_close(hub, cl, BR_CLOSE_GOING_AWAY, "server shutting down");
}

void br_hub_get_stats(const struct br_hub *hub, struct br_hub_stats *out)
{
	*out = hub->st;
	out->sockets = hub->nclients;
	out->channels = hub->nchannels;
}
