import { useEffect, useState } from 'react';
import type { Shift } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Panel } from '@/shared/components/Panel';
import { Spinner } from '@/shared/components/Spinner';
import { fieldErrorsFrom, FormShell, TextField } from '@/shared/forms';
import type { useShiftMutations, ShiftInput } from '../api/schedule';
import { shiftFailure } from '../lib/errors';
import { formatDuration, shiftTimes, sortShifts } from '../lib/shifts';

const SHIFT_FIELDS = ['name', 'start_time', 'end_time'] as const;

interface ShiftEditorProps {
  shifts: readonly Shift[] | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  mutations: ReturnType<typeof useShiftMutations>;
}

/**
 * The department's shifts: create one, rename it, change its times, retire
 * it. The API refuses new times or retiring while the shift has schedules
 * that have not ended; its message (how many, from when) is shown as it is.
 */
export function ShiftEditor({ shifts, pending, error, onRetry, mutations }: ShiftEditorProps) {
  const [editing, setEditing] = useState<Shift | 'new' | null>(null);
  const [retireError, setRetireError] = useState<{ id: number; message: string } | null>(null);
  const sorted = sortShifts(shifts ?? []);
  const active = sorted.filter((s) => s.active);
  const retired = sorted.filter((s) => !s.active);

  const retire = (s: Shift) => {
    setRetireError(null);
    mutations.retire.mutate(s.id, {
      onError: (e) => setRetireError({ id: s.id, message: shiftFailure(e) }),
      onSuccess: () => setEditing((cur) => (cur !== 'new' && cur?.id === s.id ? null : cur)),
    });
  };

  return (
    <Panel
      id="shifts-heading"
      title="Shifts"
      note="The spans of the day people are scheduled for; one that ends at or before it starts ends the next day."
      testId="shift-editor"
      actions={
        editing === null ? (
          <Button size="sm" onClick={() => setEditing('new')} data-testid="new-shift">
            New shift
          </Button>
        ) : undefined
      }
    >
      {editing !== null && (
        <ShiftForm
          key={editing === 'new' ? 'new' : editing.id}
          shift={editing === 'new' ? null : editing}
          mutations={mutations}
          onDone={() => setEditing(null)}
        />
      )}
      {pending && !shifts && <Spinner />}
      {error != null && !shifts && <ErrorNotice error={error} onRetry={onRetry} />}
      {shifts && active.length === 0 && <p className="text-sm text-slate-600">No shifts yet: create the first one.</p>}
      {active.length > 0 && (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide whitespace-nowrap text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Times</th>
                <th scope="col" className="hidden py-2 pr-3 sm:table-cell">Length</th>
                <th scope="col" className="py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {active.map((s) => (
                <tr key={s.id} data-testid="shift-row" data-shift-id={s.id} data-active="true">
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                    {s.name}
                  </th>
                  <td className="tabular py-2 pr-3 whitespace-nowrap">
                    {shiftTimes(s.start_time, s.end_time)}
                    {s.crosses_midnight && <span className="block text-xs text-slate-500 sm:ml-1 sm:inline">ends next day</span>}
                  </td>
                  <td className="tabular hidden py-2 pr-3 whitespace-nowrap sm:table-cell">{formatDuration(s.duration_minutes)}</td>
                  <td className="py-2 text-right">
                    <div className="flex flex-nowrap justify-end gap-2 whitespace-nowrap">
                      <Button size="sm" variant="secondary" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                        Edit
                      </Button>
                      <ConfirmButton
                        label="Retire"
                        question={`Retire ${s.name}?`}
                        confirmLabel="Retire"
                        onConfirm={() => retire(s)}
                        disabled={mutations.retire.isPending}
                      />
                    </div>
                    {retireError?.id === s.id && (
                      <p role="alert" className="mt-1 text-left text-sm text-red-700" data-testid="shift-error">
                        Not retired: {retireError.message}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {retired.length > 0 && (
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer">Retired shifts ({retired.length})</summary>
          <ul className="mt-2 flex flex-col gap-1">
            {retired.map((s) => (
              <li key={s.id} data-testid="shift-row" data-shift-id={s.id} data-active="false">
                {s.name} · <span className="tabular">{shiftTimes(s.start_time, s.end_time)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  );
}

function ShiftForm({
  shift,
  mutations,
  onDone,
}: {
  shift: Shift | null;
  mutations: ReturnType<typeof useShiftMutations>;
  onDone: () => void;
}) {
  const [name, setName] = useState(shift?.name ?? '');
  const [start, setStart] = useState(shift?.start_time ?? '08:00');
  const [end, setEnd] = useState(shift?.end_time ?? '16:00');
  const save = shift ? mutations.update : mutations.create;
  const errors = fieldErrorsFrom(save.error, SHIFT_FIELDS);
  const { reset } = save;
  // A new form starts without the last form's error.
  useEffect(() => reset(), [reset]);

  const submit = () => {
    const body: ShiftInput = {};
    if (!shift || name.trim() !== shift.name) body.name = name.trim();
    if (!shift || start !== shift.start_time) body.start_time = start;
    if (!shift || end !== shift.end_time) body.end_time = end;
    if (shift && Object.keys(body).length === 0) return onDone();
    if (shift) mutations.update.mutate({ id: shift.id, body }, { onSuccess: onDone });
    else mutations.create.mutate(body, { onSuccess: onDone });
  };

  return (
    <FormShell
      title={shift ? `Edit ${shift.name}` : 'New shift'}
      error={save.error}
      errors={errors}
      submitLabel={shift ? 'Save shift' : 'Create shift'}
      pending={save.isPending}
      onSubmit={submit}
      onCancel={onDone}
      testId="shift-form"
    >
      <TextField label="Name" name="name" value={name} onChange={setName} error={errors.byField.name} maxLength={100} required />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Starts"
          name="start_time"
          type="time"
          value={start}
          onChange={setStart}
          error={errors.byField.start_time}
          required
        />
        <TextField
          label="Ends"
          name="end_time"
          type="time"
          value={end}
          onChange={setEnd}
          error={errors.byField.end_time}
          hint={end && start && end <= start ? 'Ends the next day.' : undefined}
          required
        />
      </div>
    </FormShell>
  );
}
