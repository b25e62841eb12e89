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
