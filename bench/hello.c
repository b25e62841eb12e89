/* bench/hello: the fastest FastCGI answer libfcgi gives, the ceiling the
 * API's read routes are measured against in bench/run.sh.  Same shape as
 * qstream-api: THREADS threads accepting on one socket, one request per
 * connection, a small JSON body; no database, no Redis, no parsing.
 *   bench/hello SOCKET_PATH [THREADS]            (default 8 threads) */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int listen_fd;

/* libfcgi catches SIGTERM for a graceful stop that a thread blocked in
 * accept() never sees: bench/run.sh's kill must end it at once */
static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

static void *serve(void *arg)
{
	(void)arg;
	static const char reply[] = "Status: 200 OK\r\n"
	                            "Content-Type: application/json\r\n"
	                            "Content-Length: 17\r\n\r\n"
	                            "{\"hello\":\"world\"}";
	FCGX_Request r;
	if (FCGX_InitRequest(&r, listen_fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(reply, (int)sizeof reply - 1, r.out);
		FCGX_Finish_r(&r);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
		return 2;
	}
	int threads = argc > 2 ? atoi(argv[2]) : 8;
	if (threads < 1 || threads > 256 || FCGX_Init() != 0 ||
	    (listen_fd = FCGX_OpenSocket(argv[1], 1024)) < 0) {
		fprintf(stderr, "hello: cannot listen on %s\n", argv[1]);
		return 1;
	}
	signal(SIGTERM, on_term);
	pthread_t t[256];
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, serve, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
