/* user: a staff account as the services and views see it. */
#ifndef QS_USER_H
#define QS_USER_H

struct qs_user {
	long id;
	char username[72];
	char full_name[808];    /* 200 characters of UTF-8 */
	char role[16];
	long department_id;     /* 0: none (admin) */
	int active;
	long token_version;
	char created_at[24];
};

#endif
