/* svc_assistant: the assistant's answers (svc_assistant.h). */
#include "svc_assistant.h"
#include "assistant_rules.h"
#include "dates.h"
#include "db_assistant.h"
#include "db_dashboard.h"
#include "db_departments.h"
#include "db_schedule.h"
#include "eta.h"
#include "llm.h"
#include "qs_log.h"
#include "svc_schedule.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 256

struct ask {
	struct qs_ctx *ctx;
	const struct qs_principal *who;
	struct qs_question q;
	long dept;                      /* the department answered about; 0: none yet */
	char dept_name[201];
	char today[QS_DATE_LEN];
	long dept_ids[MAX_NAMES], svc_ids[MAX_NAMES];
	char *dept_names[MAX_NAMES], *svc_names[MAX_NAMES];
	size_t ndepts, nsvcs;
	json_object *facts, *suggestions;
	char answer[4096];
	size_t alen;
};

static int vi(const struct ask *a)
{
	return a->q.lang == QS_LANG_VI;
}

static int is_role(const struct ask *a, const char *role)
{
	return strcmp(a->who->role, role) == 0;
}

/* Append to the answer, in the question's language.  Both formats must read
 * the same arguments in the same order (%.0s skips a string). */
static void say(struct ask *a, const char *en, const char *vi_fmt, ...)
{
	va_list ap;
	va_start(ap, vi_fmt);
	if (a->alen < sizeof a->answer) {
		int n = vsnprintf(a->answer + a->alen, sizeof a->answer - a->alen,
		                  vi(a) ? vi_fmt : en, ap);
		if (n > 0)
			a->alen += (size_t)n < sizeof a->answer - a->alen ? (size_t)n
			                                                  : sizeof a->answer - a->alen - 1;
	}
	va_end(ap);
}

static void suggest(struct ask *a, const char *en, const char *vi_text)
{
	json_object_array_add(a->suggestions, json_object_new_string(vi(a) ? vi_text : en));
}

static json_object *num1(double v)
{
	return json_object_new_double(round(v * 10) / 10);
}

/* A figure as the answer writes it: to one decimal, without a trailing
 * ".0", with a decimal comma in Vietnamese ("38.5", "38,5", "24"). */
struct numtext {
	char s[32];
};
static struct numtext num(const struct ask *a, double v)
{
	struct numtext t;
	double r = round(v * 10) / 10;
	if (r == floor(r))
		snprintf(t.s, sizeof t.s, "%.0f", r);
	else
		snprintf(t.s, sizeof t.s, "%.1f", r);
	char *dot = strchr(t.s, '.');
	if (dot && vi(a))
		*dot = ',';
	return t;
}

