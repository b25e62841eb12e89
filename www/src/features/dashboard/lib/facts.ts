import type { DashboardSummary, Department } from '@/shared/api/types';

/** The department's facts under the dashboard's title. */
export function departmentFacts(department: Department | null, summary: DashboardSummary | undefined) {
  const timezone = summary?.timezone ?? department?.timezone ?? null;
  const target = summary?.sla_wait_minutes ?? department?.sla_wait_minutes ?? null;
  const facts: { term: string; value: string }[] = [];
  if (timezone) facts.push({ term: 'Time zone', value: timezone });
  if (target !== null) facts.push({ term: 'Wait target', value: `${target} min` });
  if (department && !department.active) facts.push({ term: 'Status', value: 'Inactive' });
  return facts;
}
