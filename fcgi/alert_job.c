/* alert_job: the periodic alert evaluation (alert_job.h). */
#include "alert_job.h"
#include "ctx.h"
#include "qs_log.h"
#include "svc_dashboard.h"

#include <signal.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Sleep up to seconds, waking early when asked to stop. */
static void nap(int seconds)
{
	for (int i = 0; i < seconds * 10 && !stop_requested; i++)
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
}

int qs_alert_job_run(const struct qs_config *cfg)
{
	struct qs_ctx ctx;
	struct sigaction sa;
	int leader = 0;

	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = cfg;
	qs_db_init(&ctx.db, cfg);
	qs_redis_init(&ctx.redis, cfg);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	qs_log_info("alert_job_started", "interval_s=%d idle_s=%d", cfg->alert_interval_s,
	            cfg->alert_idle_s);

	while (!stop_requested) {
		int now_leader = svc_alerts_leader(&ctx);
		if (now_leader != leader)
			qs_log_info(now_leader ? "alert_job_leading" : "alert_job_standing_by", "-");
		leader = now_leader;
		if (leader) {
			svc_alerts_tick(&ctx);
			svc_dashboard_rollup(&ctx);
		}
		nap(cfg->alert_interval_s);
	}
	qs_log_info("alert_job_stopped", "-");
	qs_db_cleanup(&ctx.db);
	qs_redis_cleanup(&ctx.redis);
	return 0;
}
