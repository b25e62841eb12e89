import type { AlertSeverity, AlertType, DashboardAlert } from '@/shared/api/types';

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1 };

/** Critical first, then the oldest first (the longest-standing problem on top). */
export function sortAlerts(alerts: readonly DashboardAlert[]): DashboardAlert[] {
  return [...alerts].sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 2) - (SEVERITY_RANK[b.severity] ?? 2) ||
      Date.parse(a.since) - Date.parse(b.since) ||
      a.key.localeCompare(b.key),
  );
}

export const ALERT_TYPE_LABEL: Record<AlertType, string> = {
  ticket_over_sla: 'Waiting too long',
  queue_over_capacity: 'Queue too long',
  counter_idle: 'Counter idle',
};