static const char *weekday(const struct ask *a, int isodow)
{
	/* one two-dimensional table: GCC's UBSan takes an element of `vi ? vn :
	 * en` for a read beyond an object (a false positive that aborts) */
	static const char *const names[2][7] = {
		{ "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
		{ "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật" },
	};
	return isodow >= 1 && isodow <= 7 ? names[vi(a)][isodow - 1] : "?";
}

/* ---- names and scope ---- */

static void on_department(long id, const char *name, void *arg)
{
	struct ask *a = arg;
	if (a->ndepts < MAX_NAMES && (a->dept_names[a->ndepts] = strdup(name)))
		a->dept_ids[a->ndepts++] = id;
}

static void on_service(long id, const char *name, void *arg)
{
	struct ask *a = arg;
	if (a->nsvcs < MAX_NAMES && (a->svc_names[a->nsvcs] = strdup(name)))
		a->svc_ids[a->nsvcs++] = id;
}

static void names_free(struct ask *a)
{
	for (size_t i = 0; i < a->ndepts; i++)
		free(a->dept_names[i]);
	for (size_t i = 0; i < a->nsvcs; i++)
		free(a->svc_names[i]);
	a->ndepts = a->nsvcs = 0;
}

static enum qs_rc load_names(struct ask *a, long dept, struct qs_err *err)
{
	names_free(a);
	return db_assistant_names(&a->ctx->db, dept, on_department, on_service, a, err);
}

static const char *dept_name_of(const struct ask *a, long id)
{
	for (size_t i = 0; i < a->ndepts; i++)
		if (a->dept_ids[i] == id)
			return a->dept_names[i];
	return NULL;
}

/* ---- one function per intent ---- */

struct waits {
	struct ask *a;
	long service;                   /* 0: every service */
	json_object *list;
};

static void add_wait(const struct qs_public_service_row *r, void *arg)
{
	struct waits *w = arg;
	if (r->department_id != w->a->dept || !r->service_id ||
	    (w->service && r->service_id != w->service))
		return;
	struct qs_eta_input in = { .people_ahead = r->waiting,
	                           .avg_service_minutes = r->avg_service_minutes,
	                           .recent_service_seconds = r->recent_service_seconds,
	                           .open_counters = r->open_counters };
	struct qs_eta e = qs_eta_range(&in);
	int minutes = (int)lround((e.low + e.high) / 2.0);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "service_id", json_object_new_int64(r->service_id));
	json_object_object_add(o, "service", json_object_new_string(r->service_name));
	json_object_object_add(o, "waiting", json_object_new_int64(r->waiting));
	json_object_object_add(o, "open_counters", json_object_new_int(r->open_counters));
	json_object_object_add(o, "estimated_wait_minutes", json_object_new_int(minutes));
	json_object_array_add(w->list, o);
	say(w->a, "%s: %ld waiting, %d counter%s open; a ticket taken now waits about %d min. ",
	    /* %.0s takes the English plural: both formats read the same arguments */
	    "%s: %ld người đang chờ, %d quầy%.0s đang mở; vé lấy bây giờ chờ khoảng %d phút. ",
	    r->service_name, r->waiting, r->open_counters, r->open_counters == 1 ? "" : "s", minutes);
}

static enum qs_rc answer_wait(struct ask *a, struct qs_err *err)
{
	struct waits w = { a, a->q.service >= 0 ? a->svc_ids[a->q.service] : 0,
	                   json_object_new_array() };
	json_object_object_add(a->facts, "services", w.list);
	enum qs_rc rc = db_departments_public(&a->ctx->db, add_wait, &w, err);
	if (!rc && json_object_array_length(w.list) == 0)
		say(a, "%s has no service open for tickets. ", "%s không có dịch vụ nào đang nhận vé. ",
		    a->dept_name);
	suggest(a, "What are the busiest hours?", "Giờ nào đông khách nhất?");
	suggest(a, "How many staff do we need tomorrow at 10?",
	        "Cần bao nhiêu nhân viên lúc 10 giờ ngày mai?");
	return rc;
}

static void day_named(const struct ask *a, char out[QS_DATE_LEN])
{
	if (a->q.date[0])
		snprintf(out, QS_DATE_LEN, "%s", a->q.date);
	else
		qs_date_from_days(qs_date_days(a->today) + a->q.day_offset, out);
}

static long get_int(json_object *o, const char *key)
{
	return json_object_get_int64(json_object_object_get(o, key));
}

static double get_dbl(json_object *o, const char *key)
{
	return json_object_get_double(json_object_object_get(o, key));
}

