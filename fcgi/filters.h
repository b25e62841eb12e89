/* filters: what a list request asks for, shared by handlers, services and
 * queries. */
#ifndef QS_FILTERS_H
#define QS_FILTERS_H

/* ?limit= and ?offset= */
struct qs_page {
	long limit, offset;
};

/* GET /tickets */
struct qs_ticket_filter {
	long department_id;     /* 0: any */
	const char *statuses;   /* "{waiting,called}" or NULL */
	long service_id;        /* 0: any */
	const char *date;       /* service day YYYY-MM-DD or NULL */
	const char *q;          /* number or customer name, or NULL */
};

#endif
