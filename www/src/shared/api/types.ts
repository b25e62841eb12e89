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
