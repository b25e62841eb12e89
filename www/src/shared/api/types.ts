/** Types of the public part of the API contract (`/work/shared/API.md`). */

export interface PublicService {
  id: number;
  name: string;
  prefix: string;
  description: string | null;
  waiting: number;
  /** Minutes; the contract gives a number here (a range on tickets). */
  estimated_wait_minutes: number | WaitRange | null;
}

export interface PublicDepartment {
  id: number;
  name: string;
  timezone: string;
  open_now: boolean;
  services: PublicService[];
}

export interface ListReply<T> {
  items: T[];
  total: number;
}

export interface WaitRange {
  low: number;
  high: number;
}

/* ---- Accounts and organisation (authenticated routes) ---- */

export type Role = 'admin' | 'manager' | 'staff';
export const ROLES: readonly Role[] = ['admin', 'manager', 'staff'];

export interface User {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  /** Null for admins, who have no department. */
  department_id: number | null;
  active: boolean;
  created_at: string;
}

export interface TokenReply {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  /** Seconds the access token lives. */
  expires_in: number;
  user: User;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** `[from, to]` as "HH:MM". */
export type TimeSpan = [string, string];
/** Null means always open. */
export type OpeningHours = Partial<Record<Weekday, TimeSpan[]>> | null;

export interface Department {
  id: number;
  name: string;
  timezone: string;
  sla_wait_minutes: number;
  opening_hours: OpeningHours;
  active: boolean;
  created_at: string;
}

export interface Service {
  id: number;
  department_id: number;
  name: string;
  prefix: string;
  description: string | null;
  avg_service_minutes: number;
  active: boolean;
}

export type CounterState = 'closed' | 'open' | 'paused';

export interface Counter {
  id: number;
  department_id: number;
  name: string;
  /** Empty: the counter serves every service of the department. */
  service_ids: number[];
  state: CounterState;
  staff_id: number | null;
  /** Not in the contract's Counter, but sent: false after DELETE (the counter stays listed). */
  active?: boolean;
}

export interface Settings {
  max_recalls: number;
  public_ticket_limit_per_hour: number;
  display_recent_count: number;
  announcement_language: string;
}

/* ---- Tickets (API.md, "Tickets") ---- */

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'completed' | 'no_show' | 'cancelled';
export type TicketPriority = 'normal' | 'high';

/** What anyone holding the ticket's public id may see. */
export interface PublicTicket {
  public_id: string;
  ticket_number: string;
  status: TicketStatus;
  priority: TicketPriority;
  service: { id: number; name: string };
  department: { id: number; name: string };
  /** `people_ahead + 1`; null unless waiting. */
  position: number | null;
  people_ahead: number | null;
  estimated_wait_minutes: WaitRange | number | null;
  counter: { id: number; name: string } | null;
  created_at: string;
  called_at: string | null;
  completed_at: string | null;
  rating: number | null;
  delays_used: number;
  /** Absolute link to the customer's tracking page (`/t/<public_id>`). */
  track_url: string;
}

/** The staff view of a ticket. */
export interface Ticket extends PublicTicket {
  id: number;
  customer_name: string | null;
  customer_phone: string | null;
  notes: string | null;
  served_by: number | null;
  counter_id: number | null;
  serving_at: string | null;
  recall_count: number;
  transferred_from_service_id: number | null;
  queued_at: string;
}

export type ComplaintCategory = 'wait_time' | 'staff' | 'service' | 'facility' | 'other';
export const COMPLAINT_CATEGORIES: readonly { value: ComplaintCategory; label: string }[] = [
  { value: 'wait_time', label: 'Waiting time' },
  { value: 'staff', label: 'Staff' },
  { value: 'service', label: 'The service itself' },
  { value: 'facility', label: 'The building or facilities' },
  { value: 'other', label: 'Something else' },
];

export type ComplaintStatus = 'open' | 'resolved';

export interface Complaint {
  id: number;
  ticket_id: number | null;
  ticket_number: string | null;
  department_id: number;
  category: ComplaintCategory;
  message: string;
  status: ComplaintStatus;
  resolution: string | null;
  resolved_by: number | null;
  created_at: string;
  resolved_at: string | null;
}

/* ---- Dashboards (API.md, "Dashboards") ---- */

/**
 * Figures that cannot be computed (no tickets to compute them from) are null.
 * Waits and service times are seconds; `sla_met_pct` is 0-100 with one decimal.
 */
export interface ServiceFigures {
  service_id: number;
  /** Sent by the API beside the contract's fields: whose service it is (all-departments view). */
  department_id?: number;
  name: string;
  prefix: string;
  waiting_now: number;
  arrivals: number;
  served: number;
  no_shows: number;
  cancelled: number;
  avg_wait_seconds: number | null;
  p90_wait_seconds: number | null;
  avg_service_seconds: number | null;
  sla_met_pct: number | null;
}

/** One local hour of the service day (23 or 25 of them on a DST day: `hour` can repeat). */
export interface HourFigures {
  hour: number;
  /** The UTC instant the local hour starts. */
  start: string;
  arrivals: number;
  served: number;
  avg_wait_seconds: number | null;
}

/** One row of the admin's all-departments summary. */
export interface DepartmentFigures {
  department_id: number;
  name: string;
  timezone: string;
  waiting_now: number;
  serving_now: number;
  open_counters: number;
  arrivals: number;
  served: number;
  avg_wait_seconds: number | null;
  sla_met_pct: number | null;
  open_complaints: number;
}

/** The caller's own day (staff only). */
export interface MyFigures {
  served: number;
  avg_service_seconds: number | null;
  avg_rating: number | null;
}

/** `GET /dashboard/summary`. */
export interface DashboardSummary {
  /** The service day shown (`YYYY-MM-DD`, the department's local date). */
  date: string;
  /** Null: all departments together (admins). */
  department_id: number | null;
  timezone: string | null;
  sla_wait_minutes: number | null;
  generated_at: string;
  /** Live, whatever the date. */
  waiting_now: number;
  serving_now: number;
  open_counters: number;
  /** Tickets taken that service day, by final status. */
  arrivals: number;
  served: number;
  no_shows: number;
  cancelled: number;
  avg_wait_seconds: number | null;
  p90_wait_seconds: number | null;
  avg_service_seconds: number | null;
  sla_met_pct: number | null;
  avg_rating: number | null;
  ratings: number;
  open_complaints: number;
  by_service: ServiceFigures[];
  by_hour: HourFigures[];
  by_department?: DepartmentFigures[];
  me?: MyFigures;
}

/** One row of `GET /dashboard/staff-performance`. */
export interface StaffPerformance {
  user_id: number;
  full_name: string;
  served: number;
  avg_service_seconds: number | null;
  avg_call_to_start_seconds: number | null;
  no_shows: number;
  avg_rating: number | null;
  complaints: number;
}

/** One day of `GET /dashboard/trend` (every day of the range, days without tickets too). */
export interface TrendDay {
  date: string;
  arrivals: number;
  served: number;
  no_shows: number;
  cancelled: number;
  avg_wait_seconds: number | null;
  p90_wait_seconds: number | null;
  avg_service_seconds: number | null;
  sla_met_pct: number | null;
  avg_rating: number | null;
  ratings: number;
}

export interface TrendReply extends ListReply<TrendDay> {
  department_id: number | null;
  from: string;
  to: string;
}

export type AlertType = 'ticket_over_sla' | 'queue_over_capacity' | 'counter_idle';
export type AlertSeverity = 'warning' | 'critical';

/** A live service-level alert (`GET /dashboard/alerts`). */
export interface DashboardAlert {
  /** Stable while the alert lasts. */
  key: string;
  type: AlertType;
  severity: AlertSeverity;
  department_id: number;
  service_id: number | null;
  service_name: string | null;
  counter_id: number | null;
  counter_name: string | null;
  ticket_number: string | null;
  message: string;
  /** When it became true. */
  since: string;
  value: number;
  threshold: number;
}

export interface AlertsReply extends ListReply<DashboardAlert> {
  generated_at: string;
}

/* ---- Shifts and schedules (API.md, "Schedule") ---- */

/** A named span of the day ("HH:MM" local times); a night shift (22:00-06:00) ends the next morning. */
export interface Shift {
  id: number;
  department_id: number;
  name: string;
  start_time: string;
  end_time: string;
  crosses_midnight: boolean;
  duration_minutes: number;
  /** False once retired (DELETE); managers still see retired shifts. */
  active: boolean;
}

/** One person on one shift on one local date, optionally at a counter. */
export interface Schedule {
  id: number;
  department_id: number;
  user_id: number;
  user_name: string;
  shift_id: number;
  shift_name: string;
  /** The local date the shift starts on (`YYYY-MM-DD`). */
  date: string;
  start_time: string;
  end_time: string;
  /** The real span, RFC 3339 UTC (a night shift ends the next day; DST days have their true length). */
  starts_at: string;
  ends_at: string;
  counter_id: number | null;
  counter_name: string | null;
}

/** `GET /schedules/me`: the caller's own schedules and the range answered. */
export interface MyScheduleReply extends ListReply<Schedule> {
  from: string;
  to: string;
}

/** One local hour of `GET /schedules/coverage` (23 or 25 of them on a DST day: `hour` can repeat). */
export interface CoverageHour {
  hour: number;
  /** The UTC instant the local hour starts. */
  start: string;
  expected_arrivals: number;
  avg_service_minutes: number;
  recommended_staff: number;
  scheduled_staff: number;
  /** 0..1: the share served within the target with the staff scheduled. */
  service_level: number;
  understaffed: boolean;
}

export interface CoverageReply {
  department_id: number;
  date: string;
  timezone: string;
  sla_wait_minutes: number;
  /** The share of people to be called within the target (0.8). */
  service_level_goal: number;
  understaffed_hours: number;
  hours: CoverageHour[];
}

/* ---- The assistant (API.md, "Assistant") ---- */

export type AssistantIntent = 'wait_now' | 'staffing' | 'busiest' | 'performance' | 'complaint_themes' | 'help' | 'unknown';
export type AssistantLanguage = 'en' | 'vi';

export interface AssistantServiceWait {
  service_id: number;
  service: string;
  waiting: number;
  open_counters: number;
  estimated_wait_minutes: number;
}

/** One local hour of the staffing answer (and of `GET /assistant/staffing`). */
export interface AssistantStaffingHour {
  hour: number;
  expected_arrivals: number;
  avg_service_minutes: number;
  recommended_staff: number;
  scheduled_staff: number;
}

/** A weekday and hour of the last eight weeks; `weekday` is a name in the answer's language. */
export interface AssistantBusyHour {
  weekday: string;
  hour: number;
  avg_arrivals: number;
}

export interface AssistantBusyDay {
  weekday: string;
  avg_arrivals: number;
}

/** Own (staff) or the team's (manager, admin) figures; null where nothing could be measured. */
export interface AssistantFigures {
  served: number;
  avg_service_minutes: number | null;
  avg_rating: number | null;
  no_shows: number;
  /** The team's only. */
  arrivals?: number;
  sla_met_pct?: number | null;
}

export interface AssistantTheme {
  phrase: string;
  count: number;
  examples: string[];
}

/**
 * Every number the answer states; which keys are present depends on the intent
 * (and on the role: staff get `{}` for staffing and complaint themes).
 */
export interface AssistantFacts {
  /** Another department was named in the question: the answer is about the caller's own. */
  note?: 'own_department_only';
  // wait_now
  services?: AssistantServiceWait[];
  // staffing
  date?: string;
  sla_wait_minutes?: number;
  service_level_goal_pct?: number;
  hours?: AssistantStaffingHour[];
  peak_hour?: number;
  peak_staff?: number;
  understaffed_hours?: number;
  // busiest
  weeks?: number;
  busiest_hours?: AssistantBusyHour[];
  days?: AssistantBusyDay[];
  // performance
  today?: AssistantFigures;
  this_week?: AssistantFigures;
  week_from?: string;
  top_staff?: { name: string; served: number }[];
  // complaint_themes
  open_complaints?: number;
  themes?: AssistantTheme[];
}

/** `POST /assistant/ask`. */
export interface AssistantReply {
  answer: string;
  /** The answer worded by the rules, present when a model phrased `answer`. */
  rule_answer?: string;
  phrased_by: 'rules' | 'model';
  intent: AssistantIntent;
  language: AssistantLanguage;
  /** The department answered about; null when none could be chosen (an admin who named none). */
  department_id: number | null;
  facts: AssistantFacts;
  suggestions: string[];
}
