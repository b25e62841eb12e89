import { useClock } from '@/shared/hooks/useClock';

export function BoardClock() {
  const now = useClock('second');
  return (
    <time
      dateTime={now.toISOString()}
      data-testid="board-clock"
      className="tabular flex flex-col items-end leading-none"
    >
      <span className="text-[clamp(2rem,4.5vw,6rem)] font-bold">
        {now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
      </span>
      <span className="mt-1 text-[clamp(0.9rem,1.3vw,1.8rem)] text-slate-400">
        {now.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' })}
      </span>
    </time>
  );
}
