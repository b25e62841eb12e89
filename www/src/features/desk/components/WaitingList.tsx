import { useId } from 'react';
import type { Service, Ticket } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Pager } from '@/shared/components/Pager';
import { Spinner } from '@/shared/components/Spinner';
import { useClock } from '@/shared/hooks/useClock';
import { minutesSince } from '@/shared/lib/format';
import type { ConsoleModel } from '../hooks/useConsole';
import { WAITING_PAGE_SIZE } from '../hooks/useConsole';

interface WaitingListProps {
  model: ConsoleModel;
  canCall: boolean;
  onCall: (ticket: Ticket) => void;
  searchId: string;
}

type WaitLevel = 'ok' | 'near' | 'over';

/** Amber from three quarters of the department's wait target, red past it. */
function waitLevel(minutes: number | null, sla: number | null): WaitLevel {
  if (minutes === null || sla === null || sla <= 0) return 'ok';
  if (minutes >= sla) return 'over';
  if (minutes >= sla * 0.75) return 'near';
  return 'ok';
}

const LEVEL_ROW: Record<WaitLevel, string> = {
  ok: '',
  near: 'bg-amber-50',
  over: 'bg-red-50',
};

const LEVEL_TEXT: Record<WaitLevel, string> = {
  ok: 'text-slate-700',
  near: 'font-semibold text-amber-800',
  over: 'font-bold text-red-700',
};

/** The department's waiting tickets in queue order, live, with "Call" for each. */
export function WaitingList({ model, canCall, onCall, searchId }: WaitingListProps) {
  const { waiting, slaMinutes, services } = model;
  const now = useClock('minute');
  const serviceSelectId = useId();
  const items = waiting.data?.items ?? [];
  const total = waiting.data?.total ?? 0;
  const filtered = model.search.trim() !== '' || model.serviceId !== null;

  return (
    <section aria-labelledby="waiting-list-heading" data-testid="waiting-list" className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="waiting-list-heading" className="text-lg font-semibold">
          Waiting{' '}
          <span className="tabular text-slate-500" data-testid="waiting-total">
            ({total}
            {filtered ? ' found' : ''})
          </span>
        </h2>
        <div className="flex items-center gap-3 text-xs text-slate-600">
          {slaMinutes !== null && (
            <span>
              Target: <strong>{slaMinutes} min</strong>
              <span className="ml-2 inline-block h-3 w-3 rounded-sm bg-amber-200 align-middle" aria-hidden="true" /> near
              <span className="ml-2 inline-block h-3 w-3 rounded-sm bg-red-200 align-middle" aria-hidden="true" /> over
            </span>
          )}
        </div>
      </div>

      <div className="flex flex-wrap gap-3">
        <label htmlFor={searchId} className="flex min-w-48 flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
          Find a ticket
          <input
            id={searchId}
            type="search"
            value={model.search}
            onChange={(e) => model.setSearch(e.target.value)}
            placeholder="Number, e.g. A-042"
            aria-keyshortcuts="/"
            data-testid="waiting-search"
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 font-normal focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
        </label>
        <label htmlFor={serviceSelectId} className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Service
          <select
            id={serviceSelectId}
            value={model.serviceId ?? ''}
            onChange={(e) => model.setServiceId(e.target.value ? Number(e.target.value) : null)}
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 font-normal"
          >
            <option value="">All services</option>
            {services.map((s: Service) => (
              <option key={s.id} value={s.id}>
                {s.prefix} · {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      {waiting.isPending && <Spinner />}
      {waiting.isError && !waiting.data && <ErrorNotice error={waiting.error} onRetry={() => waiting.refetch()} />}
      {waiting.data && items.length === 0 && (
        <p className="py-6 text-center text-slate-600" data-testid="waiting-empty">
          {filtered ? 'No waiting ticket matches.' : 'Nobody is waiting.'}
        </p>
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3" title="Place in the queue of its service">Place</th>
                <th scope="col" className="py-2 pr-3">Ticket</th>
                <th scope="col" className="py-2 pr-3">Service</th>
                <th scope="col" className="py-2 pr-3 text-right">Waiting</th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((t) => {
                const minutes = minutesSince(t.created_at, now);
                const level = waitLevel(minutes, slaMinutes);
                return (
                  <tr
                    key={t.id}
                    data-testid="waiting-row"
                    data-ticket-id={t.id}
                    data-ticket-number={t.ticket_number}
                    data-wait-level={level}
                    className={LEVEL_ROW[level]}
                  >
                    <td className="tabular py-2 pr-3 text-slate-500">{t.position ?? '—'}</td>
                    <td className="py-2 pr-3">
                      <span className="tabular text-base font-bold text-slate-900">{t.ticket_number}</span>
                      {t.priority === 'high' && (
                        <span className="ml-2 rounded-full bg-rose-100 px-2 py-0.5 text-xs font-semibold text-rose-800">Priority</span>
                      )}
                      {t.delays_used > 0 && (
                        <span className="ml-2 text-xs text-slate-500" title="The customer said they are running late">
                          late ×{t.delays_used}
                        </span>
                      )}
                      {t.customer_name && <span className="block text-xs text-slate-600">{t.customer_name}</span>}
                    </td>
                    <td className="py-2 pr-3 text-slate-700">{t.service.name}</td>
                    <td className={`tabular py-2 pr-3 text-right ${LEVEL_TEXT[level]}`} data-testid="waited-minutes">
                      {minutes === null ? '—' : `${minutes} min`}
                      {level === 'over' && <span className="sr-only"> (over the target)</span>}
                    </td>
                    <td className="py-2 text-right">
                      <Button size="sm" variant="secondary" disabled={!canCall} onClick={() => onCall(t)}>
                        Call<span className="sr-only"> {t.ticket_number}</span>
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager offset={model.offset} limit={WAITING_PAGE_SIZE} total={total} onChange={model.setOffset} />
    </section>
  );
}
