/* erlang: Erlang C (erlang.h). */
#include "erlang.h"

#include <math.h>

double qs_erlang_c(int agents, double traffic)
{
	if (traffic <= 0)
		return 0;
	if (agents <= 0 || (double)agents <= traffic)
		return 1;
	double b = 1;
	for (int k = 1; k <= agents; k++)
		b = traffic * b / (k + traffic * b);
	return agents * b / (agents - traffic * (1 - b));
}

struct qs_erlang qs_erlang_eval(int agents, double arrivals, double interval_s, double aht_s,
                                double target_s)
{
	struct qs_erlang e = { .agents = agents };
	e.traffic = interval_s > 0 ? arrivals * aht_s / interval_s : 0;
	e.prob_wait = qs_erlang_c(agents, e.traffic);
	if (e.traffic <= 0) {
		e.service_level = 1;
		return e;
	}
	if (agents <= 0 || (double)agents <= e.traffic) {
		/* overloaded: the wait grows without end */
		e.service_level = 0;
		e.avg_wait_s = INFINITY;
		e.occupancy = 1;
		return e;
	}
	double free_capacity = agents - e.traffic;
	e.service_level = 1 - e.prob_wait * exp(-free_capacity * target_s / aht_s);
	e.avg_wait_s = e.prob_wait * aht_s / free_capacity;
	e.occupancy = e.traffic / agents;
	return e;
}

int qs_erlang_agents(double arrivals, double interval_s, double aht_s, double target_s,
                     double goal, int max_agents, struct qs_erlang *out)
{
	if (arrivals <= 0 || aht_s <= 0 || interval_s <= 0) {
		*out = qs_erlang_eval(0, 0, interval_s, aht_s, target_s);
		return 0;
	}
	double traffic = arrivals * aht_s / interval_s;
	/* below the traffic the queue never clears: start just above it */
	int n = (int)floor(traffic) + 1;
	for (; n <= max_agents; n++) {
		*out = qs_erlang_eval(n, arrivals, interval_s, aht_s, target_s);
		if (out->service_level >= goal)
			return n;
	}
	*out = qs_erlang_eval(max_agents, arrivals, interval_s, aht_s, target_s);
	return -1;
}
