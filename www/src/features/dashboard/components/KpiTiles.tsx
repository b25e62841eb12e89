import type { ReactNode } from 'react';
import type { DashboardSummary } from '@/shared/api/types';
import { formatCount, formatDuration, formatPercent, formatRating, spokenDuration } from '@/shared/lib/figures';

interface TileProps {
  id: string;
  label: string;
  value: string;
  /** The number itself, for tests and tools (empty when null). */
  raw: number | null;
  hint?: ReactNode;
  /** What a screen reader says instead of `value` (durations). */
  spoken?: string;
  live?: boolean;
}

function Tile({ id, label, value, raw, hint, spoken, live }: TileProps) {
  return (
    <div
      data-testid={`kpi-${id}`}
      data-value={raw ?? ''}
      className={`flex min-w-0 flex-col justify-between gap-1 rounded-2xl border p-4 shadow-sm ${
        live ? 'border-indigo-200 bg-indigo-50/60' : 'border-slate-200 bg-white'
      }`}
    >
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="flex flex-col">
        <span className="tabular text-3xl font-bold tracking-tight text-slate-900" aria-hidden={spoken ? true : undefined}>
          {value}
        </span>
        {spoken && <span className="sr-only">{spoken}</span>}
        {hint && <span className="truncate text-xs text-slate-600">{hint}</span>}
      </dd>
    </div>
  );
}

/** The day at a glance: three live figures (now), then the service day's. */
export function KpiTiles({ summary }: { summary: DashboardSummary }) {
  const s = summary;
  const target = s.sla_wait_minutes;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="kpi-tiles">
      <Tile id="waiting-now" label="Waiting now" value={formatCount(s.waiting_now)} raw={s.waiting_now} hint="in the queue" live />
      <Tile id="serving-now" label="Serving now" value={formatCount(s.serving_now)} raw={s.serving_now} hint="called or with staff" live />
      <Tile id="open-counters" label="Open counters" value={formatCount(s.open_counters)} raw={s.open_counters} hint="staffed now" live />
      <Tile
        id="arrivals"
        label="Arrivals"
        value={formatCount(s.arrivals)}
        raw={s.arrivals}
        hint={`${formatCount(s.cancelled)} cancelled`}
      />
      <Tile id="served" label="Served" value={formatCount(s.served)} raw={s.served} hint="completed" />
      <Tile id="no-shows" label="No-shows" value={formatCount(s.no_shows)} raw={s.no_shows} hint="did not come" />
      <Tile
        id="sla"
        label="Wait target met"
        value={formatPercent(s.sla_met_pct)}
        raw={s.sla_met_pct}
        hint={target !== null ? `called within ${target} min` : 'each one’s own target'}
      />
      <Tile
        id="avg-wait"
        label="Average wait"
        value={formatDuration(s.avg_wait_seconds)}
        raw={s.avg_wait_seconds}
        spoken={spokenDuration(s.avg_wait_seconds)}
        hint="minutes:seconds"
      />
      <Tile
        id="p90-wait"
        label="P90 wait"
        value={formatDuration(s.p90_wait_seconds)}
        raw={s.p90_wait_seconds}
        spoken={spokenDuration(s.p90_wait_seconds)}
        hint="9 in 10 waited less"
      />
      <Tile
        id="avg-service"
        label="Average service"
        value={formatDuration(s.avg_service_seconds)}
        raw={s.avg_service_seconds}
        spoken={spokenDuration(s.avg_service_seconds)}
        hint="at the counter"
      />
      <Tile
        id="rating"
        label="Average rating"
        value={s.avg_rating === null ? formatRating(null) : `${formatRating(s.avg_rating)} / 5`}
        raw={s.avg_rating}
        hint={`${formatCount(s.ratings)} ${s.ratings === 1 ? 'rating' : 'ratings'}`}
      />
      <Tile
        id="open-complaints"
        label="Open complaints"
        value={formatCount(s.open_complaints)}
        raw={s.open_complaints}
        hint="not resolved yet"
      />
    </dl>
  );
}
