import type { ServiceFigures } from '@/shared/api/types';
import { Panel } from '@/shared/components/Panel';
import { formatCount, formatDuration, formatPercent, spokenDuration } from '@/shared/lib/figures';

interface ServiceWaitsProps {
  services: readonly ServiceFigures[];
  slaMinutes: number | null;
  /** All departments: name each service's department (two may have a "Registration"). */
  departmentNames?: ReadonlyMap<number, string>;
}

/**
 * Waits per service as a bar list: the bar is the average wait, its lighter
 * tail reaches the 90th percentile, the red tick is the wait target. Every bar
 * has its figures written beside it.
 */
export function ServiceWaits({ services, slaMinutes, departmentNames }: ServiceWaitsProps) {
  const target = slaMinutes === null ? null : slaMinutes * 60;
  const scale = Math.max(target ?? 0, ...services.map((s) => s.p90_wait_seconds ?? s.avg_wait_seconds ?? 0), 60) * 1.1;
  const pct = (seconds: number | null) => (seconds === null ? 0 : Math.min(100, (seconds / scale) * 100));

  return (
    <Panel
      id="service-waits-heading"
      title="Waits by service"
      note={`Bar: average wait, its light tail the P90 (9 in 10 waited less)${target !== null ? `; red tick: the ${slaMinutes} min target` : ''}`}
      testId="service-waits"
    >
      {services.length === 0 ? (
        <p className="py-6 text-center text-slate-600">No services.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide whitespace-nowrap text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">Service</th>
                <th scope="col" className="py-2 pr-3 text-right">Waiting</th>
                <th scope="col" className="py-2 pr-3 text-right">Served</th>
                <th scope="col" className="w-2/5 min-w-36 py-2 pr-3">Wait: average / P90</th>
                <th scope="col" className="py-2 text-right">Target met</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {services.map((s) => {
                const over = target !== null && s.avg_wait_seconds !== null && s.avg_wait_seconds > target;
                return (
                  <tr key={s.service_id} data-testid="service-row" data-service-id={s.service_id}>
                    <th scope="row" className="py-2 pr-3 font-normal">
                      <span className="flex items-center gap-2">
                        <span className="rounded-md bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900">{s.prefix}</span>
                        <span className="font-medium text-slate-900">
                          {s.name}
                          {departmentNames && s.department_id !== undefined && departmentNames.has(s.department_id) && (
                            <span className="block text-xs font-normal text-slate-500">{departmentNames.get(s.department_id)}</span>
                          )}
                        </span>
                      </span>
                    </th>
                    <td className="tabular py-2 pr-3 text-right" data-testid="service-waiting">
                      {formatCount(s.waiting_now)}
                    </td>
                    <td className="tabular py-2 pr-3 text-right">
                      {formatCount(s.served)}
                      <span className="text-slate-500"> / {formatCount(s.arrivals)}</span>
                    </td>
                    <td className="py-2 pr-3">
                      <div className="relative h-3 rounded-full bg-slate-100" aria-hidden="true">
                        <div className="absolute inset-y-0 left-0 rounded-full bg-amber-200" style={{ width: `${pct(s.p90_wait_seconds)}%` }} />
                        <div
                          className={`absolute inset-y-0 left-0 rounded-full ${over ? 'bg-red-600' : 'bg-amber-500'}`}
                          style={{ width: `${pct(s.avg_wait_seconds)}%` }}
                        />
                        {target !== null && (
                          <div className="absolute -inset-y-1 w-0.5 bg-red-600" style={{ left: `${pct(target)}%` }} />
                        )}
                      </div>
                      <span className="tabular mt-0.5 block text-xs text-slate-700">
                        <span aria-hidden="true">
                          {formatDuration(s.avg_wait_seconds)} / {formatDuration(s.p90_wait_seconds)}
                        </span>
                        <span className="sr-only">
                          average {spokenDuration(s.avg_wait_seconds)}, 90th percentile {spokenDuration(s.p90_wait_seconds)}
                        </span>
                        {over && <span className="ml-1 font-semibold text-red-700">over target</span>}
                      </span>
                    </td>
                    <td className="tabular py-2 text-right">{formatPercent(s.sla_met_pct)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
