import { useMemo, useState } from 'react';
import { useCounters } from '@/shared/api/counters';
import type { Department, Schedule } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { DepartmentScopeBar } from '@/shared/components/DepartmentScopeBar';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { LiveBadge } from '@/shared/components/LiveBadge';
import { Spinner } from '@/shared/components/Spinner';
import { useDepartmentScope } from '@/shared/hooks/useDepartmentScope';
import { useShiftMutations } from '../api/schedule';
import { AssignmentDialog, type AssignmentRequest } from '../components/AssignmentDialog';
import { CoverageChart } from '../components/CoverageChart';
import { ShiftEditor } from '../components/ShiftEditor';
import { WeekGrid, type GridRow } from '../components/WeekGrid';
import { cellKey, useWeekPlanner } from '../hooks/useWeekPlanner';
import { formatWeekRange } from '../lib/dates';
import { sortSchedules } from '../lib/shifts';

/**
 * Managers (their department) and admins (the department they choose): the
 * week grid, the chosen day's coverage under it, and the department's shifts.
 */
export function ScheduleRoute() {
  const scope = useDepartmentScope();
  return (
    <>
      <DepartmentScopeBar
        departmentId={scope.departmentId}
        department={scope.department}
        departments={scope.departments.data?.items ?? []}
        canChoose={scope.canChoose}
        onChoose={scope.choose}
      />
      {scope.departmentId === null ? (
        scope.departments.isPending ? (
          <Spinner />
        ) : (
          <p className="text-slate-600">There is no department to plan yet.</p>
        )
      ) : (
        <WeekPlanner key={scope.departmentId} departmentId={scope.departmentId} department={scope.department} />
      )}
    </>
  );
}

