import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Pager } from '@/shared/components/Pager';
import { Spinner } from '@/shared/components/Spinner';
import { useDeactivateDepartment, useDepartmentPage } from '../api/departments';
import { DepartmentTable } from '../components/DepartmentTable';

const PAGE = 50;

/** Admin home: every department. */
export function DepartmentsRoute() {
  const [offset, setOffset] = useState(0);
  const page = useDepartmentPage(offset, PAGE);
  const deactivate = useDeactivateDepartment();

  return (
    <>
      <PageHeading
        title="Departments"
        subtitle="Every department of the organisation."
        actions={
          <Link
            to="/admin/departments/new"
            className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
          >
            New department
          </Link>
        }
      />
      {deactivate.error != null && <ErrorNotice error={deactivate.error} className="mb-4" />}
      {page.isPending && <Spinner />}
      {page.isError && <ErrorNotice error={page.error} onRetry={() => page.refetch()} />}
      {page.data && page.data.items.length === 0 && <p className="text-slate-600">No departments yet.</p>}
      {page.data && page.data.items.length > 0 && (
        <>
          <DepartmentTable
            departments={page.data.items}
            busyId={deactivate.isPending ? (deactivate.variables ?? null) : null}
            onDeactivate={(d) => deactivate.mutate(d.id)}
          />
          <Pager offset={offset} limit={PAGE} total={page.data.total} onChange={setOffset} />
        </>
      )}
    </>
  );
}
