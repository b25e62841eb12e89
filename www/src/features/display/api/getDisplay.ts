import { api } from '@/shared/api/client';

export interface NowServingEntry {
  ticket_number: string;
  /** The counter's name; tolerate an object `{id, name}` too. */
  counter: string | { id: number; name: string } | null;
  called_at: string | null;
  recall_count: number;
}

export interface WaitingEntry {
  service_id: number;
  prefix: string;
  name: string;
  count: number;
  next: string[];
}

/** `GET /display/{department_id}`: the board's snapshot. */
export interface DisplaySnapshot {
  department: { id: number; name: string };
  seq: number;
  now_serving: NowServingEntry[];
  waiting: WaitingEntry[];
  generated_at: string;
}

export const displayQueryKey = (departmentId: number) => ['display', departmentId] as const;

export function getDisplay(departmentId: number, signal?: AbortSignal) {
  return api.get<DisplaySnapshot>(`/display/${departmentId}`, signal);
}

export function counterName(counter: NowServingEntry['counter']): string {
  if (counter === null || counter === undefined) return '';
  return typeof counter === 'string' ? counter : counter.name;
}
