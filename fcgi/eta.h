/* eta: the wait estimate, a range in whole minutes. */
#ifndef QS_ETA_H
#define QS_ETA_H

struct qs_eta_input {
	long people_ahead;              /* waiting tickets called before this one */
	long priority_ahead;            /* of which high priority */
	int avg_service_minutes;        /* configured fallback */
	double recent_service_seconds;  /* measured mean, 0 when unknown */
	int open_counters;              /* serving this service now */
};

struct qs_eta {
	int low, high;
};

/* Pure function, unit-tested.  With no open counter the estimate assumes one
 * will open and widens the range. */
struct qs_eta qs_eta_range(const struct qs_eta_input *in);

#endif
