import { Link } from 'react-router';
import type { PublicDepartment } from '@/shared/api/types';

export function DepartmentCard({ department }: { department: PublicDepartment }) {
  const waiting = department.services.reduce((sum, s) => sum + (s.waiting ?? 0), 0);
  return (
    <li
      data-testid="department-card"
      data-department-id={department.id}
      className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <div>
        <h2 className="text-xl font-semibold">{department.name}</h2>
        <p className="mt-1 text-sm text-slate-600">
          <span
            className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${
              department.open_now ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-200 text-slate-700'
            }`}
          >
            {department.open_now ? 'Open' : 'Closed'}
          </span>
          {department.services.length} {department.services.length === 1 ? 'service' : 'services'} · {waiting} waiting
        </p>
      </div>
      <nav aria-label={`${department.name} screens`} className="flex gap-3">
        <Link
          to={`/kiosk/${department.id}`}
          data-testid="kiosk-link"
          className="rounded-xl bg-indigo-600 px-5 py-2.5 font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
        >
          Kiosk
        </Link>
        <Link
          to={`/display/${department.id}`}
          data-testid="display-link"
          className="rounded-xl border border-slate-300 bg-white px-5 py-2.5 font-semibold text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-slate-300"
        >
          Display board
        </Link>
      </nav>
    </li>
  );
}