static enum qs_rc answer_staffing(struct ask *a, struct qs_err *err)
{
	char date[QS_DATE_LEN];
	json_object *cov = NULL;
	if (is_role(a, "staff")) {
		say(a, "Staffing plans are for managers; your manager can ask me. ",
		    "Kế hoạch nhân sự dành cho quản lý; quản lý của bạn có thể hỏi tôi. ");
		suggest(a, "How am I doing today?", "Hiệu suất của tôi hôm nay?");
		return QS_OK;
	}
	day_named(a, date);
	enum qs_rc rc = svc_staffing(a->ctx, a->who, a->dept, date, &cov, err);
	if (rc)
		return rc;
	json_object *hours = json_object_object_get(cov, "hours");
	long sla = get_int(cov, "sla_wait_minutes");
	json_object_object_add(a->facts, "date", json_object_new_string(date));
	json_object_object_add(a->facts, "sla_wait_minutes", json_object_new_int64(sla));
	json_object_object_add(a->facts, "service_level_goal_pct", json_object_new_int(80));
	json_object *list = json_object_new_array();
	json_object_object_add(a->facts, "hours", list);
	long peak = 0, peak_hour = -1, short_hours = 0;
	for (size_t i = 0; i < json_object_array_length(hours); i++) {
		json_object *h = json_object_array_get_idx(hours, i);
		long hour = get_int(h, "hour");
		if (a->q.hour >= 0 ? hour != a->q.hour : get_dbl(h, "expected_arrivals") <= 0)
			continue;
		json_object *row = json_object_new_object();
		static const char *const keys[] = { "hour", "expected_arrivals", "avg_service_minutes",
		                                    "recommended_staff", "scheduled_staff" };
		for (size_t k = 0; k < 5; k++)
			json_object_object_add(row, keys[k],
			                       json_object_get(json_object_object_get(h, keys[k])));
		json_object_array_add(list, row);
		long need = get_int(h, "recommended_staff");
		if (need > peak) {
			peak = need;
			peak_hour = hour;
		}
		short_hours += get_int(h, "scheduled_staff") < need;
		if (a->q.hour >= 0) {
			say(a, "On %s at %02ld:00: about %s arrivals expected, %s min each; %ld staff "
			       "serve 80%% within %ld min (%ld scheduled). ",
			    "Ngày %s lúc %02ld:00: dự kiến khoảng %s lượt khách, mỗi lượt %s phút; cần %ld "
			    "nhân viên để phục vụ 80%% trong vòng %ld phút (đã xếp lịch %ld). ",
			    date, hour, num(a, get_dbl(h, "expected_arrivals")).s,
			    num(a, get_dbl(h, "avg_service_minutes")).s, need, sla,
			    get_int(h, "scheduled_staff"));
			break;
		}
	}
	if (a->q.hour < 0 && peak_hour >= 0) {
		say(a, "On %s the most staff are needed at %02ld:00: %ld, to serve 80%% within %ld min; "
		       "%ld hour%s have fewer scheduled than recommended. ",
		    "Ngày %s cần nhiều nhân viên nhất lúc %02ld:00: %ld người, để phục vụ 80%% trong vòng "
		    "%ld phút; %ld giờ có ít người trong lịch hơn mức khuyến nghị. ",
		    date, peak_hour, peak, sla, short_hours, short_hours == 1 ? "" : "s");
		json_object_object_add(a->facts, "peak_hour", json_object_new_int64(peak_hour));
		json_object_object_add(a->facts, "peak_staff", json_object_new_int64(peak));
		json_object_object_add(a->facts, "understaffed_hours", json_object_new_int64(short_hours));
	} else if (json_object_array_length(list) == 0) {
		say(a, "No arrivals are expected on %s%s (from the same weekday of the last 8 weeks). ",
		    "Không dự kiến có khách vào ngày %s%s (theo cùng ngày trong tuần của 8 tuần qua). ",
		    date, a->q.hour >= 0 ? " at that hour" : "");
	}
	json_object_put(cov);
	suggest(a, "What are the busiest hours?", "Giờ nào đông khách nhất?");
	suggest(a, "How many staff do we need tomorrow?", "Ngày mai cần bao nhiêu nhân viên?");
	return QS_OK;
}

struct busiest {
	struct ask *a;
	json_object *hours, *days;
	int nday;
	double top_day, low_day;
	int top_wd, low_wd;
};

