/* bench/fcgi_threads: see fcgi_threads.h. */
#include "fcgi_threads.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int listen_fd;
static int (*thread_init)(void **state);
static void (*thread_handle)(FCGX_Request *r, void *state);

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
	void *state = NULL;
	FCGX_Request r;
	if (thread_init && thread_init(&state) != 0)
		_exit(1);
	if (FCGX_InitRequest(&r, listen_fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&r) >= 0) {
		thread_handle(&r, state);
		FCGX_Finish_r(&r);
	}
	return NULL;
}

int bench_fcgi_run(const char *name, const char *socket_path, int threads,
                   int (*init)(void **state), void (*handle)(FCGX_Request *r, void *state))
{
	if (threads < 1 || threads > 256 || FCGX_Init() != 0 ||
	    (listen_fd = FCGX_OpenSocket(socket_path, 1024)) < 0) {
		fprintf(stderr, "%s: cannot listen on %s\n", name, socket_path);
		return 1;
	}
	thread_init = init;
	thread_handle = handle;
	signal(SIGTERM, on_term);
	pthread_t t[256];
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, serve, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
