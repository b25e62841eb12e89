/* master: the API as a small master process that keeps N worker processes
 * alive, as php-fpm and spawn-fcgi do.
 *
 * The master opens nothing itself: the caller opens the listening socket
 * before qs_master_run(), every worker process inherits it and accepts on it
 * with its own threads, and the kernel hands each connection to one of
 * them.  So a worker that crashes or is killed costs only the requests it
 * was serving; the others go on, and the master forks a new one at once (or,
 * when the new ones keep dying within a second of their start, after a
 * backoff from 100 ms doubling to 10 s).
 *
 * The master is single-threaded, holds no database or Redis connection and
 * serves no request.  Signals: SIGTERM or SIGINT stop it gracefully (each
 * worker finishes the requests it holds and serves the connections already
 * queued on the socket, then exits; the master exits when the last one
 * has); SIGHUP is logged and otherwise
 * ignored (there is nothing to reload: restart to change the
 * configuration).  A worker whose master dies gets SIGTERM
 * (PR_SET_PDEATHSIG) and stops the same way. */
#ifndef QS_MASTER_H
#define QS_MASTER_H

#define QS_MASTER_MAX_PROCESSES 64

/* What each worker process runs; its return value is the exit status.  It
 * starts with SIGTERM and SIGINT blocked, to take them with sigwait(). */
typedef int (*qs_worker_fn)(void *arg);

/* Fork nprocs (1..QS_MASTER_MAX_PROCESSES) workers running fn(arg), keep
 * them alive, and return 0 once a stop signal has stopped them all.  Call it
 * single-threaded (before any thread exists).  on_stop(arg), when given, runs
 * as the master starts to stop, before the workers are told: the caller
 * lets go of the listening socket there (see fcgi/main.c). */
int qs_master_run(int nprocs, qs_worker_fn fn, void *arg, void (*on_stop)(void *));

#endif
