import { useDepartmentList } from '@/shared/api/organisation';
import { useCurrentUser } from '@/shared/auth';
import { DashboardView } from '../components/DashboardView';
import { useDashboard } from '../hooks/useDashboard';
import { departmentFacts } from '../lib/facts';

/** Manager home: their department's day, live. */
export function ManagerDashboardRoute() {
  const user = useCurrentUser();
  const departments = useDepartmentList();
  const list = departments.data?.items ?? [];
  const department = list.find((d) => d.id === user.department_id) ?? null;
  const model = useDashboard({ departmentId: user.department_id, department, departments: list });
  return (
    <DashboardView
      model={model}
      title={department?.name ?? 'Your department'}
      facts={departmentFacts(department, model.summary.data)}
    />
  );
}
