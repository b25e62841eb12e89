import { useClock } from '@/shared/hooks/useClock';

export function KioskHeader({ title }: { title: string }) {
  const now = useClock('minute');
  return (
    <header className="flex items-center justify-between bg-indigo-700 px-10 py-6 text-white">
      <h1 className="text-4xl font-bold tracking-tight" data-testid="kiosk-title">
        {title}
      </h1>
      <time className="tabular text-4xl font-semibold" dateTime={now.toISOString()}>
        {now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
      </time>
    </header>
  );
}
