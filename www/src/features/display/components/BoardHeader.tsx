import type { ReactNode } from 'react';
import { LiveBadge } from '@/shared/components/LiveBadge';
import type { ConnectionState } from '@/shared/realtime';
import { BoardClock } from './BoardClock';

interface BoardHeaderProps {
  title: string;
  /** Null when there is nothing to connect to (no such board). */
  connection: ConnectionState | null;
  /** Controls beside the indicator (the sound switch). */
  controls?: ReactNode;
}

export function BoardHeader({ title, connection, controls }: BoardHeaderProps) {
  return (
    <header className="flex items-center justify-between gap-8 border-b border-slate-800 px-[3vw] py-[1.5vh]">
      <div className="flex min-w-0 items-center gap-6">
        <h1
          data-testid="board-title"
          className="truncate text-[clamp(1.75rem,3.2vw,4.5rem)] font-bold tracking-tight text-white"
        >
          {title}
        </h1>
        {connection && <LiveBadge state={connection} variant="board" testId="connection-status" />}
        {controls}
      </div>
      <BoardClock />
    </header>
  );
}
