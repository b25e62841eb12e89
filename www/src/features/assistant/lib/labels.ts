import type { AssistantLanguage } from '@/shared/api/types';

/**
 * The words of the facts tables, in the language of the answer (the answer
 * itself comes worded from the API). One table, so that a reader sees every
 * text and its translation side by side.
 */
const LABELS = {
  // staffing
  hour: { en: 'Hour', vi: 'Giờ' },
  expected: { en: 'Expected', vi: 'Dự kiến' },
  minutesEach: { en: 'Min each', vi: 'Phút/lượt' },
  recommended: { en: 'Recommended', vi: 'Khuyến nghị' },
  scheduled: { en: 'Scheduled', vi: 'Đã xếp lịch' },
  short: { en: 'short', vi: 'thiếu' },
  staffingCaption: {
    en: 'Staff needed, {date} (80 % called within {sla} min)',
    vi: 'Nhân viên cần, {date} (80 % được gọi trong {sla} phút)',
  },
  peak: { en: 'Peak: {staff} staff at {hour}', vi: 'Cao nhất: {staff} người lúc {hour}' },
  understaffed: { en: 'Hours with fewer scheduled than recommended: {n}', vi: 'Số giờ thiếu người so với khuyến nghị: {n}' },
  // wait now
  service: { en: 'Service', vi: 'Dịch vụ' },
  waiting: { en: 'Waiting', vi: 'Đang chờ' },
  openCounters: { en: 'Open counters', vi: 'Quầy mở' },
  estimatedWait: { en: 'Est. wait', vi: 'Chờ ước tính' },
  minutes: { en: '{n} min', vi: '{n} phút' },
  waitCaption: { en: 'The wait now', vi: 'Thời gian chờ hiện tại' },
  // busiest
  day: { en: 'Day', vi: 'Thứ' },
  avgArrivals: { en: 'Avg arrivals', vi: 'TB lượt khách' },
  busiestHoursCaption: { en: 'Busiest hours, last {weeks} weeks', vi: 'Giờ đông nhất, {weeks} tuần qua' },
  daysCaption: { en: 'By day, last {weeks} weeks', vi: 'Theo ngày, {weeks} tuần qua' },
  // performance
  figure: { en: 'Figure', vi: 'Chỉ số' },
  today: { en: 'Today', vi: 'Hôm nay' },
  thisWeek: { en: 'This week', vi: 'Tuần này' },
  weekFrom: { en: 'from {date}', vi: 'từ {date}' },
  arrivals: { en: 'Arrivals', vi: 'Lượt đến' },
  served: { en: 'Served', vi: 'Đã phục vụ' },
  slaMet: { en: 'Called within target', vi: 'Gọi trong mục tiêu' },
  avgService: { en: 'Avg service', vi: 'TB thời gian phục vụ' },
  avgRating: { en: 'Avg rating', vi: 'Đánh giá TB' },
  noShows: { en: 'No-shows', vi: 'Vắng mặt' },
  topStaff: { en: 'Most served today', vi: 'Phục vụ nhiều nhất hôm nay' },
  name: { en: 'Name', vi: 'Tên' },
  myFigures: { en: 'Your figures', vi: 'Kết quả của bạn' },
  teamFigures: { en: 'The team today', vi: 'Nhóm hôm nay' },
  // complaints
  openComplaints: { en: 'Open complaints: {n}', vi: 'Khiếu nại đang mở: {n}' },
  phrase: { en: 'Theme', vi: 'Chủ đề' },
  count: { en: 'Count', vi: 'Số lần' },
  themesCaption: { en: 'Most frequent themes', vi: 'Chủ đề thường gặp' },
  // every answer
  ownDepartmentOnly: {
    en: 'Only your own department’s figures are shown.',
    vi: 'Chỉ hiển thị số liệu của phòng ban bạn.',
  },
  phrasedByModel: { en: 'phrased by a model', vi: 'do mô hình diễn đạt' },
  ruleAnswer: { en: 'The rule-based answer', vi: 'Câu trả lời theo quy tắc' },
  factsSummary: { en: 'The numbers', vi: 'Số liệu' },
} as const satisfies Record<string, Record<AssistantLanguage, string>>;

export type LabelKey = keyof typeof LABELS;

/** A label in `language`, with `{name}` placeholders filled in. */
export function label(language: AssistantLanguage, key: LabelKey, values: Record<string, string | number> = {}): string {
  return LABELS[key][language].replace(/\{(\w+)\}/g, (all, name: string) =>
    name in values ? String(values[name]) : all,
  );
}

const LOCALES: Record<AssistantLanguage, string> = { en: 'en-GB', vi: 'vi-VN' };
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A figure as the language writes it, at most one decimal ("4.5", "4,5"); "—" for none. */
export function formatNumber(language: AssistantLanguage, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const locale = LOCALES[language];
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

export function formatPercent(language: AssistantLanguage, value: number | null | undefined): string {
  const text = formatNumber(language, value);
  return text === '—' ? text : `${text} %`;
}

export function formatMinutes(language: AssistantLanguage, value: number | null | undefined): string {
  const text = formatNumber(language, value);
  return text === '—' ? text : label(language, 'minutes', { n: text });
}

/** `YYYY-MM-DD` as the language writes a day: "Tue 12 May 2026", "Thứ Ba, 12/05/2026". */
export function formatDate(language: AssistantLanguage, date: string | undefined): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  try {
    return new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: 'UTC',
      weekday: 'short',
      day: 'numeric',
      month: language === 'en' ? 'short' : '2-digit',
      year: 'numeric',
    }).format(day);
  } catch {
    return date;
  }
}
