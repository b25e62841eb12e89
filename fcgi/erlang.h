/* erlang: Erlang C, the staffing formula of call centres and queues (one
 * queue, n servers, Poisson arrivals, exponential service).  The one
 * implementation of QStream: schedule coverage and the assistant's staffing
 * answers both use it.  Pure functions.
 *
 * Traffic a = arrivals per second x average handling time (in Erlangs).  The
 * probability of waiting comes from the Erlang B recursion
 *   B(0) = 1,  B(k) = a B(k-1) / (k + a B(k-1)),
 *   C(n) = n B(n) / (n - a (1 - B(n)))      for n > a (else 1),
 * which never forms a^n / n!, so large traffic does not overflow. */
#ifndef QS_ERLANG_H
#define QS_ERLANG_H

struct qs_erlang {
	int agents;             /* servers (staff at counters) */
	double traffic;         /* a, Erlangs */
	double prob_wait;       /* C(n, a): the share of people who wait at all */
	double service_level;   /* the share served within the target wait */
	double avg_wait_s;      /* average wait over everyone (ASA) */
	double occupancy;       /* a / n */
};

/* C(n, a); 1 when n <= a (the queue grows without end). */
double qs_erlang_c(int agents, double traffic);

/* The figures of `agents` servers for `arrivals` per `interval_s` seconds
 * with average handling time aht_s and a target wait target_s. */
struct qs_erlang qs_erlang_eval(int agents, double arrivals, double interval_s, double aht_s,
                                double target_s);

/* The fewest agents whose service level reaches `goal` (0..1), with their
 * figures in *out; 0 agents when nobody arrives.  At most max_agents: -1
 * when even those do not reach the goal (*out then holds max_agents). */
int qs_erlang_agents(double arrivals, double interval_s, double aht_s, double target_s,
                     double goal, int max_agents, struct qs_erlang *out);

#endif
