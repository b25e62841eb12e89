import { LiveBadge } from '@/shared/components/LiveBadge';
import { useClock } from '@/shared/hooks/useClock';
import type { ConnectionState } from '@/shared/realtime';

/** The kiosk's title bar: the department, whether its counts are live, and the time. */
export function KioskHeader({ title, connection }: { title: string; connection: ConnectionState | null }) {
  const now = useClock('minute');
  return (
    <header className="flex items-center justify-between bg-indigo-700 px-10 py-6 text-white">
      <div className="flex items-center gap-4">
        <h1 className="text-4xl font-bold tracking-tight" data-testid="kiosk-title">
          {title}
        </h1>
        {connection && <LiveBadge state={connection} className="shrink-0" />}
      </div>
      <time className="tabular text-4xl font-semibold" dateTime={now.toISOString()}>
        {now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
      </time>
    </header>
  );
}
