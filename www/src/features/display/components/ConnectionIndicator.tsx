import type { ConnectionState } from '@/shared/realtime';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
};

const STYLES: Record<ConnectionState, string> = {
  connecting: 'bg-slate-700 text-slate-100',
  live: 'bg-emerald-600/20 text-emerald-300 ring-1 ring-emerald-500/60',
  reconnecting: 'bg-amber-500 text-black',
};

const DOTS: Record<ConnectionState, string> = {
  connecting: 'bg-slate-300',
  live: 'bg-emerald-400',
  reconnecting: 'bg-black animate-pulse',
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span
      role="status"
      data-testid="connection-status"
      data-state={state}
      className={`inline-flex items-center gap-2 rounded-full px-4 py-1.5 text-[clamp(0.9rem,1.2vw,1.5rem)] font-semibold uppercase tracking-wider ${STYLES[state]}`}
    >
      <span aria-hidden="true" className={`h-3 w-3 rounded-full ${DOTS[state]}`} />
      {LABELS[state]}
    </span>
  );
}
