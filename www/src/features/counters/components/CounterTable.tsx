import type { Counter } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { CounterStateBadge, describeServices } from '@/shared/components/CounterStateBadge';

function holderName(staffId: number | null, currentUserId: number, names: ReadonlyMap<number, string>): string {
  if (staffId === null) return '—';
  if (staffId === currentUserId) return 'You';
  return names.get(staffId) ?? `User ${staffId}`;
}

interface CounterTableProps {
  counters: readonly Counter[];
  serviceNames: ReadonlyMap<number, string>;
  userNames: ReadonlyMap<number, string>;
  currentUserId: number;
  onEdit: (counter: Counter) => void;
  onDelete: (counter: Counter) => void;
  busyId: number | null;
}

export function CounterTable({ counters, serviceNames, userNames, currentUserId, onEdit, onDelete, busyId }: CounterTableProps) {
  return (
    <div className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="counter-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Services</th>
            <th scope="col" className="px-4 py-3">State</th>
            <th scope="col" className="px-4 py-3">Held by</th>
            <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {counters.map((c) => (
            <tr key={c.id} data-testid="counter-row" data-counter-id={c.id} data-state={c.state}>
              <td className="px-4 py-3 font-medium">{c.name}</td>
              <td className="px-4 py-3 text-slate-600">{describeServices(c.service_ids, serviceNames)}</td>
              <td className="px-4 py-3">
                {c.active === false ? <StatusBadge tone="slate">Removed</StatusBadge> : <CounterStateBadge state={c.state} />}
              </td>
              <td className="px-4 py-3">{holderName(c.staff_id, currentUserId, userNames)}</td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Button size="sm" variant="ghost" onClick={() => onEdit(c)} disabled={busyId === c.id}>
                  Edit<span className="sr-only"> {c.name}</span>
                </Button>
                {c.active !== false && (
                  <ConfirmButton
                    label="Remove"
                    question={`Remove ${c.name}?`}
                    disabled={busyId === c.id}
                    onConfirm={() => onDelete(c)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
