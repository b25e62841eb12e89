import type { ConnectionState } from '@/shared/realtime';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Polling',
};

/** Shown on hover: what the word means for the person looking at the screen. */
const EXPLANATION: Record<ConnectionState, string> = {
  connecting: 'connecting for live updates',
  live: 'updates appear as they happen',
  reconnecting: 'live updates interrupted, reconnecting',
  polling: 'live updates unavailable, refreshing every 10 seconds',
};

type Variant = 'light' | 'board';

const STYLE: Record<Variant, Record<ConnectionState, string>> = {
  light: {
    connecting: 'bg-slate-100 text-slate-700',
    live: 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200',
    reconnecting: 'bg-amber-100 text-amber-900 ring-1 ring-amber-300',
    polling: 'bg-sky-100 text-sky-900 ring-1 ring-sky-300',
  },
  board: {
    connecting: 'bg-slate-700 text-slate-100',
    live: 'bg-emerald-600/20 text-emerald-300 ring-1 ring-emerald-500/60',
    reconnecting: 'bg-amber-500 text-black',
    polling: 'bg-sky-400 text-black',
  },
};

const DOT: Record<Variant, Record<ConnectionState, string>> = {
  light: {
    connecting: 'bg-slate-400',
    live: 'bg-emerald-500',
    reconnecting: 'bg-amber-600 animate-pulse',
    polling: 'bg-sky-600',
  },
  board: {
    connecting: 'bg-slate-300',
    live: 'bg-emerald-400',
    reconnecting: 'bg-black animate-pulse',
    polling: 'bg-black',
  },
};

const SIZE: Record<Variant, { badge: string; dot: string }> = {
  light: { badge: 'gap-1.5 px-2.5 py-0.5 text-xs', dot: 'h-2 w-2' },
  board: {
    badge: 'gap-2 px-4 py-1.5 text-[clamp(0.9rem,1.2vw,1.5rem)] uppercase tracking-wider',
    dot: 'h-3 w-3',
  },
};

interface LiveBadgeProps {
  state: ConnectionState;
  /** `board`: large, for the dark display board. */
  variant?: Variant;
  className?: string;
  testId?: string;
}

/**
 * The connection state of a realtime screen: "Live", "Reconnecting…" or
 * "Polling" (no socket: the screen refreshes itself every 10 s). A polite
 * live region, so screen readers hear when it changes.
 */
export function LiveBadge({ state, variant = 'light', className = '', testId = 'live-badge' }: LiveBadgeProps) {
  return (
    <span
      role="status"
      data-testid={testId}
      data-state={state}
      title={EXPLANATION[state]}
      className={`inline-flex items-center rounded-full font-semibold ${SIZE[variant].badge} ${STYLE[variant][state]} ${className}`}
    >
      <span aria-hidden="true" className={`rounded-full ${SIZE[variant].dot} ${DOT[variant][state]}`} />
      {TEXT[state]}
    </span>
  );
}
