/* bench/least: the least a FastCGI worker can do for the API's write routes
 * under the contract, the floor bench/run.sh measures the API's writes
 * against through the same nginx, PostgreSQL, Redis and bridge.  Same shape
 * as qstream-api: THREADS threads accepting on one socket, one request per
 * connection, each thread with its own PostgreSQL and Redis connection.  A
 * change is one prepared statement (its own transaction: the gapless number
 * or the ticket's new state, and the department's seq, taken last; the
 * changes of bench/sql/ticket_least.sql and staff_least.sql, with the
 * department found from the service and the number shown as the API shows
 * it), then one
 * PUBLISH of an event the bridge accepts (both views, the seq), then a small
 * JSON answer.  No validation beyond the body's service id, no sign-in, no
 * session, no rules, no view of the ticket, no waiting counts, no rate limit.
 *   bench/least SOCKET_PATH DB_CONNINFO REDIS_PORT [THREADS]   (default 8)
 * Routes, by the path's end (POST):
 *   .../tickets                  body {"service_id": N}: a new ticket, 201
 *   .../tickets/call-next        the first waiting ticket of department 1, 200
 *   .../tickets/ID/start, /complete                                       200
 *   .../auth/login               {"access_token": "least"} (for bench/staff_cycle.mjs)
 * Never beside the API's own writes: a ticket here takes its number, then
 * (the tickets' trigger) its service's count row; the API's take them the
 * other way round, so the two at once can deadlock.  bench/run.sh runs them
 * one after the other, with a TRUNCATE between that waits for the last. */
#include "fcgi_threads.h"

#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *conninfo;
static int redis_port;

/* (bench/sql/ticket_least.sql and staff_least.sql, here with the department
 * found from the service, as a request names only the service, and the
 * number zero-padded as qs_ticket_take pads it) */
static const char sql_take[] =
	"WITH v AS (SELECT s.id, s.department_id, s.prefix FROM services s WHERE s.id = $1),"
	" n AS (INSERT INTO ticket_numbers AS n (service_id, service_day, last_number)"
	"       SELECT v.id, current_date, 1 FROM v"
	"       ON CONFLICT (service_id, service_day) DO UPDATE SET last_number = n.last_number + 1"
	"       RETURNING n.last_number),"
	" t AS (INSERT INTO tickets (public_id, department_id, service_id, number_service_id,"
	"                            service_day, number, ticket_number, priority)"
	"       SELECT md5(random()::text) || md5(random()::text), v.department_id, v.id, v.id,"
	"              current_date, n.last_number,"
	"              v.prefix || '-' || lpad(n.last_number::text, greatest(3, length(n.last_number::text)), '0'),"
	"              'normal'"
	"         FROM v, n RETURNING id, public_id, ticket_number, department_id),"
	" s AS (UPDATE departments SET event_seq = event_seq + 1"
	"        WHERE id = (SELECT department_id FROM v) RETURNING event_seq)"
	" SELECT t.id, t.public_id, t.ticket_number, t.department_id, s.event_seq FROM t, s";
static const char sql_call[] =
	"WITH c AS (UPDATE tickets t SET status = 'called', called_at = clock_timestamp()"
	"            WHERE t.id = (SELECT w.id FROM tickets w"
	"                           WHERE w.department_id = 1 AND w.status = 'waiting'"
	"                           ORDER BY (w.priority = 'high') DESC, w.queued_at, w.id"
	"                           LIMIT 1 FOR UPDATE SKIP LOCKED)"
	"           RETURNING t.id, t.public_id, t.ticket_number, t.department_id),"
	" s AS (UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq)"
	" SELECT c.id, c.public_id, c.ticket_number, c.department_id, s.event_seq FROM c, s";
/* $2: the new status; its time column is set by the same CASE */
static const char sql_move[] =
	"WITH c AS (UPDATE tickets SET status = $2,"
	"             serving_at = CASE WHEN $2 = 'serving' THEN clock_timestamp() ELSE serving_at END,"
	"             completed_at = CASE WHEN $2 = 'completed' THEN clock_timestamp() ELSE completed_at END"
	"            WHERE id = $1 RETURNING id, public_id, ticket_number, department_id),"
	" s AS (UPDATE departments SET event_seq = event_seq + 1"
	"        WHERE id = (SELECT department_id FROM c) RETURNING event_seq)"
	" SELECT c.id, c.public_id, c.ticket_number, c.department_id, s.event_seq FROM c, s";

struct conns {
	PGconn *pg;
	redisContext *redis;
};

/* each thread's own connections (its state; never freed: the process ends by SIGTERM) */
static int connect_all(void **state)
{
	struct conns *c = calloc(1, sizeof *c);
	if (!c)
		return -1;
	*state = c;
	c->pg = PQconnectdb(conninfo);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		fprintf(stderr, "least: %s", PQerrorMessage(c->pg));
		return -1;
	}
	static const struct { const char *name, *sql; int n; } stmts[] = {
		{ "take", sql_take, 1 }, { "call", sql_call, 0 }, { "move", sql_move, 2 },
	};
	for (size_t i = 0; i < sizeof stmts / sizeof *stmts; i++) {
		PGresult *r = PQprepare(c->pg, stmts[i].name, stmts[i].sql, stmts[i].n, NULL);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			fprintf(stderr, "least: %s", PQerrorMessage(c->pg));
		PQclear(r);
		if (!ok)
			return -1;
	}
	c->redis = redisConnect("127.0.0.1", redis_port);
	if (!c->redis || c->redis->err) {
		fprintf(stderr, "least: redis: %s\n", c->redis ? c->redis->errstr : "no memory");
		return -1;
	}
	return 0;
}