static void add_busy(const char *kind, int wd, int hour, double arrivals, void *arg)
{
	struct busiest *b = arg;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "weekday", json_object_new_string(weekday(b->a, wd)));
	if (strcmp(kind, "hour") == 0) {
		json_object_object_add(o, "hour", json_object_new_int(hour));
		json_object_object_add(o, "avg_arrivals", num1(arrivals));
		json_object_array_add(b->hours, o);
		return;
	}
	json_object_object_add(o, "avg_arrivals", num1(arrivals));
	json_object_array_add(b->days, o);
	if (b->nday++ == 0) {
		b->top_day = arrivals;
		b->top_wd = wd;
	}
	b->low_day = arrivals;
	b->low_wd = wd;
}

static enum qs_rc answer_busiest(struct ask *a, struct qs_err *err)
{
	struct busiest b = { a, json_object_new_array(), json_object_new_array(), 0, 0, 0, 0, 0 };
	json_object_object_add(a->facts, "weeks", json_object_new_int(8));
	json_object_object_add(a->facts, "busiest_hours", b.hours);
	json_object_object_add(a->facts, "days", b.days);
	enum qs_rc rc = db_assistant_busiest(&a->ctx->db, a->dept, a->today, add_busy, &b, err);
	if (rc)
		return rc;
	if (!b.nday) {
		say(a, "%s has no tickets in the last 8 weeks yet. ",
		    "%s chưa có vé nào trong 8 tuần qua. ", a->dept_name);
	} else {
		say(a, "Over the last 8 weeks the busiest hours were ", "Trong 8 tuần qua, giờ đông nhất là ");
		for (size_t i = 0; i < json_object_array_length(b.hours); i++) {
			json_object *h = json_object_array_get_idx(b.hours, i);
			say(a, "%s%s %02ld:00 (%s arrivals)", "%s%s %02ld:00 (%s lượt)", i ? ", " : "",
			    json_object_get_string(json_object_object_get(h, "weekday")), get_int(h, "hour"),
			    num(a, get_dbl(h, "avg_arrivals")).s);
		}
		say(a, ". The busiest day is %s (%s arrivals on average), the quietest %s (%s). ",
		    ". Ngày đông nhất là %s (trung bình %s lượt), vắng nhất là %s (%s). ",
		    weekday(a, b.top_wd), num(a, b.top_day).s, weekday(a, b.low_wd), num(a, b.low_day).s);
	}
	suggest(a, "How many staff do we need tomorrow?", "Ngày mai cần bao nhiêu nhân viên?");
	suggest(a, "How long is the wait now?", "Bây giờ phải chờ bao lâu?");
	return QS_OK;
}

struct perf {
	struct qs_figures f;
	long rows;
	json_object *list;
};

static void add_perf(const struct qs_dash_staff_row *r, void *arg)
{
	struct perf *p = arg;
	if (p->rows++ == 0)
		p->f = r->f;
	if (p->list && json_object_array_length(p->list) < 3 && r->f.served > 0) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(r->full_name));
		json_object_object_add(o, "served", json_object_new_int64(r->f.served));
		json_object_array_add(p->list, o);
	}
}

static json_object *perf_facts(const struct qs_figures *f)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "served", json_object_new_int64(f->served));
	json_object_object_add(o, "avg_service_minutes",
	                       isnan(f->avg_service_s) ? NULL : num1(f->avg_service_s / 60));
	json_object_object_add(o, "avg_rating",
	                       isnan(f->avg_rating) ? NULL : num1(f->avg_rating));
	json_object_object_add(o, "no_shows", json_object_new_int64(f->no_shows));
	return o;
}

static void say_perf(struct ask *a, const char *en_when, const char *vi_when,
                     const struct qs_figures *f)
{
	say(a, "%s: %ld served", "%s: đã phục vụ %ld lượt", vi(a) ? vi_when : en_when, f->served);
	if (!isnan(f->avg_service_s))
		say(a, ", %s min on average", ", trung bình %s phút", num(a, f->avg_service_s / 60).s);
	if (!isnan(f->avg_rating))
		say(a, ", rated %s", ", đánh giá %s", num(a, f->avg_rating).s);
	say(a, ". ", ". ");
}

