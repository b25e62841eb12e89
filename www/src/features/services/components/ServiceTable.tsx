import type { Service } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { StatusBadge } from '@/shared/components/StatusBadge';

interface ServiceTableProps {
  services: readonly Service[];
  /** Without it the table is read-only. */
  onEdit?: (service: Service) => void;
  onDelete?: (service: Service) => void;
  busyId: number | null;
}

export function ServiceTable({ services, onEdit, onDelete, busyId }: ServiceTableProps) {
  const editable = Boolean(onEdit || onDelete);
  return (
    <div className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="service-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Prefix</th>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Description</th>
            <th scope="col" className="px-4 py-3">Avg. time</th>
            <th scope="col" className="px-4 py-3">Status</th>
            {editable && <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {services.map((s) => (
            <tr key={s.id} data-testid="service-row" data-service-id={s.id}>
              <td className="tabular px-4 py-3 font-mono font-semibold">{s.prefix}</td>
              <td className="px-4 py-3 font-medium">{s.name}</td>
              <td className="px-4 py-3 text-slate-600">{s.description}</td>
              <td className="px-4 py-3">{s.avg_service_minutes} min</td>
              <td className="px-4 py-3">
                <StatusBadge tone={s.active ? 'green' : 'slate'}>{s.active ? 'Active' : 'Inactive'}</StatusBadge>
              </td>
              {editable && (
                <td className="whitespace-nowrap px-4 py-3 text-right">
                  {onEdit && (
                    <Button size="sm" variant="ghost" onClick={() => onEdit(s)} disabled={busyId === s.id}>
                      Edit<span className="sr-only"> {s.name}</span>
                    </Button>
                  )}
                  {onDelete && s.active && (
                    <ConfirmButton
                      label="Deactivate"
                      question={`Deactivate ${s.name}?`}
                      disabled={busyId === s.id}
                      onConfirm={() => onDelete(s)}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
