/* Fuzz target: the bridge's parser of what arrives from Redis
 * (wsbridge/br_event.c br_event_parse, br_revocation_parse), and the hub
 * fanning a parsed event out to a department and a ticket subscriber.
 * An accepted event's frames must be its published views, untouched but for
 * "channel": the staff frame the "staff" member, every public frame the
 * "public" member (the bridge routes; it never makes a view).
 *
 * Input: the Redis channel name, a newline, then the payload. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "br_event.h"
#include "br_hub.h"
#include "qs_json.h"
#include "qs_log.h"

static void op_want_write(void *ud, void *conn) { (void)ud; (void)conn; }
static void op_closing(void *ud, void *conn) { (void)ud; (void)conn; }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	qs_log_set_level("error");
	return 0;
}

/* A frame the bridge sends is one JSON object that names its channel. */
static void check_frame(const struct br_msg *m)
{
	json_object *o = json_tokener_parse(br_msg_text(m));
	json_object *ch;
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "channel", &ch))
		abort();
	json_object_put(o);
}

/* Frame m is the view `which` of the published root, with only "channel"
 * set (to channel). */
static void check_view(const struct br_msg *m, json_object *root, const char *which,
                       const char *channel)
{
	json_object *frame = json_tokener_parse(br_msg_text(m)), *view, *ch;
	if (!frame || !json_object_object_get_ex(root, which, &view) || !view ||
	    !json_object_object_get_ex(frame, "channel", &ch) ||
	    strcmp(json_object_get_string(ch), channel) != 0)
		abort();
	view = json_object_get(view);
	json_object_object_del(view, "channel");   /* the publisher's, replaced */
	json_object_object_del(frame, "channel");
	if (!json_object_equal(frame, view))
		abort();
	json_object_put(view);
	json_object_put(frame);
}

static void check_views(const struct br_event *ev, const char *body, size_t len)
{
	json_object *root = NULL;
	struct qs_err err;
	char chan[96];

	qs_err_clear(&err);
	if (qs_json_parse_object(body, len, &root, &err) != QS_OK)
		abort();                    /* accepted, so it parses */
	snprintf(chan, sizeof chan, "department:%lld", (long long)ev->dept_id);
	check_view(ev->staff, root, "staff", chan);
	check_view(ev->pub, root, "public", chan);
	if (ev->ticket_pub) {
		snprintf(chan, sizeof chan, "ticket:%s", ev->public_id);
		check_view(ev->ticket_pub, root, "public", chan);
	}
	json_object_put(root);
}

/* Deliver ev to one subscriber of its department and, when it names a
 * ticket, one of that ticket; every frame must be well formed. */
static void fan_out(struct br_event *ev)
{
	struct br_hub_config cfg;
	struct br_hub_ops ops = { op_want_write, op_closing, NULL };
	int conn = 0;
	char join[160];
	struct br_frame f;

	br_hub_config_default(&cfg);
	struct br_hub *hub = br_hub_new(&cfg, &ops);
	struct br_client *cl = hub ? br_hub_client_new(hub, &conn, 0) : NULL;
	if (!cl) {
		br_event_free(ev);
		br_hub_free(hub);
		return;
	}
	int n = snprintf(join, sizeof join, "{\"type\":\"join\",\"channel\":\"department:%lld\"}",
	                 (long long)ev->dept_id);
	br_hub_client_rx(hub, cl, join, (size_t)n, false, 0);
	if (ev->public_id[0]) {
		n = snprintf(join, sizeof join, "{\"type\":\"join\",\"channel\":\"ticket:%s\"}",
		             ev->public_id);
		br_hub_client_rx(hub, cl, join, (size_t)n, false, 0);
	}
	while (br_hub_client_next(hub, cl, &f) && !f.close_code)
		br_msg_unref(f.msg);            /* welcome, joined */
	br_hub_ingest(hub, ev, 0);
	br_hub_tick(hub, 10000);               /* a held event is released */
	while (br_hub_client_next(hub, cl, &f) && !f.close_code) {
		if (strstr(br_msg_text(f.msg), "\"channel\""))
			check_frame(f.msg);
		br_msg_unref(f.msg);
	}
	br_hub_client_free(hub, cl);
	br_hub_free(hub);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t clen = nl ? (size_t)(nl - data) : 0;
	const uint8_t *payload = nl ? nl + 1 : data;
	size_t plen = size - (size_t)(payload - data);
	char why[64];

	/* hiredis hands over a counted buffer: copy exactly plen bytes */
	char *chan = malloc(clen + 1), *body = malloc(plen ? plen : 1);
	if (!chan || !body)
		goto out;
	memcpy(chan, data, clen);
	chan[clen] = '\0';
	memcpy(body, payload, plen);

	struct br_event *ev = br_event_parse(nl ? chan : NULL, body, plen, why, sizeof why);
	if (ev) {
		if (ev->dept_id < 1 || ev->seq < 0 || !ev->staff || !ev->pub ||
		    (ev->public_id[0] != '\0') != (ev->ticket_pub != NULL))
			abort();
		check_views(ev, body, plen);
		fan_out(ev);
	} else if (!why[0]) {
		abort();                    /* a refusal says why */
	}
	struct br_revocation rv;
	if (br_revocation_parse(body, plen, &rv) == 0 &&
	    (rv.user_id < 1 || (rv.session_id == 0) == (rv.token_version == 0)))
		abort();
out:
	free(chan);
	free(body);
	return 0;
}
