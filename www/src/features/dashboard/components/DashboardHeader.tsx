import { useId, type ReactNode } from 'react';
import { Button } from '@/shared/components/Button';
import { LiveBadge } from '@/shared/components/LiveBadge';
import { formatLongDate } from '@/shared/lib/dates';
import type { ConnectionState } from '@/shared/realtime';

interface DashboardHeaderProps {
  title: string;
  /** Facts under the title ("Time zone", "Wait target", ...). */
  facts: readonly { term: string; value: string }[];
  date: string | null;
  isToday: boolean;
  onDate: (date: string | null) => void;
  connection: ConnectionState;
  /** The admin's department choice. */
  scope?: ReactNode;
}

/** Title, the day shown (with a date picker and "Today"), and whether it is live. */
export function DashboardHeader({ title, facts, date, isToday, onDate, connection, scope }: DashboardHeaderProps) {
  const dateId = useId();
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight" data-testid="page-title">
            {title}
          </h1>
          <LiveBadge state={connection} />
        </div>
        <p className="mt-1 text-slate-700" data-testid="dashboard-day">
          {date ? (isToday ? `Today, ${formatLongDate(date)}` : formatLongDate(date)) : 'Today'}
        </p>
        {facts.length > 0 && (
          <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600" data-testid="department-overview">
            {facts.map((f) => (
              <div key={f.term} className="flex gap-1">
                <dt>{f.term}:</dt>
                <dd className="font-medium text-slate-900">{f.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {scope}
        <label htmlFor={dateId} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Day
          <input
            id={dateId}
            type="date"
            value={date ?? ''}
            required
            onChange={(e) => e.target.value && onDate(e.target.value)}
            data-testid="summary-date"
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
        </label>
        <Button variant="secondary" onClick={() => onDate(null)} disabled={isToday} data-testid="summary-today">
          Today
        </Button>
      </div>
    </div>
  );
}