static enum qs_rc answer_performance(struct ask *a, struct qs_err *err)
{
	char monday[QS_DATE_LEN];
	long days = qs_date_days(a->today);
	qs_date_from_days(days - ((days + 3) % 7), monday);     /* 1970-01-01 was a Thursday */
	struct perf today = { 0 }, week = { 0 };
	long total;
	enum qs_rc rc;
	if (is_role(a, "staff")) {
		if ((rc = db_dash_staff(&a->ctx->db, a->dept, a->today, a->today, a->who->user_id, 1, 0,
		                        add_perf, &today, &total, err)) ||
		    (rc = db_dash_staff(&a->ctx->db, a->dept, monday, a->today, a->who->user_id, 1, 0,
		                        add_perf, &week, &total, err)))
			return rc;
		json_object_object_add(a->facts, "today", perf_facts(&today.f));
		json_object_object_add(a->facts, "this_week", perf_facts(&week.f));
		json_object_object_add(a->facts, "week_from", json_object_new_string(monday));
		say_perf(a, "Today", "Hôm nay", &today.f);
		say_perf(a, "This week", "Tuần này", &week.f);
	} else {
		struct qs_figures day;
		struct perf team = { .list = json_object_new_array() };
		if ((rc = db_dash_day(&a->ctx->db, a->dept, a->today, 0, 0, &day, err)) ||
		    (rc = db_dash_staff(&a->ctx->db, a->dept, a->today, a->today, 0, 200, 0, add_perf,
		                        &team, &total, err))) {
			json_object_put(team.list);
			return rc;
		}
		json_object *t = perf_facts(&day);
		json_object_object_add(t, "arrivals", json_object_new_int64(day.arrivals));
		json_object_object_add(t, "sla_met_pct", isnan(day.sla_met_pct) ? NULL : num1(day.sla_met_pct));
		json_object_object_add(a->facts, "today", t);
		json_object_object_add(a->facts, "top_staff", team.list);
		say(a, "Today the team of %s served %ld of %ld arrivals",
		    "Hôm nay nhóm %s đã phục vụ %ld trên %ld lượt khách", a->dept_name, day.served,
		    day.arrivals);
		if (!isnan(day.sla_met_pct))
			say(a, "; %s%% were called within the target", "; %s%% được gọi trong thời gian mục tiêu",
			    num(a, day.sla_met_pct).s);
		say(a, ". ", ". ");
		for (size_t i = 0; i < json_object_array_length(team.list); i++) {
			json_object *o = json_object_array_get_idx(team.list, i);
			say(a, "%s%s %ld", "%s%s %ld", i ? ", " : (vi(a) ? "Nhiều nhất: " : "Most served: "),
			    json_object_get_string(json_object_object_get(o, "name")), get_int(o, "served"));
		}
		if (json_object_array_length(team.list))
			say(a, ". ", ". ");
	}
	suggest(a, "How long is the wait now?", "Bây giờ phải chờ bao lâu?");
	suggest(a, "What are the busiest hours?", "Giờ nào đông khách nhất?");
	return QS_OK;
}

struct texts {
	char **v;
	size_t n, cap;
};

static void add_text(const char *message, void *arg)
{
	struct texts *t = arg;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		char **v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return;
		t->v = v;
		t->cap = cap;
	}
	if ((t->v[t->n] = strdup(message)))
		t->n++;
}

/* the first 160 bytes of s, cut at a character boundary */
static json_object *excerpt(const char *s)
{
	size_t n = strlen(s);
	if (n <= 160)
		return json_object_new_string(s);
	n = 157;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	char buf[168];
	snprintf(buf, sizeof buf, "%.*s...", (int)n, s);
	return json_object_new_string(buf);
}

