/* The assistant's rules: folding, intents in English and Vietnamese,
 * service and department names with accents, times and days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "assistant_rules.h"
#include "llm.h"

static const char *const services[] = { "Xét nghiệm máu", "Khám bệnh", "Blood tests",
                                        "General practice" };
static const char *const depts[] = { "Outpatient Clinic", "Citizen Services", "Phòng Hộ tịch" };

static struct qs_question ask(const char *q)
{
	struct qs_question out;
	qs_question_read(q, services, 4, depts, 3, &out);
	return out;
}

static void test_fold(void **state)
{
	(void)state;
	char out[256];
	qs_fold("Bao lâu nữa đến lượt dịch vụ Xét nghiệm máu?", out, sizeof out);
	assert_string_equal(out, "bao lau nua den luot dich vu xet nghiem mau");
	/* decomposed marks (NFD) fold the same */
	qs_fold("Ca\xCC\x82\xCC\x80n bao nhie\xCC\x82u", out, sizeof out);
	assert_string_equal(out, "can bao nhieu");
	qs_fold("ĐẶNG  Thị--Ngọc, Ánh!", out, sizeof out);
	assert_string_equal(out, "dang thi ngoc anh");
	qs_fold("Ærø Straße", out, sizeof out);
	assert_string_equal(out, "aro strase");     /* one letter each, no ligatures */
	/* invalid UTF-8 and control bytes are separators, never crashes */
	qs_fold("a\xFF\xC3" "b\x01" "c", out, sizeof out);
	assert_string_equal(out, "a b c");
	/* output is bounded */
	assert_int_equal(qs_fold("abcdefgh", out, 4), 3);
	assert_string_equal(out, "abc");
	assert_true(qs_text_is_vietnamese("Cần bao nhiêu nhân viên?"));
	assert_true(qs_text_is_vietnamese("đ"));
	assert_false(qs_text_is_vietnamese("How long is the wait? Café"));
}

static void test_intents(void **state)
{
	(void)state;
	static const struct { const char *q; enum qs_intent intent; enum qs_lang lang; } cases[] = {
		{ "How long is the wait for blood tests?", QS_INTENT_WAIT, QS_LANG_EN },
		{ "Bao lâu nữa đến lượt dịch vụ Xét nghiệm máu?", QS_INTENT_WAIT, QS_LANG_VI },
		{ "bao lau nua den luot", QS_INTENT_WAIT, QS_LANG_VI },
		{ "How many staff do we need tomorrow at 10?", QS_INTENT_STAFFING, QS_LANG_EN },
		{ "Cần bao nhiêu nhân viên lúc 10 giờ?", QS_INTENT_STAFFING, QS_LANG_VI },
		{ "Cần bao nhiêu nhân viên cho ngày mai?", QS_INTENT_STAFFING, QS_LANG_VI },
		{ "What are the busiest hours?", QS_INTENT_BUSIEST, QS_LANG_EN },
		{ "Giờ cao điểm là khi nào?", QS_INTENT_BUSIEST, QS_LANG_VI },
		{ "How am I doing today?", QS_INTENT_PERFORMANCE, QS_LANG_EN },
		{ "Hiệu suất của tôi tuần này?", QS_INTENT_PERFORMANCE, QS_LANG_VI },
		{ "What do the complaints say?", QS_INTENT_COMPLAINTS, QS_LANG_EN },
		{ "Khách hàng khiếu nại gì?", QS_INTENT_COMPLAINTS, QS_LANG_VI },
		{ "How do I call the next ticket?", QS_INTENT_HELP, QS_LANG_EN },
		{ "Hướng dẫn sử dụng", QS_INTENT_HELP, QS_LANG_VI },
		{ "What is the capital of France?", QS_INTENT_UNKNOWN, QS_LANG_EN },
		{ "'; DROP TABLE tickets; --", QS_INTENT_UNKNOWN, QS_LANG_EN },
		{ "Blood tests", QS_INTENT_WAIT, QS_LANG_EN },
		{ "", QS_INTENT_UNKNOWN, QS_LANG_EN },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qs_question q = ask(cases[i].q);
		if (q.intent != cases[i].intent || q.lang != cases[i].lang)
			fail_msg("\"%s\": intent %s lang %d", cases[i].q, qs_intent_name(q.intent), q.lang);
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(ask("Bao lâu nữa đến lượt dịch vụ Xét nghiệm máu?").service, 0);
	assert_int_equal(ask("bao lau xet nghiem mau").service, 0);           /* typed without marks */
	assert_int_equal(ask("wait for KHÁM BỆNH").service, 1);
	assert_int_equal(ask("how long for blood tests").service, 2);
	assert_int_equal(ask("how long is the wait").service, -1);
	assert_int_equal(ask("how long for blood").service, -1);              /* whole names only */
	assert_int_equal(ask("staff needed at Citizen Services").department, 1);
	assert_int_equal(ask("phòng hộ tịch cần bao nhiêu nhân viên").department, 2);
	assert_int_equal(ask("wait in department 3?").department_id, 3);
	assert_int_equal(ask("phòng 12 chờ bao lâu").department_id, 12);
	assert_int_equal(ask("how long is the wait").department_id, 0);
}

static void test_times_and_days(void **state)
{
	(void)state;
	static const struct { const char *q; int hour, minute; } times[] = {
		{ "staff at 10 tomorrow", 10, 0 }, { "staff 10h", 10, 0 }, { "staff at 10:30", 10, 30 },
		{ "staff 2pm", 14, 0 }, { "staff at 2 pm", 14, 0 }, { "staff 12am", 0, 0 },
		{ "nhân viên lúc 10 giờ", 10, 0 }, { "nhân viên 9h sáng", 9, 0 },
		{ "staff tomorrow", -1, 0 }, { "staff in department 3", -1, 0 },
		{ "staff on 2026-12-03", -1, 0 }, { "staff at 25", -1, 0 }, { "staff 99:99", -1, 0 },
	};
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		struct qs_question q = ask(times[i].q);
		if (q.hour != times[i].hour || (q.hour >= 0 && q.minute != times[i].minute))
			fail_msg("\"%s\": %d:%02d", times[i].q, q.hour, q.minute);
	}
	struct qs_question q = ask("staff tomorrow");
	assert_true(q.has_day);
	assert_int_equal(q.day_offset, 1);
	q = ask("nhân viên ngày mai");
	assert_true(q.has_day);
	assert_int_equal(q.day_offset, 1);
	q = ask("nhân viên hôm nay");
	assert_int_equal(q.day_offset, 0);
	assert_true(q.has_day);
	q = ask("staff on 2026-12-03 at 9");
	assert_string_equal(q.date, "2026-12-03");
	assert_int_equal(q.hour, 9);
	q = ask("staff on 2026-02-30");
	assert_string_equal(q.date, "");
	q = ask("how many staff");
	assert_false(q.has_day);
}

