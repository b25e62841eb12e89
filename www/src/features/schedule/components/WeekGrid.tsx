import { useState, type DragEvent } from 'react';
import type { Schedule } from '@/shared/api/types';
import { formatDayLabel, formatDayMonth } from '@/shared/lib/dates';
import { cellKey, type CellProblem } from '../hooks/useWeekPlanner';
import { formatWeekday, formatWeekRange } from '../lib/dates';
import { shiftTimesSpoken } from '../lib/shifts';

export interface GridRow {
  userId: number;
  name: string;
  /** Has schedules this week but is not (or no longer) among the active staff. */
  extra: boolean;
}

interface WeekGridProps {
  week: string;
  days: readonly string[];
  /** The day whose coverage is shown. */
  day: string;
  today: string;
  rows: readonly GridRow[];
  /** The schedules of each cell (`cellKey`), in the order they start. */
  cells: ReadonlyMap<string, Schedule[]>;
  problems: ReadonlyMap<string, CellProblem>;
  busy: ReadonlySet<string>;
  /** Schedules named by a conflict: marked where they are. */
  inTheWay: ReadonlySet<number>;
  /** False while there is no active shift to assign. */
  canAdd: boolean;
  onChooseDay: (date: string) => void;
  onAdd: (row: GridRow, date: string) => void;
  onMove: (schedule: Schedule) => void;
  onRemove: (schedule: Schedule) => void;
  /** A schedule dragged onto another cell: the same shift and counter, another person or day. */
  onDrop: (schedule: Schedule, row: GridRow, date: string) => void;
  onDismiss: (key: string) => void;
}

const DRAG_TYPE = 'application/x-qstream-schedule';

/**
 * The week: staff as rows, Monday to Sunday as columns, each cell the shifts
 * of that person that start on that day. A real table (row and column
 * headers), every action a button with a label that names the person, the
 * day and the shift; dragging a shift to another cell moves it too. A failure
 * shows in the cell it concerns, and a schedule a conflict names is marked.
 */
