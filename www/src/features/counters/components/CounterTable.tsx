import type { Counter } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { CounterStateBadge, describeServices } from './CounterStateBadge';

interface CounterTableProps {
  counters: readonly Counter[];
  serviceNames: ReadonlyMap<number, string>;
  userNames: ReadonlyMap<number, string>;
  onEdit: (counter: Counter) => void;
  onDelete: (counter: Counter) => void;
  busyId: number | null;
}

export function CounterTable({ counters, serviceNames, userNames, onEdit, onDelete, busyId }: CounterTableProps) {
  return (
    <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
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
                <CounterStateBadge state={c.state} />
              </td>
              <td className="px-4 py-3">
                {c.staff_id === null ? '—' : (userNames.get(c.staff_id) ?? `User ${c.staff_id}`)}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Button size="sm" variant="ghost" onClick={() => onEdit(c)} disabled={busyId === c.id}>
                  Edit<span className="sr-only"> {c.name}</span>
                </Button>
                <ConfirmButton
                  label="Remove"
                  question={`Remove ${c.name}?`}
                  disabled={busyId === c.id}
                  onConfirm={() => onDelete(c)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