static enum qs_rc answer_complaints(struct ask *a, struct qs_err *err)
{
	struct texts t = { 0 };
	struct qs_theme th[5];
	long total = 0;
	if (is_role(a, "staff")) {
		say(a, "Complaints are read by managers; your manager can ask me. ",
		    "Khiếu nại do quản lý xem; quản lý của bạn có thể hỏi tôi. ");
		suggest(a, "How am I doing today?", "Hiệu suất của tôi hôm nay?");
		return QS_OK;
	}
	enum qs_rc rc = db_assistant_complaints(&a->ctx->db, a->dept, add_text, &t, &total, err);
	if (!rc) {
		int n = qs_complaint_themes((const char *const *)t.v, t.n, th, 5);
		json_object *list = json_object_new_array();
		json_object_object_add(a->facts, "open_complaints", json_object_new_int64(total));
		json_object_object_add(a->facts, "themes", list);
		say(a, "%s has %ld open complaint%s. ", "%s có %ld khiếu nại đang mở. ", a->dept_name, total,
		    total == 1 ? "" : "s");
		for (int i = 0; i < n; i++) {
			json_object *o = json_object_new_object(), *ex = json_object_new_array();
			json_object_object_add(o, "phrase", json_object_new_string(th[i].phrase));
			json_object_object_add(o, "count", json_object_new_int(th[i].count));
			for (int k = 0; k < 2; k++)
				if (th[i].examples[k] >= 0)
					json_object_array_add(ex, excerpt(t.v[th[i].examples[k]]));
			json_object_object_add(o, "examples", ex);
			json_object_array_add(list, o);
			say(a, "%s\"%s\" (%d)", "%s\"%s\" (%d)",
			    i ? ", " : (vi(a) ? "Thường gặp nhất: " : "Most frequent: "), th[i].phrase,
			    th[i].count);
		}
		if (n)
			say(a, ". ", ". ");
	}
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	suggest(a, "How long is the wait now?", "Bây giờ phải chờ bao lâu?");
	suggest(a, "How is the team doing today?", "Hiệu suất của nhóm hôm nay?");
	return rc;
}

/* How to use QStream, per role: a table, so a reader sees every text. */
static const struct {
	const char *role, *en, *vi;
} help_texts[] = {
	{ "staff",
	  "Open your counter on the console, then press \"Call next\" (or N); start, complete, "
	  "recall, mark a no-show or transfer the ticket from its card. The board announces each call. "
	  "\"My schedule\" shows your shifts and gives you a calendar file.",
	  "Mở quầy của bạn trên màn hình làm việc, rồi bấm \"Gọi tiếp\" (hoặc phím N); bắt đầu, hoàn "
	  "thành, gọi lại, đánh dấu vắng mặt hoặc chuyển vé từ thẻ của vé. Bảng hiển thị sẽ thông báo "
	  "mỗi lượt gọi. \"Lịch của tôi\" cho biết ca làm và tệp lịch để tải về." },
	{ "manager",
	  "Your overview shows the day as it happens; pick a date or a range for the trend, and "
	  "export a CSV. Plan shifts on the Schedule screen (copy last week, then adjust); the "
	  "coverage chart shows where you are short. Manage services, counters and staff from the menu.",
	  "Trang tổng quan cho thấy tình hình trong ngày; chọn ngày hoặc khoảng thời gian để xem xu "
	  "hướng và xuất tệp CSV. Xếp ca ở màn hình Lịch (sao chép tuần trước rồi chỉnh); biểu đồ "
	  "độ phủ cho biết giờ nào thiếu người. Quản lý dịch vụ, quầy và nhân viên từ menu." },
	{ "admin",
	  "Create departments, then their services, counters, managers and staff; the dashboard "
	  "shows all departments together or one; system settings hold the recall limit and the "
	  "announcement language.",
	  "Tạo các phòng ban, rồi dịch vụ, quầy, quản lý và nhân viên của từng phòng; bảng điều khiển "
	  "cho thấy tất cả phòng ban hoặc từng phòng; phần cài đặt hệ thống có giới hạn gọi lại và "
	  "ngôn ngữ thông báo." },
};