export function WeekGrid(props: WeekGridProps) {
  const { week, days, day, today, rows, cells, onChooseDay } = props;
  const counts = days.map((d) => rows.reduce((n, r) => n + (cells.get(cellKey(r.userId, d))?.length ? 1 : 0), 0));
  return (
    <div
      className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
      role="region"
      aria-labelledby="schedule-grid-caption"
      tabIndex={0}
      data-testid="schedule-grid-box"
    >
      <table className="w-full min-w-[1000px] table-fixed border-collapse text-sm" data-testid="schedule-grid" data-week={week}>
        <caption id="schedule-grid-caption" className="sr-only">
          Schedule of the week {formatWeekRange(week)}: staff by day; a shift is on the day it starts. Choose a day’s
          heading to see its coverage below. Move a shift with its Move button, or drag it to another cell.
        </caption>
        <colgroup>
          <col className="w-28 sm:w-36" />
          {days.map((d) => (
            <col key={d} />
          ))}
        </colgroup>
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50">
            <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              Staff
            </th>
            {days.map((d) => {
              const chosen = d === day;
              return (
                <th key={d} scope="col" className="p-1 text-left align-bottom" aria-current={d === today ? 'date' : undefined}>
                  <button
                    type="button"
                    onClick={() => onChooseDay(d)}
                    aria-pressed={chosen}
                    aria-label={`${formatDayLabel(d)}${d === today ? ' (today)' : ''}: show its coverage`}
                    data-testid="day-header"
                    data-date={d}
                    className={`flex w-full flex-wrap items-baseline gap-x-1.5 rounded-lg px-2 py-1 text-left focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200 ${
                      chosen ? 'bg-indigo-600 text-white' : 'text-slate-800 hover:bg-indigo-50'
                    }`}
                  >
                    <span className="text-xs font-semibold uppercase tracking-wide">{formatWeekday(d)}</span>
                    <span className="font-medium">{formatDayMonth(d)}</span>
                    {d === today && (
                      <span className={`rounded px-1 text-[10px] font-semibold ${chosen ? 'bg-white/20' : 'bg-emerald-100 text-emerald-900'}`}>today</span>
                    )}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.userId} data-testid="schedule-row" data-user-id={row.userId}>
              <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-1.5 text-left align-top font-medium text-slate-900">
                <span className="block truncate" title={row.name}>
                  {row.name}
                </span>
                {row.extra && <span className="block text-xs font-normal text-slate-500">not active staff</span>}
              </th>
              {days.map((d) => (
                <Cell key={d} row={row} date={d} {...props} />
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-slate-200 bg-slate-50 text-xs text-slate-600">
            <th scope="row" className="sticky left-0 z-10 bg-slate-50 px-3 py-1.5 text-left font-medium">
              People on shift
            </th>
            {counts.map((n, i) => (
              <td key={days[i]} className="tabular px-3 py-1.5" data-testid="day-count" data-date={days[i]} data-value={n}>
                {n}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Cell({
  row,
  date,
  today,
  cells,
  problems,
  busy,
  inTheWay,
  canAdd,
  onAdd,
  onMove,
  onRemove,
  onDrop,
  onDismiss,
}: WeekGridProps & { row: GridRow; date: string }) {
  const key = cellKey(row.userId, date);
  const items = cells.get(key) ?? [];
  const problem = problems.get(key);
  const pending = busy.has(key);
  const [over, setOver] = useState(false);
  const dayLabel = formatDayLabel(date);

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const raw = e.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    try {
      const schedule = JSON.parse(raw) as Schedule;
      if (schedule.user_id !== row.userId || schedule.date !== date) onDrop(schedule, row, date);
    } catch {
      // Not ours.
    }
  };

  return (
    <td
      data-testid="schedule-cell"
      data-user-id={row.userId}
      data-date={date}
      data-problem={problem ? 'true' : undefined}
      aria-busy={pending || undefined}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(DRAG_TYPE)) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={`p-1 align-top ${date === today ? 'bg-emerald-50/40' : ''} ${over ? 'outline-2 -outline-offset-2 outline-dashed outline-indigo-500' : ''} ${
        pending ? 'opacity-60' : ''
      }`}
    >
      <div className="flex min-h-12 flex-col gap-1">
        {items.length > 0 && (
          <ul className="flex flex-col gap-1" aria-label={`${row.name}, ${dayLabel}`}>
            {items.map((s) => (
              <Assignment key={s.id} schedule={s} row={row} marked={inTheWay.has(s.id)} onMove={onMove} onRemove={onRemove} />
            ))}
          </ul>
        )}
        {problem && (
          <div role="alert" data-testid="cell-error" className="rounded-md border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-900">
            <p>
              <span aria-hidden="true" className="mr-1 font-bold">
                !
              </span>
              <span data-testid="cell-error-message">{problem.message}</span>
            </p>
            <button
              type="button"
              onClick={() => onDismiss(key)}
              className="mt-0.5 font-semibold text-red-800 underline focus:outline-none focus-visible:ring-2 focus-visible:ring-red-300"
            >
              Dismiss
            </button>
          </div>
        )}
        {canAdd && (
          <button
            type="button"
            onClick={() => onAdd(row, date)}
            disabled={pending}
            aria-label={`Add a shift for ${row.name} on ${dayLabel}`}
            data-testid="add-assignment"
            className="mt-auto rounded-md border border-dashed border-slate-300 px-2 text-left text-[11px] leading-4 font-medium text-slate-500 hover:border-indigo-400 hover:bg-indigo-50 hover:text-indigo-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300 disabled:opacity-50"
          >
            <span aria-hidden="true">+ Add</span>
          </button>
        )}
      </div>
    </td>
  );
}

function Assignment({
  schedule: s,
  row,
  marked,
  onMove,
  onRemove,
}: {
  schedule: Schedule;
  row: GridRow;
  marked: boolean;
  onMove: (s: Schedule) => void;
  onRemove: (s: Schedule) => void;
}) {
  const what = `${s.shift_name} for ${row.name} on ${formatDayLabel(s.date)}`;
  return (
    <li
      data-testid="schedule-item"
      data-schedule-id={s.id}
      data-shift-id={s.shift_id}
      data-counter-id={s.counter_id ?? undefined}
      data-in-the-way={marked ? 'true' : undefined}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(s));
        e.dataTransfer.effectAllowed = 'move';
      }}
      className={`cursor-grab rounded-md border px-1.5 py-0.5 text-[11px] leading-4 ${
        marked ? 'border-red-500 bg-red-50 ring-2 ring-red-300' : 'border-indigo-200 bg-indigo-50'
      }`}
    >
      {marked && (
        <p className="font-bold text-red-800">
          <span aria-hidden="true">▲ </span>in the way
        </p>
      )}
      <p className="flex min-w-0 items-baseline gap-1">
        <span className="shrink-0 font-semibold text-slate-900">{s.shift_name}</span>
        {s.counter_name && <span className="truncate text-slate-600">· {s.counter_name}</span>}
      </p>
      <div className="flex items-center justify-between gap-1">
        <p className="tabular whitespace-nowrap text-slate-700">
          <span aria-hidden="true">
            {s.start_time}–{s.end_time}
            {s.end_time <= s.start_time && <sup className="ml-px text-[9px] font-semibold">+1</sup>}
          </span>
          <span className="sr-only">{shiftTimesSpoken(s.start_time, s.end_time)}</span>
        </p>
        <span className="flex shrink-0 gap-0.5">
          <button
            type="button"
            onClick={() => onMove(s)}
            aria-label={`Move ${what}`}
            title="Move"
            data-testid="move-assignment"
            className="rounded px-1 font-bold text-indigo-700 hover:bg-indigo-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
          >
            <span aria-hidden="true">⇄</span>
          </button>
          <button
            type="button"
            onClick={() => onRemove(s)}
            aria-label={`Remove ${what}`}
            title="Remove"
            data-testid="remove-assignment"
            className="rounded px-1 font-bold text-red-700 hover:bg-red-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400"
          >
            <span aria-hidden="true">✕</span>
          </button>
        </span>
      </div>
    </li>
  );
}