static void test_themes(void **state)
{
	(void)state;
	const char *const messages[] = {
		"The waiting time was far too long, over an hour.",
		"Long waiting time and nobody explained anything",
		"Staff at counter 2 was rude to my mother",
		"Thời gian chờ quá lâu, hơn một tiếng!",
		"The waiting time is unacceptable",
		"Nhân viên thái độ không tốt",
		"rude staff, long waiting time again",
		"nhân viên thái độ rất tệ",
	};
	struct qs_theme th[5];
	int n = qs_complaint_themes(messages, 8, th, 5);
	assert_true(n >= 3);
	assert_string_equal(th[0].phrase, "waiting time");
	assert_int_equal(th[0].count, 4);
	assert_int_equal(th[0].examples[0], 0);
	assert_int_equal(th[0].examples[1], 1);
	/* the Vietnamese pair across two messages, and not "time" or "waiting" alone */
	int seen_vi = 0, seen_word_inside = 0;
	for (int i = 0; i < n; i++) {
		seen_vi |= strcmp(th[i].phrase, "nhan vien thai") == 0 || strcmp(th[i].phrase, "thai do") == 0 ||
		           strcmp(th[i].phrase, "nhan vien") == 0 || strcmp(th[i].phrase, "vien thai") == 0;
		seen_word_inside |= strcmp(th[i].phrase, "waiting") == 0 || strcmp(th[i].phrase, "time") == 0;
		assert_true(th[i].count >= 2);
	}
	assert_true(seen_vi);
	assert_false(seen_word_inside);
	assert_int_equal(qs_complaint_themes(messages, 0, th, 5), 0);
}

static void test_model_numbers(void **state)
{
	(void)state;
	json_object *facts = json_tokener_parse(
		"{\"date\": \"2026-12-03\", \"hours\": [{\"hour\": 10, \"expected_arrivals\": 38.45,"
		" \"recommended_staff\": 4, \"scheduled_staff\": 0}], \"sla_wait_minutes\": 20}");
	const char *q = "How many staff tomorrow at 10?";
	assert_true(qs_llm_numbers_known("On 2026-12-03 at 10:00 you need 4 staff for 38.5 arrivals "
	                                 "(0 scheduled, target 20 min).", facts, q));
	assert_true(qs_llm_numbers_known("Four people are needed.", facts, q));
	assert_true(qs_llm_numbers_known("About 38 arrivals; 4 staff.", facts, q));
	assert_false(qs_llm_numbers_known("You need 5 staff.", facts, q));
	assert_false(qs_llm_numbers_known("Expect 987654 people.", facts, q));
	assert_false(qs_llm_numbers_known("4 staff, 12.5% more than usual", facts, q));
	json_object_put(facts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_intents),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_times_and_days),
		cmocka_unit_test(test_themes),
		cmocka_unit_test(test_model_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