static void capabilities(struct ask *a)
{
	say(a, "I can tell you the wait now per service, the staff needed per hour, the busiest "
	       "hours and days, your own or your team's figures, complaint themes, and how to use "
	       "QStream.",
	    "Tôi có thể cho biết thời gian chờ hiện tại theo dịch vụ, số nhân viên cần theo giờ, giờ "
	    "và ngày đông khách nhất, kết quả làm việc của bạn hoặc của nhóm, chủ đề khiếu nại, và "
	    "cách sử dụng QStream.");
}

static enum qs_rc answer_help(struct ask *a, struct qs_err *err)
{
	(void)err;
	for (size_t i = 0; i < sizeof help_texts / sizeof help_texts[0]; i++)
		if (is_role(a, help_texts[i].role))
			say(a, "%s ", "%s ", vi(a) ? help_texts[i].vi : help_texts[i].en);
	capabilities(a);
	suggest(a, "How long is the wait now?", "Bây giờ phải chờ bao lâu?");
	suggest(a, "What are the busiest hours?", "Giờ nào đông khách nhất?");
	return QS_OK;
}

static enum qs_rc answer_unknown(struct ask *a, struct qs_err *err)
{
	(void)err;
	say(a, "Sorry, I did not understand that. ", "Xin lỗi, tôi chưa hiểu câu hỏi. ");
	capabilities(a);
	suggest(a, "How long is the wait now?", "Bây giờ phải chờ bao lâu?");
	if (!is_role(a, "staff"))
		suggest(a, "How many staff do we need tomorrow at 10?",
		        "Cần bao nhiêu nhân viên lúc 10 giờ ngày mai?");
	suggest(a, "What are the busiest hours?", "Giờ nào đông khách nhất?");
	suggest(a, "How do I use QStream?", "Hướng dẫn sử dụng QStream");
	return QS_OK;
}

/* ---- the question ---- */

static void reading(struct ask *a, const char *question)
{
	qs_question_read(question, (const char *const *)a->svc_names, a->nsvcs,
	                 (const char *const *)a->dept_names, a->ndepts, &a->q);
}

enum qs_rc svc_assistant_ask(struct qs_ctx *ctx, const struct qs_principal *who,
                             const char *question, long department_id, json_object **out,
                             struct qs_err *err)
{
	static enum qs_rc (*const answers[])(struct ask *, struct qs_err *) = {
		[QS_INTENT_UNKNOWN] = answer_unknown, [QS_INTENT_WAIT] = answer_wait,
		[QS_INTENT_STAFFING] = answer_staffing, [QS_INTENT_BUSIEST] = answer_busiest,
		[QS_INTENT_PERFORMANCE] = answer_performance, [QS_INTENT_COMPLAINTS] = answer_complaints,
		[QS_INTENT_HELP] = answer_help,
	};
	struct ask *a = calloc(1, sizeof *a);
	enum qs_rc rc;
	char tz[64];
	int sla;

