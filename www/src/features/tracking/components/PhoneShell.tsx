import type { ReactNode } from 'react';
import { LiveBadge } from '@/shared/components/LiveBadge';
import type { ConnectionState } from '@/shared/realtime';

/** The phone-first frame of the tracking page: a slim header and one column. */
export function PhoneShell({
  title,
  connection,
  children,
}: {
  title: string;
  connection: ConnectionState | null;
  children: ReactNode;
}) {
  return (
    <div className="min-h-full bg-slate-100" data-testid="track-page">
      <header className="bg-indigo-700 text-white">
        <div className="mx-auto flex max-w-md items-center justify-between gap-3 px-5 py-3">
          <div className="min-w-0">
            <p className="text-xs font-semibold uppercase tracking-widest text-indigo-200">QStream</p>
            <h1 className="truncate text-lg font-bold" data-testid="track-title">
              {title}
            </h1>
          </div>
          {connection && <LiveBadge state={connection} className="shrink-0" />}
        </div>
      </header>
      <main className="mx-auto flex max-w-md flex-col gap-4 px-4 py-5">{children}</main>
    </div>
  );
}

/** A white card of the page. */
export function Card({ children, className = '', testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <section data-testid={testId} className={`rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200 ${className}`}>
      {children}
    </section>
  );
}
