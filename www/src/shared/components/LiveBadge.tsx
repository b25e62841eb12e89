import type { ConnectionState } from '@/shared/realtime';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

const STYLE: Record<ConnectionState, string> = {
  connecting: 'bg-slate-100 text-slate-700',
  live: 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200',
  reconnecting: 'bg-amber-100 text-amber-900 ring-1 ring-amber-300',
};

const DOT: Record<ConnectionState, string> = {
  connecting: 'bg-slate-400',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-600 animate-pulse',
};

/** A small "Live" / "Reconnecting…" marker for light screens (updates come by themselves). */
export function LiveBadge({ state, className = '' }: { state: ConnectionState; className?: string }) {
  return (
    <span
      role="status"
      data-testid="live-badge"
      data-state={state}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${STYLE[state]} ${className}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${DOT[state]}`} />
      {TEXT[state]}
    </span>
  );
}
