/* bench/fcgi_threads: the process shape that bench/hello and bench/least
 * share with qstream-api: THREADS threads accepting on one FastCGI socket,
 * one request per connection, ended at once by SIGTERM. */
#ifndef BENCH_FCGI_THREADS_H
#define BENCH_FCGI_THREADS_H

#include <fcgiapp.h>

/* Listen on socket_path, then run handle(request, state) for each request
 * in each of threads threads.  init(state) runs first in each thread (NULL:
 * none; non-zero: the process exits).  Returns only on an error, with a
 * message on stderr naming the program. */
int bench_fcgi_run(const char *name, const char *socket_path, int threads,
                   int (*init)(void **state), void (*handle)(FCGX_Request *r, void *state));

#endif
