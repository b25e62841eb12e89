/* bench/hello: the fastest FastCGI answer libfcgi gives, the ceiling the
 * API's read routes are measured against in bench/run.sh.  Same shape as
 * qstream-api: THREADS threads accepting on one socket, one request per
 * connection, a small JSON body; no database, no Redis, no parsing.
 *   bench/hello SOCKET_PATH [THREADS]            (default 8 threads) */
#include "fcgi_threads.h"

#include <stdio.h>
#include <stdlib.h>

static void handle(FCGX_Request *r, void *state)
{
	(void)state;
	static const char reply[] = "Status: 200 OK\r\n"
	                            "Content-Type: application/json\r\n"
	                            "Content-Length: 17\r\n\r\n"
	                            "{\"hello\":\"world\"}";
	FCGX_PutStr(reply, (int)sizeof reply - 1, r->out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
		return 2;
	}
	return bench_fcgi_run("hello", argv[1], argc > 2 ? atoi(argv[2]) : 8, NULL, handle);
}
