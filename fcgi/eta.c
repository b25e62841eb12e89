/* eta: the wait estimate (eta.h). */
#include "eta.h"

#include <math.h>

struct qs_eta qs_eta_range(const struct qs_eta_input *in)
{
	/* the recent real service times, but never believed beyond a factor
	 * of three of the configured figure: a burst of instant no-shows or a
	 * stuck ticket must not make the estimate absurd */
	double configured = in->avg_service_minutes > 0 ? (double)in->avg_service_minutes : 5.0;
	double per_customer = configured;
	if (in->recent_service_seconds > 0) {
		per_customer = in->recent_service_seconds / 60.0;
		if (per_customer < configured / 3)
			per_customer = configured / 3;
		if (per_customer > configured * 3)
			per_customer = configured * 3;
	}
	int counters = in->open_counters > 0 ? in->open_counters : 1;
	double ahead = in->people_ahead > 0 ? (double)in->people_ahead : 0.0;

	/* the people ahead are served in parallel by the open counters; the
	 * customers at the counters now finish somewhere within one service time */
	double expected = ahead * per_customer / counters;
	double spread = per_customer / counters;
	struct qs_eta e;
	e.low = (int)floor(expected * 0.8);
	e.high = (int)ceil(expected * 1.2 + spread);
	if (in->open_counters <= 0)
		e.high = (int)ceil(e.high * 1.5);
	if (e.high < e.low)
		e.high = e.low;
	return e;
}
