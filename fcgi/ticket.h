/* ticket: a queue ticket as the services and views see it. */
#ifndef QS_TICKET_H
#define QS_TICKET_H

struct qs_ticket {
	long id, department_id, service_id, counter_id, served_by;
	long transferred_from_service_id;       /* 0: none */
	char public_id[72];
	char ticket_number[24];
	char status[16];
	char priority[8];
	char *service_name, *department_name, *counter_name;    /* counter_name may be NULL */
	char *customer_name, *customer_phone, *notes;           /* may be NULL */
	int recall_count, delays_used;
	int rating;                     /* 0: not rated */
	char created_at[24], queued_at[24], called_at[24], serving_at[24], completed_at[24];
	/* for waiting tickets: */
	long people_ahead;              /* -1 unless waiting */
	long priority_ahead;
	int avg_service_minutes;        /* the service's configured figure */
	double recent_service_seconds;  /* mean of recent real service times, 0: none */
	int open_counters;              /* open counters that serve this service */
};

void qs_ticket_cleanup(struct qs_ticket *t);

#endif
