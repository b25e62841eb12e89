import type { PublicService } from '@/shared/api/types';
import { formatWait, pluralPeople } from '@/shared/lib/format';

interface ServiceButtonProps {
  service: PublicService;
  disabled: boolean;
  busy: boolean;
  onPress: (serviceId: number) => void;
}

export function ServiceButton({ service, disabled, busy, onPress }: ServiceButtonProps) {
  return (
    <button
      type="button"
      data-testid="service-button"
      data-service-id={service.id}
      disabled={disabled}
      aria-busy={busy}
      onClick={() => onPress(service.id)}
      className="group flex min-h-40 w-full items-center gap-6 rounded-3xl bg-white p-6 text-left shadow-md ring-1 ring-slate-200 transition hover:bg-indigo-50 hover:ring-indigo-300 focus:outline-none focus-visible:ring-8 focus-visible:ring-indigo-400 active:scale-[0.99] disabled:cursor-not-allowed disabled:opacity-60"
    >
      <span
        aria-hidden="true"
        className="flex h-24 w-24 shrink-0 items-center justify-center rounded-2xl bg-indigo-600 text-5xl font-black text-white"
      >
        {service.prefix}
      </span>
      <span className="flex min-w-0 flex-col">
        <span className="text-3xl font-bold leading-tight text-slate-900">{service.name}</span>
        {service.description && (
          <span className="mt-1 line-clamp-2 text-lg text-slate-600">{service.description}</span>
        )}
        <span className="mt-2 text-xl text-slate-700">
          <span data-testid="service-waiting">{pluralPeople(service.waiting)}</span> waiting ·{' '}
          {formatWait(service.estimated_wait_minutes)}
        </span>
        {busy && <span className="mt-1 text-xl font-semibold text-indigo-700">Taking your ticket…</span>}
      </span>
    </button>
  );
}
