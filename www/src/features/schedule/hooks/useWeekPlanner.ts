import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Department, Schedule } from '@/shared/api/types';
import { useUpdateSearchParams } from '@/shared/hooks/useUpdateSearchParams';
import { addDays, formatDayLabel, parseDate, todayIn } from '@/shared/lib/dates';
import { POLL_INTERVAL_MS } from '@/shared/realtime';
import {
  createSchedule,
  createSchedules,
  deleteSchedule,
  departmentSchedulesKey,
  listSchedules,
  useActiveStaff,
  useCoverage,
  useShifts,
  useWeekSchedules,
  type ScheduleInput,
} from '../api/schedule';
import { mondayOf, weekDays } from '../lib/dates';
import { scheduleFailure } from '../lib/errors';
import { useScheduleEvents } from './useScheduleEvents';

/** A grid cell: one person on one local date. */
export const cellKey = (userId: number, date: string) => `${userId}|${date}`;

export interface CellProblem {
  message: string;
  /** An existing schedule in the way (shown marked, when it is in this week). */
  conflictId: number | null;
}

export interface CopyOutcome {
  kind: 'done' | 'nothing' | 'failed';
  message: string;
}

/** Where an assignment goes: a person, a date, a shift, maybe a counter. */
export interface Placement {
  user_id: number;
  date: string;
  shift_id: number;
  counter_id: number | null;
}

function inputOf(p: Placement): ScheduleInput {
  return { user_id: p.user_id, shift_id: p.shift_id, date: p.date, ...(p.counter_id ? { counter_id: p.counter_id } : {}) };
}

const sameSlot = (a: { user_id: number; shift_id: number; date: string }, b: { user_id: number; shift_id: number; date: string }) =>
  a.user_id === b.user_id && a.shift_id === b.shift_id && a.date === b.date;

/**
 * The manager's week: which week (`?week=`, its Monday; default this week in
 * the department's zone) and which day's coverage (`?day=`), the grid's data
 * kept live by `schedule_updated` events (at most one refetch a second; every
 * 10 s while the channel is not live), and the changes: add, move (delete,
 * then create; when the create fails the original is put back), remove, and
 * copy last week (one all-or-nothing bulk request). A failure is kept on the
 * cell it concerns until dismissed or that cell changes again.
 */