function WeekPlanner({ departmentId, department }: { departmentId: number; department: Department | null }) {
  const planner = useWeekPlanner(departmentId, department);
  const counters = useCounters(departmentId);
  const shiftMutations = useShiftMutations(departmentId);
  const [request, setRequest] = useState<AssignmentRequest | null>(null);
  const { schedules, staff, shifts } = planner;

  const activeShifts = useMemo(
    () => (shifts.data?.items ?? []).filter((s) => s.active).sort((a, b) => a.start_time.localeCompare(b.start_time)),
    [shifts.data],
  );
  const activeCounters = useMemo(() => (counters.data?.items ?? []).filter((c) => c.active !== false), [counters.data]);

  const items = schedules.data?.items;
  const rows = useMemo<GridRow[]>(() => {
    const list: GridRow[] = (staff.data?.items ?? [])
      .map((u) => ({ userId: u.id, name: u.full_name, extra: false }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const known = new Set(list.map((r) => r.userId));
    const extra = new Map<number, string>();
    for (const s of items ?? []) if (!known.has(s.user_id)) extra.set(s.user_id, s.user_name);
    for (const [userId, name] of [...extra].sort((a, b) => a[1].localeCompare(b[1]))) list.push({ userId, name, extra: true });
    return list;
  }, [staff.data, items]);

  const cells = useMemo(() => {
    const map = new Map<string, Schedule[]>();
    for (const s of items ?? []) {
      const key = cellKey(s.user_id, s.date);
      map.set(key, [...(map.get(key) ?? []), s]);
    }
    for (const [k, v] of map) map.set(k, sortSchedules(v));
    return map;
  }, [items]);

  const inTheWay = useMemo(() => {
    const ids = new Set<number>();
    for (const p of planner.problems.values()) if (p.conflictId !== null) ids.add(p.conflictId);
    return ids;
  }, [planner.problems]);

  const weekLabel = formatWeekRange(planner.week);
  const loading = (schedules.isPending || staff.isPending) && !items;
  const failed = schedules.error ?? staff.error;

  return (
    <div data-testid="schedule-planner" data-department-id={departmentId} data-week={planner.week} data-connection={planner.connection}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight" data-testid="page-title">
              Schedule
            </h1>
            <LiveBadge state={planner.connection} />
          </div>
          <p className="text-slate-700" aria-live="polite" data-testid="week-label" data-week={planner.week}>
            Week of {weekLabel}
            {planner.isThisWeek && <span className="ml-2 rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-900">this week</span>}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <nav aria-label="Weeks" className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={planner.prevWeek} aria-label="Previous week" data-testid="week-prev">
              <span aria-hidden="true">
                ← Previous<span className="hidden sm:inline"> week</span>
              </span>
            </Button>
            <Button variant="secondary" size="sm" onClick={planner.thisWeek} disabled={planner.isThisWeek} data-testid="week-this">
              This week
            </Button>
            <Button variant="secondary" size="sm" onClick={planner.nextWeek} aria-label="Next week" data-testid="week-next">
              <span aria-hidden="true">
                Next<span className="hidden sm:inline"> week</span> →
              </span>
            </Button>
          </nav>
          <Button size="sm" onClick={() => void planner.copyLastWeek()} disabled={planner.copying} data-testid="copy-last-week">
            {planner.copying ? 'Copying…' : 'Copy last week'}
          </Button>
        </div>
      </div>

      {planner.copy && (
        <div
          role={planner.copy.kind === 'failed' ? 'alert' : 'status'}
          data-testid="copy-outcome"
          data-kind={planner.copy.kind}
          className={`mb-4 flex flex-wrap items-start justify-between gap-2 rounded-xl border px-4 py-2 text-sm ${
            planner.copy.kind === 'failed'
              ? 'border-red-300 bg-red-50 text-red-900'
              : planner.copy.kind === 'done'
                ? 'border-emerald-300 bg-emerald-50 text-emerald-900'
                : 'border-slate-300 bg-white text-slate-800'
          }`}
        >
          <p>
            <span aria-hidden="true" className="mr-1 font-bold">
              {planner.copy.kind === 'failed' ? '!' : planner.copy.kind === 'done' ? '✓' : 'i'}
            </span>
            {planner.copy.message}
          </p>
          <button type="button" onClick={planner.dismissCopy} className="font-semibold underline">
            Dismiss
          </button>
        </div>
      )}

      {loading && <Spinner label="Loading the week…" />}
      {failed != null && !items && <ErrorNotice error={failed} onRetry={() => void schedules.refetch()} />}
      {items && (
        <>
          {rows.length === 0 && (
            <p className="mb-4 text-slate-600">The department has no active staff to schedule yet.</p>
          )}
          {shifts.data && activeShifts.length === 0 && (
            <p className="mb-4 rounded-xl bg-amber-50 px-4 py-2 text-sm text-amber-950">
              There are no shifts yet: create one under “Shifts” below, then add it to the grid.
            </p>
          )}
          <WeekGrid
            week={planner.week}
            days={planner.days}
            day={planner.day}
            today={planner.today}
            rows={rows}
            cells={cells}
            problems={planner.problems}
            busy={planner.busy}
            inTheWay={inTheWay}
            canAdd={activeShifts.length > 0}
            onChooseDay={planner.setDay}
            onAdd={(row, date) => setRequest({ mode: 'add', row, date })}
            onMove={(schedule) => setRequest({ mode: 'move', schedule })}
            onRemove={(schedule) => void planner.remove(schedule)}
            onDrop={(schedule, row, date) =>
              void planner.move(schedule, { user_id: row.userId, date, shift_id: schedule.shift_id, counter_id: schedule.counter_id })
            }
            onDismiss={planner.dismissProblem}
          />
        </>
      )}

      <div className="mt-5 flex flex-col gap-6">
        <CoverageChart
          date={planner.day}
          coverage={planner.coverage.data}
          pending={planner.coverage.isPending}
          error={planner.coverage.error}
          onRetry={() => void planner.coverage.refetch()}
        />
        <ShiftEditor
          shifts={shifts.data?.items}
          pending={shifts.isPending}
          error={shifts.error}
          onRetry={() => void shifts.refetch()}
          mutations={shiftMutations}
        />
      </div>

      {request && (
        <AssignmentDialog
          request={request}
          rows={rows}
          shifts={activeShifts}
          counters={activeCounters}
          onClose={() => setRequest(null)}
          onSubmit={(placement) => {
            const r = request;
            setRequest(null);
            if (r.mode === 'add') void planner.add(placement);
            else void planner.move(r.schedule, placement);
          }}
        />
      )}
    </div>
  );
}