	*out = NULL;
	/* questions per user and minute (Redis down: not counted) */
	char key[64];
	long count = 0, ttl = 0;
	snprintf(key, sizeof key, "qstream:assistant:user:%ld", who->user_id);
	if (qs_redis_incr_window(&ctx->redis, key, 60, &count, &ttl) == 0 &&
	    count > ctx->cfg->assistant_questions_per_minute) {
		free(a);
		qs_err_set(err, QS_E_RATE_LIMITED, NULL, "too many questions; try again in a minute");
		err->retry_after = ttl > 0 ? (int)ttl : 60;
		return QS_E_RATE_LIMITED;
	}
	if (!a)
		return qs_err_set(err, QS_E_INTERNAL, NULL, "out of memory");
	a->ctx = ctx;
	a->who = who;
	a->facts = json_object_new_object();
	a->suggestions = json_object_new_array();
	int admin = is_role(a, "admin");
	/* the department asked about: as the REST routes allow */
	if (department_id && !admin && department_id != who->department_id) {
		rc = qs_err_set(err, QS_E_NOT_FOUND, NULL, "department not found");
		goto out;
	}
	a->dept = admin ? department_id : who->department_id;
	if ((rc = load_names(a, a->dept, err)))
		goto out;
	reading(a, question);
	long named = a->q.department_id ? a->q.department_id
	           : a->q.department >= 0 ? a->dept_ids[a->q.department] : 0;
	if (admin && !a->dept && named) {
		if (!dept_name_of(a, named)) {
			say(a, "There is no active department %ld. ", "Không có phòng ban %ld đang hoạt động. ",
			    named);
			named = 0;
		} else {
			a->dept = named;
			if ((rc = load_names(a, a->dept, err)))
				goto out;
			reading(a, question);
		}
	}
	if (a->dept && (rc = db_staffing_department(&ctx->db, a->dept, tz, &sla, a->today, err)))
		goto out;
	const char *own = a->dept ? dept_name_of(a, a->dept) : NULL;
	snprintf(a->dept_name, sizeof a->dept_name, "%s", own ? own : "");
	if (!admin && named && named != a->dept) {
		/* another department: never a figure of it, only this note */
		say(a, "I can only answer about %s. ", "Tôi chỉ trả lời về %s. ", a->dept_name);
		json_object_object_add(a->facts, "note", json_object_new_string("own_department_only"));
	}
	if (!a->dept && a->q.intent != QS_INTENT_HELP && a->q.intent != QS_INTENT_UNKNOWN) {
		say(a, "Which department? Name one in the question, or choose it on the screen. ",
		    "Phòng ban nào? Hãy nêu tên trong câu hỏi hoặc chọn trên màn hình. ");
		for (size_t i = 0; i < a->ndepts && i < 3; i++) {
			char s[300];
			snprintf(s, sizeof s, vi(a) ? "%s: phải chờ bao lâu?" : "How long is the wait at %s?",
			         a->dept_names[i]);
			json_object_array_add(a->suggestions, json_object_new_string(s));
		}
	} else if ((rc = answers[a->q.intent](a, err))) {
		goto out;
	}
	while (a->alen && a->answer[a->alen - 1] == ' ')
		a->answer[--a->alen] = '\0';
	*out = json_object_new_object();
	char *phrased = NULL, why[120] = "";
	if (ctx->cfg->assistant_model_url[0]) {
		/* the model only phrases the facts; anything wrong: our wording */
		phrased = qs_llm_phrase(ctx->cfg, question, qs_intent_name(a->q.intent),
		                        vi(a) ? "vi" : "en", a->facts, why, sizeof why);
		if (!phrased)
			qs_log_warn("assistant_model_fallback", "user=%ld intent=%s reason=\"%s\"",
			            who->user_id, qs_intent_name(a->q.intent), why);
	}
	json_object_object_add(*out, "answer", json_object_new_string(phrased ? phrased : a->answer));
	if (phrased)
		json_object_object_add(*out, "rule_answer", json_object_new_string(a->answer));
	json_object_object_add(*out, "phrased_by", json_object_new_string(phrased ? "model" : "rules"));
	free(phrased);
	json_object_object_add(*out, "intent", json_object_new_string(qs_intent_name(a->q.intent)));
	json_object_object_add(*out, "language", json_object_new_string(vi(a) ? "vi" : "en"));
	json_object_object_add(*out, "department_id",
	                       a->dept ? json_object_new_int64(a->dept) : NULL);
	json_object_object_add(*out, "facts", a->facts);
	json_object_object_add(*out, "suggestions", a->suggestions);
	a->facts = a->suggestions = NULL;
out:
	json_object_put(a->facts);
	json_object_put(a->suggestions);
	names_free(a);
	free(a);
	return rc;
}
