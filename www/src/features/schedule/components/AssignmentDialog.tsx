import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Counter, Schedule, Shift } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { SelectField, TextField } from '@/shared/forms';
import { formatLongDate, parseDate } from '@/shared/lib/dates';
import type { Placement } from '../hooks/useWeekPlanner';
import { shiftTimes } from '../lib/shifts';
import type { GridRow } from './WeekGrid';

export type AssignmentRequest =
  | { mode: 'add'; row: GridRow; date: string }
  | { mode: 'move'; schedule: Schedule };

interface AssignmentDialogProps {
  request: AssignmentRequest;
  rows: readonly GridRow[];
  /** Active shifts only. */
  shifts: readonly Shift[];
  /** Active counters only. */
  counters: readonly Counter[];
  onSubmit: (placement: Placement) => void;
  onClose: () => void;
}

/**
 * Add a shift to a cell, or move one: a modal dialog (focus stays inside,
 * Escape closes it). Adding picks the shift and an optional counter for the
 * cell's person and day; moving may also change the person and the day.
 * The result shows on the cell, not here.
 */
export function AssignmentDialog({ request, rows, shifts, counters, onSubmit, onClose }: AssignmentDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const moving = request.mode === 'move' ? request.schedule : null;
  const [userId, setUserId] = useState(String(moving ? moving.user_id : request.mode === 'add' ? request.row.userId : ''));
  const [date, setDate] = useState(moving ? moving.date : request.mode === 'add' ? request.date : '');
  const [shiftId, setShiftId] = useState(String(moving ? moving.shift_id : (shifts[0]?.id ?? '')));
  const [counterId, setCounterId] = useState(String(moving?.counter_id ?? ''));
  const [invalid, setInvalid] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const row = rows.find((r) => String(r.userId) === userId);
  const shiftOptions = shifts.map((s) => ({ value: String(s.id), label: `${s.name} · ${shiftTimes(s.start_time, s.end_time)}` }));
  // A retired shift or counter of the schedule being moved stays choosable as it is.
  if (moving && !shifts.some((s) => s.id === moving.shift_id)) {
    shiftOptions.unshift({ value: String(moving.shift_id), label: `${moving.shift_name} · ${shiftTimes(moving.start_time, moving.end_time)}` });
  }
  const counterOptions = [{ value: '', label: 'No counter' }, ...counters.map((c) => ({ value: String(c.id), label: c.name }))];
  if (moving?.counter_id && !counters.some((c) => c.id === moving.counter_id)) {
    counterOptions.push({ value: String(moving.counter_id), label: moving.counter_name ?? `Counter ${moving.counter_id}` });
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(date);
    if (!row) return setInvalid('Choose a person.');
    if (!day) return setInvalid('Choose a day.');
    if (!shiftId) return setInvalid('Choose a shift.');
    onSubmit({ user_id: row.userId, date: day, shift_id: Number(shiftId), counter_id: counterId ? Number(counterId) : null });
  };

  const title = moving
    ? `Move ${moving.shift_name} of ${moving.user_name}`
    : request.mode === 'add'
      ? `Add a shift for ${request.row.name}`
      : '';

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      data-testid="assignment-dialog"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4 p-6">
        <div>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {request.mode === 'add' && <p className="text-sm text-slate-600">{formatLongDate(request.date)}</p>}
          {moving && (
            <p className="text-sm text-slate-600">
              Now: {formatLongDate(moving.date)}, {shiftTimes(moving.start_time, moving.end_time)}
              {moving.counter_name ? `, ${moving.counter_name}` : ''}
            </p>
          )}
        </div>
        {moving && (
          <>
            <SelectField
              label="Person"
              name="user_id"
              value={userId}
              onChange={setUserId}
              options={rows.map((r) => ({ value: String(r.userId), label: r.name }))}
            />
            <TextField label="Day" name="date" type="date" value={date} onChange={setDate} required />
          </>
        )}
        {shiftOptions.length === 0 ? (
          <p className="text-sm text-slate-700">There is no shift to assign yet: create one under “Shifts” first.</p>
        ) : (
          <SelectField label="Shift" name="shift_id" value={shiftId} onChange={setShiftId} options={shiftOptions} autoFocus />
        )}
        <SelectField
          label="Counter (optional)"
          name="counter_id"
          value={counterId}
          onChange={setCounterId}
          options={counterOptions}
        />
        {invalid && (
          <p role="alert" className="text-sm text-red-700">
            {invalid}
          </p>
        )}
        <div className="flex gap-3">
          <Button type="submit" disabled={shiftOptions.length === 0} data-testid="assignment-submit">
            {moving ? 'Move' : 'Add shift'}
          </Button>
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
