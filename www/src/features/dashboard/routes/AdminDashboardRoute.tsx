import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useDepartmentList } from '@/shared/api/organisation';
import { useUpdateSearchParams } from '@/shared/hooks/useUpdateSearchParams';
import { parseId } from '@/shared/lib/parseId';
import { DashboardView } from '../components/DashboardView';
import { useDashboard } from '../hooks/useDashboard';
import { departmentFacts } from '../lib/facts';

/**
 * The admin's dashboard: all departments together (with a row per
 * department), or one department (`?department=`) as its manager sees it.
 */
export function AdminDashboardRoute() {
  const [searchParams] = useSearchParams();
  const setParams = useUpdateSearchParams();
  const departments = useDepartmentList();
  const list = departments.data?.items ?? [];
  const departmentId = parseId(searchParams.get('department') ?? undefined);
  const department = list.find((d) => d.id === departmentId) ?? null;
  const selectId = useId();
  const model = useDashboard({ departmentId, department, departments: list });

  const choose = (id: number | null) => setParams({ department: id === null ? null : String(id) }, { replace: false });

  const scope = (
    <label htmlFor={selectId} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      Department
      <select
        id={selectId}
        value={departmentId ?? ''}
        onChange={(e) => choose(parseId(e.target.value))}
        data-testid="dashboard-department"
        className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
      >
        <option value="">All departments</option>
        {list.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.active ? '' : ' (inactive)'}
          </option>
        ))}
      </select>
    </label>
  );

  const names = new Map(list.map((d) => [d.id, d.name]));
  const linkTo = (id: number) => {
    const next = new URLSearchParams(searchParams);
    next.set('department', String(id));
    return `?${next.toString()}`;
  };

  return (
    <DashboardView
      key={departmentId ?? 'all'}
      model={model}
      title={departmentId === null ? 'All departments' : (department?.name ?? `Department ${departmentId}`)}
      facts={
        departmentId === null
          ? [{ term: 'Departments', value: String(list.filter((d) => d.active).length) }]
          : departmentFacts(department, model.summary.data)
      }
      scope={scope}
      departmentLink={departmentId === null ? linkTo : undefined}
      departmentNames={departmentId === null ? names : undefined}
    />
  );
}
