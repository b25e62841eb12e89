import type { StaffPerformance } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Panel } from '@/shared/components/Panel';
import { Spinner } from '@/shared/components/Spinner';
import { formatCount, formatDuration, formatRating } from '@/shared/lib/figures';

interface StaffTableProps {
  rows: readonly StaffPerformance[] | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  dayLabel: string;
}

/** Who served how many on the day shown, most first. */
export function StaffTable({ rows, pending, error, onRetry, dayLabel }: StaffTableProps) {
  const sorted = [...(rows ?? [])].sort((a, b) => b.served - a.served || a.full_name.localeCompare(b.full_name));
  return (
    <Panel id="staff-heading" title="Staff" note={dayLabel} testId="staff-table" className="lg:col-span-3">
      {pending && !rows && <Spinner />}
      {error != null && !rows && <ErrorNotice error={error} onRetry={onRetry} />}
      {rows && sorted.length === 0 && (
        <p className="py-6 text-center text-slate-600" data-testid="staff-empty">
          Nobody has served a ticket on this day.
        </p>
      )}
      {sorted.length > 0 && (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide whitespace-nowrap text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3 text-right">Served</th>
                <th scope="col" className="py-2 pr-3 text-right">Avg service</th>
                <th scope="col" className="py-2 pr-3 text-right" title="From calling a ticket to starting to serve it">
                  Call to start
                </th>
                <th scope="col" className="py-2 pr-3 text-right">No-shows</th>
                <th scope="col" className="py-2 pr-3 text-right">Rating</th>
                <th scope="col" className="py-2 text-right">Complaints</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sorted.map((r) => (
                <tr key={r.user_id} data-testid="staff-row" data-user-id={r.user_id} data-served={r.served}>
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                    {r.full_name}
                  </th>
                  <td className="tabular py-2 pr-3 text-right font-semibold">{formatCount(r.served)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatDuration(r.avg_service_seconds)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatDuration(r.avg_call_to_start_seconds)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(r.no_shows)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatRating(r.avg_rating)}</td>
                  <td className={`tabular py-2 text-right ${r.complaints > 0 ? 'font-semibold text-red-700' : ''}`}>
                    {formatCount(r.complaints)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
