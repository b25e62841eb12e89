import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, queryString } from '@/shared/api/client';
import { MAX_LIMIT } from '@/shared/api/organisation';
import { readAllPages } from '@/shared/api/pages';
import type { CoverageReply, ListReply, MyScheduleReply, Schedule, Shift, User } from '@/shared/api/types';

/**
 * The schedule routes (API.md, "Schedule"). Shift changes publish no event:
 * this screen refetches shifts (and the schedules that carry their names)
 * after its own changes. Schedule changes publish `schedule_updated` on the
 * department's channel, which refetches the schedules and the coverage.
 */
export const scheduleQueryKey = ['schedule'] as const;

export const shiftsQueryKey = (departmentId: number | null) => [...scheduleQueryKey, 'shifts', departmentId] as const;
/** Every cached schedule list and coverage of a department: what a `schedule_updated` refetches. */
export const departmentSchedulesKey = (departmentId: number | null) => [...scheduleQueryKey, 'dept', departmentId] as const;
export const weekQueryKey = (departmentId: number | null, from: string, to: string) =>
  [...departmentSchedulesKey(departmentId), 'list', from, to] as const;
export const coverageQueryKey = (departmentId: number | null, date: string | null) =>
  [...departmentSchedulesKey(departmentId), 'coverage', date] as const;
export const myScheduleQueryKey = [...scheduleQueryKey, 'me'] as const;
export const staffQueryKey = (departmentId: number | null) => [...scheduleQueryKey, 'staff', departmentId] as const;

interface LiveQueryOptions {
  /** Milliseconds between refetches while the screen is not live; false while it is. */
  refetchInterval: number | false;
  enabled?: boolean;
}

/** Every page of a list route (the API serves at most 200 a page). */
function fetchAll<T extends { id: number }>(path: (limit: number, offset: number) => string, signal?: AbortSignal): Promise<ListReply<T>> {
  return readAllPages((limit, offset) => authApi.get<ListReply<T>>(path(limit, offset), signal));
}

/** `GET /schedules` for a range of local dates, every page. */
export function listSchedules(departmentId: number, from: string, to: string, signal?: AbortSignal) {
  return fetchAll<Schedule>(
    (limit, offset) => `/schedules${queryString({ department_id: departmentId, from, to, limit, offset })}`,
    signal,
  );
}

/** The department's shifts (retired ones too, `active: false`, for managers). */
export function useShifts(departmentId: number | null) {
  return useQuery({
    queryKey: shiftsQueryKey(departmentId),
    queryFn: ({ signal }) => authApi.get<ListReply<Shift>>(`/shifts${queryString({ department_id: departmentId })}`, signal),
    enabled: departmentId !== null,
  });
}

/** The department's active staff: the rows of the week grid. */
export function useActiveStaff(departmentId: number | null) {
  return useQuery({
    queryKey: staffQueryKey(departmentId),
    queryFn: ({ signal }) =>
      fetchAll<User>(
        (limit, offset) =>
          `/users${queryString({ department_id: departmentId, role: 'staff', active: true, limit, offset })}`,
        signal,
      ),
    enabled: departmentId !== null,
  });
}

/** The schedules of one week (`from`..`to`), live. */
export function useWeekSchedules(departmentId: number | null, from: string, to: string, options: LiveQueryOptions) {
  return useQuery({
    queryKey: weekQueryKey(departmentId, from, to),
    queryFn: ({ signal }) => listSchedules(departmentId as number, from, to, signal),
    // Another week: keep showing the last one until it arrives, instead of a spinner.
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: departmentId !== null && (options.enabled ?? true),
  });
}

/** `GET /schedules/coverage` of one local date. */
export function useCoverage(departmentId: number | null, date: string | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: coverageQueryKey(departmentId, date),
    queryFn: ({ signal }) =>
      authApi.get<CoverageReply>(`/schedules/coverage${queryString({ department_id: departmentId, date })}`, signal),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: departmentId !== null && date !== null && (options.enabled ?? true),
  });
}

/** `GET /schedules/me` for the range (the caller's own, every page). */
export function useMySchedule(from: string | null, to: string | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: [...myScheduleQueryKey, from, to],
    queryFn: async ({ signal }): Promise<MyScheduleReply> => {
      const first = await authApi.get<MyScheduleReply>(
        `/schedules/me${queryString({ from, to, limit: MAX_LIMIT })}`,
        signal,
      );
      const items = [...first.items];
      while (items.length < first.total) {
        const page = await authApi.get<MyScheduleReply>(
          `/schedules/me${queryString({ from: first.from, to: first.to, limit: MAX_LIMIT, offset: items.length })}`,
          signal,
        );
        if (page.items.length === 0) break;
        items.push(...page.items);
      }
      return { ...first, items };
    },
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

/* ---- changes ---- */

export interface ShiftInput {
  name?: string;
  start_time?: string;
  end_time?: string;
}

export interface ScheduleInput {
  user_id: number;
  shift_id: number;
  date: string;
  counter_id?: number;
}

/** Shifts publish no event: refetch them, and the schedules that carry their names and times. */
export function useShiftMutations(departmentId: number | null) {
  const queryClient = useQueryClient();
  const onSettled = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: shiftsQueryKey(departmentId) }),
      queryClient.invalidateQueries({ queryKey: departmentSchedulesKey(departmentId) }),
    ]);
  const create = useMutation({
    mutationFn: (body: ShiftInput) => authApi.post<Shift>('/shifts', { department_id: departmentId, ...body }),
    onSettled,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: number; body: ShiftInput }) => authApi.patch<Shift>(`/shifts/${id}`, body),
    onSettled,
  });
  const retire = useMutation({
    mutationFn: (id: number) => authApi.delete(`/shifts/${id}`),
    onSettled,
  });
  return { create, update, retire };
}

export const createSchedule = (body: ScheduleInput) => authApi.post<Schedule>('/schedules', body);
export const deleteSchedule = (id: number) => authApi.delete(`/schedules/${id}`);
export const createSchedules = (items: ScheduleInput[]) =>
  authApi.post<ListReply<Schedule>>('/schedules/bulk', { items });
