import { useId, useState, type FormEvent } from 'react';
import { COMPLAINT_CATEGORIES, type Complaint } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { fieldErrorsFrom } from '@/shared/forms';

const CATEGORY = new Map(COMPLAINT_CATEGORIES.map((c) => [c.value, c.label]));

function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

interface ComplaintCardProps {
  complaint: Complaint;
  resolving: boolean;
  error: unknown;
  onResolve: (resolution: string) => void;
}

/** One complaint: what the customer said, and the resolution (or the form to give one). */
export function ComplaintCard({ complaint, resolving, error, onResolve }: ComplaintCardProps) {
  const [open, setOpen] = useState(false);
  const [resolution, setResolution] = useState('');
  const id = useId();
  const errors = fieldErrorsFrom(error, ['resolution']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (resolution.trim() && !resolving) onResolve(resolution.trim());
  };
  const resolved = complaint.status === 'resolved';
  return (
    <li
      data-testid="complaint"
      data-complaint-id={complaint.id}
      data-status={complaint.status}
      className="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            #{complaint.id} · {when(complaint.created_at)}
            {complaint.ticket_number && (
              <>
                {' '}
                · ticket <span className="tabular font-semibold text-slate-700">{complaint.ticket_number}</span>
              </>
            )}
          </p>
          <h3 className="text-lg font-semibold">{CATEGORY.get(complaint.category) ?? complaint.category}</h3>
        </div>
        <StatusBadge tone={resolved ? 'green' : 'amber'}>{resolved ? 'Resolved' : 'Open'}</StatusBadge>
      </div>
      <blockquote className="whitespace-pre-wrap border-l-4 border-slate-200 pl-4 text-slate-800">{complaint.message}</blockquote>
      {resolved && (
        <div className="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="complaint-resolution">
          <p className="font-semibold">Resolved {when(complaint.resolved_at)}</p>
          {complaint.resolution && <p className="mt-1 whitespace-pre-wrap">{complaint.resolution}</p>}
        </div>
      )}
      {!resolved && !open && (
        <div>
          <Button size="sm" onClick={() => setOpen(true)} data-testid="complaint-resolve-open">
            Resolve…
          </Button>
        </div>
      )}
      {!resolved && open && (
        <form onSubmit={submit} className="flex flex-col gap-2" aria-label={`Resolve complaint ${complaint.id}`}>
          <label htmlFor={id} className="text-sm font-medium text-slate-700">
            What was done about it?
          </label>
          <textarea
            id={id}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            rows={3}
            maxLength={2000}
            aria-invalid={errors.byField.resolution ? true : undefined}
            className="rounded-lg border border-slate-300 px-3 py-2 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
          {errors.byField.resolution && <p className="text-sm text-red-700">{errors.byField.resolution}</p>}
          {error != null && !errors.byField.resolution && <ErrorNotice error={error} />}
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={!resolution.trim() || resolving}>
              {resolving ? 'Saving…' : 'Mark resolved'}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}