/* (formatted here: libfcgi's own FCGX_FPrintF knows no %zu) */
static void reply(FCGX_Request *r, const char *status, const char *body)
{
	char out[512];
	int n = snprintf(out, sizeof out, "Status: %s\r\nContent-Type: application/json\r\n"
	                 "Content-Length: %zu\r\n\r\n%s", status, strlen(body), body);
	FCGX_PutStr(out, n < (int)sizeof out ? n : (int)sizeof out - 1, r->out);
}

/* The change's event: both views, as the bridge requires them (bridge's
 * br_event.c), with the ticket's public id for its own channel.  Formatted
 * by hand, not with json-c as fcgi/events.c does: every value comes from the
 * database's own columns (digits, hex, a prefix and digits), and building
 * the least is the point. */
static void publish(struct conns *c, const char *type, PGresult *res)
{
	char ts[32], view[512], msg[1100], chan[48];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(view, sizeof view,
	         "{\"type\":\"%s\",\"department_id\":%s,\"seq\":%s,\"ts\":\"%s\","
	         "\"ticket\":{\"id\":%s,\"public_id\":\"%s\",\"ticket_number\":\"%s\"}}",
	         type, PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 4), ts, PQgetvalue(res, 0, 0),
	         PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	int len = snprintf(msg, sizeof msg, "{\"staff\":%s,\"public\":%s}", view, view);
	snprintf(chan, sizeof chan, "qstream:dept:%s", PQgetvalue(res, 0, 3));
	redisReply *rep = redisCommand(c->redis, "PUBLISH %s %b", chan, msg, (size_t)len);
	if (rep)
		freeReplyObject(rep);
	else
		fprintf(stderr, "least: publish: %s\n", c->redis->errstr);
}

/* One change: the statement, then (committed) its event, then the answer. */
static void change(FCGX_Request *r, struct conns *c, const char *stmt, int n,
                   const char *const *params, const char *type, const char *ok_status)
{
	PGresult *res = PQexecPrepared(c->pg, stmt, n, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		int failed = PQresultStatus(res) != PGRES_TUPLES_OK;
		if (failed)
			fprintf(stderr, "least: %s", PQerrorMessage(c->pg));
		reply(r, failed ? "500 Internal Server Error" : "404 Not Found",
		      failed ? "{\"error\":{\"code\":\"internal\"}}" : "{\"error\":{\"code\":\"not_found\"}}");
		PQclear(res);
		return;
	}
	publish(c, type, res);
	char body[256];
	snprintf(body, sizeof body, "{\"id\":%s,\"public_id\":\"%s\",\"ticket_number\":\"%s\",\"seq\":%s}",
	         PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
	         PQgetvalue(res, 0, 4));
	reply(r, ok_status, body);
	PQclear(res);
}

static int ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);
	return a >= b && strcmp(s + a - b, end) == 0;
}

static void handle(FCGX_Request *r, void *state)
{
	struct conns *c = state;
	const char *uri = FCGX_GetParam("DOCUMENT_URI", r->envp);
	const char *len_s = FCGX_GetParam("CONTENT_LENGTH", r->envp);
	char body[1024] = "";
	long len = len_s ? strtol(len_s, NULL, 10) : 0;
	if (len > 0 && len < (long)sizeof body)
		FCGX_GetStr(body, (int)len, r->in);
	if (!uri) {
		reply(r, "404 Not Found", "{\"error\":{\"code\":\"not_found\"}}");
	} else if (ends_with(uri, "/auth/login")) {
		reply(r, "200 OK", "{\"access_token\":\"least\"}");
	} else if (ends_with(uri, "/tickets/call-next")) {
		change(r, c, "call", 0, NULL, "ticket_called", "200 OK");
	} else if (ends_with(uri, "/tickets")) {
		const char *p = strstr(body, "\"service_id\"");
		long svc = p && (p = strchr(p, ':')) ? strtol(p + 1, NULL, 10) : 0;
		char svc_s[24];
		snprintf(svc_s, sizeof svc_s, "%ld", svc);
		const char *params[] = { svc_s };
		if (svc > 0)
			change(r, c, "take", 1, params, "ticket_created", "201 Created");
		else
			reply(r, "400 Bad Request", "{\"error\":{\"code\":\"validation_failed\"}}");
	} else if (ends_with(uri, "/start") || ends_with(uri, "/complete")) {
		const char *p = strstr(uri, "/tickets/");
		char id[24];
		snprintf(id, sizeof id, "%ld", p ? strtol(p + 9, NULL, 10) : 0);
		int start = ends_with(uri, "/start");
		const char *params[] = { id, start ? "serving" : "completed" };
		change(r, c, "move", 2, params, start ? "ticket_serving" : "ticket_completed", "200 OK");
	} else {
		reply(r, "404 Not Found", "{\"error\":{\"code\":\"not_found\"}}");
	}
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s SOCKET_PATH DB_CONNINFO REDIS_PORT [THREADS]\n", argv[0]);
		return 2;
	}
	conninfo = argv[2];
	redis_port = atoi(argv[3]);
	return bench_fcgi_run("least", argv[1], argc > 4 ? atoi(argv[4]) : 8, connect_all, handle);
}