export function useWeekPlanner(departmentId: number | null, department: Department | null) {
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const today = todayIn(department?.timezone);
  const thisWeek = mondayOf(today);
  const week = mondayOf(parseDate(searchParams.get('week')) ?? thisWeek);
  const days = useMemo(() => weekDays(week), [week]);
  const chosenDay = parseDate(searchParams.get('day'));
  const day = chosenDay && days.includes(chosenDay) ? chosenDay : days.includes(today) ? today : days[0];
  const from = days[0];
  const to = days[6];

  const setParams = useUpdateSearchParams();

  /* ---- live data ---- */

  const connection = useScheduleEvents(departmentId, departmentSchedulesKey(departmentId));
  const refetchInterval = connection === 'live' ? false : POLL_INTERVAL_MS;
  const schedules = useWeekSchedules(departmentId, from, to, { refetchInterval });
  const coverage = useCoverage(departmentId, day, { refetchInterval });
  const shifts = useShifts(departmentId);
  const staff = useActiveStaff(departmentId);

  /* ---- what went wrong, where ---- */

  const [problems, setProblems] = useState<ReadonlyMap<string, CellProblem>>(new Map());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [copy, setCopy] = useState<CopyOutcome | null>(null);
  const [copying, setCopying] = useState(false);

  const setProblem = useCallback((key: string, problem: CellProblem | null) => {
    setProblems((old) => {
      const next = new Map(old);
      if (problem) next.set(key, problem);
      else next.delete(key);
      return next;
    });
  }, []);
  const mark = useCallback((keys: string[], on: boolean) => {
    setBusy((old) => {
      const next = new Set(old);
      for (const k of keys) {
        if (on) next.add(k);
        else next.delete(k);
      }
      return next;
    });
  }, []);
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: departmentSchedulesKey(departmentId) }),
    [queryClient, departmentId],
  );

  /* ---- changes ---- */

  const add = useCallback(
    async (p: Placement): Promise<boolean> => {
      const key = cellKey(p.user_id, p.date);
      setProblem(key, null);
      mark([key], true);
      try {
        await createSchedule(inputOf(p));
        return true;
      } catch (error) {
        const f = scheduleFailure(error);
        setProblem(key, { message: f.message, conflictId: f.conflictId });
        return false;
      } finally {
        mark([key], false);
        void refresh();
      }
    },
    [mark, refresh, setProblem],
  );

  const remove = useCallback(
    async (s: Schedule) => {
      const key = cellKey(s.user_id, s.date);
      setProblem(key, null);
      mark([key], true);
      try {
        await deleteSchedule(s.id);
      } catch (error) {
        setProblem(key, { message: `Not removed: ${scheduleFailure(error).message}`, conflictId: null });
      } finally {
        mark([key], false);
        void refresh();
      }
    },
    [mark, refresh, setProblem],
  );

  /** Delete, then create at the new place; if that is refused, put the original back. */
  const move = useCallback(
    async (s: Schedule, to: Placement): Promise<boolean> => {
      const origin = cellKey(s.user_id, s.date);
      const target = cellKey(to.user_id, to.date);
      const original: Placement = { user_id: s.user_id, date: s.date, shift_id: s.shift_id, counter_id: s.counter_id };
      if (sameSlot(original, to) && original.counter_id === to.counter_id) return true;
      setProblem(origin, null);
      setProblem(target, null);
      mark([origin, target], true);
      try {
        try {
          await deleteSchedule(s.id);
        } catch (error) {
          setProblem(origin, { message: `Not moved: ${scheduleFailure(error).message}`, conflictId: null });
          return false;
        }
        try {
          await createSchedule(inputOf(to));
          return true;
        } catch (error) {
          const f = scheduleFailure(error);
          let restored = true;
          let restoreMessage = '';
          try {
            await createSchedule(inputOf(original));
          } catch (restoreError) {
            restored = false;
            restoreMessage = scheduleFailure(restoreError).message;
          }
          const shown = days.includes(to.date) ? target : origin;
          setProblem(shown, {
            message: `Not moved to ${formatDayLabel(to.date)}: ${f.message}${restored ? ' The shift stays where it was.' : ''}`,
            conflictId: f.conflictId,
          });
          if (!restored) {
            setProblem(origin, {
              message: `The shift was removed here but could not be put back: ${restoreMessage}`,
              conflictId: null,
            });
          }
          return false;
        }
      } finally {
        mark([origin, target], false);
        void refresh();
      }
    },
    [days, mark, refresh, setProblem],
  );

  /**
   * Copy the previous week's schedules into this one, a week later each, in
   * one all-or-nothing request. Those already here (same person, shift and
   * day) are left out, so copying twice does not conflict with itself.
   */
  const copyLastWeek = useCallback(async () => {
    if (departmentId === null) return;
    setCopying(true);
    setCopy(null);
    try {
      const previous = await listSchedules(departmentId, addDays(from, -7), addDays(to, -7));
      const here = await listSchedules(departmentId, from, to);
      const wanted = previous.items
        .map((s) => ({ source: s, item: { user_id: s.user_id, shift_id: s.shift_id, date: addDays(s.date, 7), counter_id: s.counter_id } }))
        .filter(({ item }) => !here.items.some((h) => sameSlot(h, item)));
      if (previous.items.length === 0) {
        setCopy({ kind: 'nothing', message: 'Last week has no shifts to copy.' });
        return;
      }
      if (wanted.length === 0) {
        setCopy({ kind: 'nothing', message: 'Every shift of last week is already in this week.' });
        return;
      }
      try {
        const made = await createSchedules(wanted.map(({ item }) => inputOf(item)));
        const skipped = previous.items.length - wanted.length;
        setCopy({
          kind: 'done',
          message: `Copied ${made.total} ${made.total === 1 ? 'shift' : 'shifts'} from last week${
            skipped > 0 ? ` (${skipped} already here)` : ''
          }.`,
        });
      } catch (error) {
        const f = scheduleFailure(error);
        const bad = f.itemIndex !== null ? wanted[f.itemIndex] : undefined;
        const what = bad
          ? `${bad.source.user_name}, ${bad.source.shift_name} on ${formatDayLabel(bad.item.date)}: `
          : '';
        setCopy({ kind: 'failed', message: `Nothing was copied. ${what}${f.message}` });
        if (bad) setProblem(cellKey(bad.item.user_id, bad.item.date), { message: f.message, conflictId: f.conflictId });
      }
    } catch (error) {
      setCopy({ kind: 'failed', message: `Nothing was copied. ${scheduleFailure(error).message}` });
    } finally {
      setCopying(false);
      void refresh();
    }
  }, [departmentId, from, to, refresh, setProblem]);

  const goToWeek = useCallback(
    (monday: string) => {
      setCopy(null);
      setParams({ week: monday === thisWeek ? null : monday, day: null });
    },
    [setParams, thisWeek],
  );

  return {
    departmentId,
    connection,
    today,
    week,
    days,
    day,
    isThisWeek: week === thisWeek,
    setDay: (date: string) => setParams({ day: date }),
    prevWeek: () => goToWeek(addDays(week, -7)),
    nextWeek: () => goToWeek(addDays(week, 7)),
    thisWeek: () => goToWeek(thisWeek),
    schedules,
    coverage,
    shifts,
    staff,
    problems,
    dismissProblem: (key: string) => setProblem(key, null),
    busy,
    add,
    move,
    remove,
    copyLastWeek,
    copy,
    copying,
    dismissCopy: () => setCopy(null),
  };
}

export type WeekPlanner = ReturnType<typeof useWeekPlanner>;
