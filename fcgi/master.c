/* master: keeps the worker processes alive (master.h). */
#include "master.h"
#include "metrics.h"
#include "qs_log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define QUICK_DEATH_MS 1000     /* a worker that dies sooner died "at once" */
#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS 10000

struct proc {
	pid_t pid;              /* 0: none */
	long started_ms;
	long due_ms;            /* when to fork again; -1: not due */
	int quick_deaths;       /* in a row */
	int respawn;            /* the next fork replaces one that died */
};

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void on_sigchld(int sig)
{
	(void)sig; /* only so that SIGCHLD is never discarded; sigtimedwait takes it */
}

static void spawn(struct proc *p, int slot, qs_worker_fn fn, void *arg, const sigset_t *orig,
                  pid_t master)
{
	fflush(NULL); /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		p->due_ms = now_ms() + BACKOFF_MAX_MS / 10;
		qs_log_error("worker_fork_failed", "slot=%d error=\"%s\" retry_in_ms=%d", slot,
		             strerror(e), BACKOFF_MAX_MS / 10);
		return;
	}
	if (pid == 0) {
		/* the worker: stops as on SIGTERM when its master is gone */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != master)
			_exit(1);
		signal(SIGCHLD, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigset_t mask = *orig;
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGINT);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		exit(fn(arg));
	}
	p->pid = pid;
	p->started_ms = now_ms();
	p->due_ms = -1;
	metrics_process(1, p->respawn);
	qs_log_info("worker_started", "slot=%d pid=%ld respawn=%d", slot, (long)pid, p->respawn);
}

/* A worker ended: say how, and when its slot is forked again. */
static void ended(struct proc *p, int slot, int status, int stopping)
{
	long lived = now_ms() - p->started_ms;
	char how[48];

	if (WIFSIGNALED(status))
		snprintf(how, sizeof how, "signal=%d", WTERMSIG(status));
	else
		snprintf(how, sizeof how, "status=%d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	metrics_process(-1, 0);
	p->pid = 0;
	if (stopping) {
		qs_log_info("worker_stopped", "slot=%d %s lived_ms=%ld", slot, how, lived);
		return;
	}
	long delay = 0;
	if (lived < QUICK_DEATH_MS) {
		int n = p->quick_deaths++;
		delay = BACKOFF_FIRST_MS;
		while (n-- > 0 && delay < BACKOFF_MAX_MS)
			delay *= 2;
		if (delay > BACKOFF_MAX_MS)
			delay = BACKOFF_MAX_MS;
	} else {
		p->quick_deaths = 0;
	}
	p->due_ms = now_ms() + delay;
	p->respawn = 1;
	qs_log_warn("worker_died", "slot=%d %s lived_ms=%ld respawn_in_ms=%ld", slot, how, lived,
	            delay);
}

int qs_master_run(int nprocs, qs_worker_fn fn, void *arg, void (*on_stop)(void *))
{
	struct proc procs[QS_MASTER_MAX_PROCESSES];
	sigset_t set, orig;
	pid_t master = getpid();
	int stopping = 0;

	if (nprocs < 1 || nprocs > QS_MASTER_MAX_PROCESSES)
		return 1;
	memset(procs, 0, sizeof procs);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &orig);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);

	qs_log_info("master_started", "pid=%ld processes=%d", (long)master, nprocs);
	for (int i = 0; i < nprocs; i++)
		spawn(&procs[i], i, fn, arg, &orig, master);

	for (;;) {
		int alive = 0;
		long wait = -1, now = now_ms();
		for (int i = 0; i < nprocs; i++) {
			if (procs[i].pid)
				alive++;
			else if (!stopping && procs[i].due_ms >= 0) {
				long left = procs[i].due_ms > now ? procs[i].due_ms - now : 0;
				if (wait < 0 || left < wait)
					wait = left;
			}
		}
		if (stopping && alive == 0)
			break;

		siginfo_t info;
		int sig;
		if (wait < 0) {
			sig = sigwaitinfo(&set, &info);
		} else {
			struct timespec ts = { wait / 1000, (wait % 1000) * 1000000 };
			sig = sigtimedwait(&set, &info, &ts);
		}
		if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			stopping = 1;
			qs_log_info("stopping", "signal=%d workers=%d", sig, alive);
			if (on_stop)
				on_stop(arg);
			for (int i = 0; i < nprocs; i++)
				if (procs[i].pid)
					kill(procs[i].pid, SIGTERM);
		} else if (sig == SIGHUP) {
			qs_log_info("sighup_ignored", "reason=\"nothing to reload: restart the service "
			            "to change its configuration\"");
		}

		/* whatever woke us: SIGCHLD coalesces, so reap every worker that ended */
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (int i = 0; i < nprocs; i++) {
				if (procs[i].pid == pid) {
					ended(&procs[i], i, status, stopping);
					break;
				}
			}
		}
		if (stopping)
			continue;
		now = now_ms();
		for (int i = 0; i < nprocs; i++)
			if (!procs[i].pid && procs[i].due_ms >= 0 && procs[i].due_ms <= now)
				spawn(&procs[i], i, fn, arg, &orig, master);
	}
	/* the stop signals stay blocked: a second SIGTERM must not cut the
	 * caller's cleanup short */
	return 0;
}
