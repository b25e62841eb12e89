import { Link } from 'react-router';
import type { DepartmentFigures } from '@/shared/api/types';
import { Panel } from '@/shared/components/Panel';
import { formatCount, formatDuration, formatPercent } from '@/shared/lib/figures';

/** The admin's all-departments view: one row per department, each leading to its own view. */
export function DepartmentTable({ rows, linkTo }: { rows: readonly DepartmentFigures[]; linkTo: (id: number) => string }) {
  return (
    <Panel id="departments-heading" title="Departments" note="Choose one for its own view" testId="department-table" className="lg:col-span-3">
      {rows.length === 0 ? (
        <p className="py-6 text-center text-slate-600">No departments yet.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide whitespace-nowrap text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">Department</th>
                <th scope="col" className="py-2 pr-3 text-right">Waiting</th>
                <th scope="col" className="py-2 pr-3 text-right">Serving</th>
                <th scope="col" className="py-2 pr-3 text-right">Open counters</th>
                <th scope="col" className="py-2 pr-3 text-right">Arrivals</th>
                <th scope="col" className="py-2 pr-3 text-right">Served</th>
                <th scope="col" className="py-2 pr-3 text-right">Avg wait</th>
                <th scope="col" className="py-2 pr-3 text-right">Target met</th>
                <th scope="col" className="py-2 text-right">Open complaints</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((d) => (
                <tr key={d.department_id} data-testid="department-row" data-department-id={d.department_id} className="hover:bg-slate-50">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link
                      to={linkTo(d.department_id)}
                      className="font-semibold text-indigo-700 hover:underline focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
                    >
                      {d.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{d.timezone}</span>
                  </th>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(d.waiting_now)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(d.serving_now)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(d.open_counters)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(d.arrivals)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatCount(d.served)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatDuration(d.avg_wait_seconds)}</td>
                  <td className="tabular py-2 pr-3 text-right">{formatPercent(d.sla_met_pct)}</td>
                  <td className={`tabular py-2 text-right ${d.open_complaints > 0 ? 'font-semibold text-red-700' : ''}`}>
                    {formatCount(d.open_complaints)}
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
