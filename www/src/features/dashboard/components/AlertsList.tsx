import { useMemo } from 'react';
import type { AlertsReply, DashboardAlert } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Panel } from '@/shared/components/Panel';
import { Spinner } from '@/shared/components/Spinner';
import { useClock } from '@/shared/hooks/useClock';
import { formatTime, minutesSince } from '@/shared/lib/format';
import { ALERT_TYPE_LABEL, sortAlerts } from '../lib/alerts';

interface AlertsListProps {
  alerts: AlertsReply | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  /** All departments: say which department each alert is from. */
  departmentNames?: ReadonlyMap<number, string>;
}

const SEVERITY = {
  critical: { text: 'Critical', icon: '▲', box: 'border-red-300 bg-red-50', badge: 'bg-red-700 text-white' },
  warning: { text: 'Warning', icon: '●', box: 'border-amber-300 bg-amber-50', badge: 'bg-amber-300 text-amber-950' },
} as const;

/** The live service-level alerts, fetched again whenever an `alerts_updated` event says they changed. */
export function AlertsList({ alerts, pending, error, onRetry, departmentNames }: AlertsListProps) {
  const now = useClock('minute');
  const items = useMemo(() => sortAlerts(alerts?.items ?? []), [alerts]);
  const critical = items.filter((a) => a.severity === 'critical').length;
  return (
    <Panel
      id="alerts-heading"
      title={alerts ? `Alerts (${items.length})` : 'Alerts'}
      note={critical > 0 ? `${critical} critical` : 'Updated as they happen'}
      testId="alerts"
    >
      {pending && !alerts && <Spinner />}
      {error != null && !alerts && <ErrorNotice error={error} onRetry={onRetry} />}
      <div aria-live="polite" aria-relevant="additions removals" className="flex flex-col gap-2">
        {alerts && items.length === 0 && (
          <p className="flex items-center gap-2 rounded-xl bg-emerald-50 px-3 py-3 text-sm text-emerald-900" data-testid="alerts-empty">
            <span aria-hidden="true">✓</span> No alerts: every queue is within its target.
          </p>
        )}
        {items.length > 0 && (
          <ul className="flex max-h-80 flex-col gap-2 overflow-y-auto" data-testid="alert-list">
            {items.map((a) => (
              <AlertItem key={a.key} alert={a} now={now} department={departmentNames?.get(a.department_id)} />
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}

function AlertItem({ alert, now, department }: { alert: DashboardAlert; now: Date; department?: string }) {
  const style = SEVERITY[alert.severity] ?? SEVERITY.warning;
  const minutes = minutesSince(alert.since, now);
  return (
    <li
      data-testid="alert"
      data-key={alert.key}
      data-type={alert.type}
      data-severity={alert.severity}
      data-counter-id={alert.counter_id ?? undefined}
      className={`rounded-xl border px-3 py-2 text-sm ${style.box}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-bold ${style.badge}`}>
          <span aria-hidden="true">{style.icon}</span>
          {style.text}
        </span>
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-700">{ALERT_TYPE_LABEL[alert.type] ?? alert.type}</span>
        {department && <span className="text-xs text-slate-600">· {department}</span>}
      </div>
      <p className="mt-1 text-slate-900" data-testid="alert-message">
        {alert.message}
      </p>
      <p className="text-xs text-slate-600">
        since <time dateTime={alert.since}>{formatTime(alert.since)}</time>
        {minutes !== null && ` (${minutes} min)`}
      </p>
    </li>
  );
}
