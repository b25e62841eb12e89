import type { WaitingEntry } from '../api/getDisplay';

/** Next numbers shown per service. */
const MAX_NEXT = 3;

export function WaitingPanel({ services }: { services: WaitingEntry[] }) {
  return (
    <section
      aria-labelledby="waiting-heading"
      data-testid="waiting-panel"
      className="flex min-h-0 flex-col"
    >
      <h2
        id="waiting-heading"
        className="mb-[2vh] text-[clamp(1.5rem,2.6vw,3.5rem)] font-semibold uppercase tracking-widest text-slate-300"
      >
        Waiting
      </h2>
      {services.length === 0 && (
        <p className="text-[clamp(1.25rem,2vw,2.5rem)] text-slate-400">No services open.</p>
      )}
      <ul className="flex flex-col gap-[1.5vh]">
        {services.map((service) => (
          <WaitingService key={service.service_id} service={service} />
        ))}
      </ul>
    </section>
  );
}

function WaitingService({ service }: { service: WaitingEntry }) {
  const next = service.next.slice(0, MAX_NEXT);
  return (
    <li
      data-testid="waiting-service"
      data-service-id={service.service_id}
      className="rounded-[1.2vw] bg-slate-900 px-[1.5vw] py-[1.5vh] ring-1 ring-slate-800"
    >
      <div className="flex items-center justify-between gap-4">
        <span className="flex min-w-0 items-center gap-[1vw]">
          <span
            aria-hidden="true"
            className="flex h-[clamp(2.5rem,4vw,5.5rem)] min-w-[clamp(2.5rem,4vw,5.5rem)] items-center justify-center rounded-xl bg-sky-500 px-2 text-[clamp(1.5rem,2.6vw,3.5rem)] font-black text-black"
          >
            {service.prefix}
          </span>
          <span className="line-clamp-2 text-[clamp(1.25rem,1.9vw,2.6rem)] font-semibold leading-tight text-white">
            {service.name}
          </span>
        </span>
        <span className="flex flex-col items-end leading-none">
          <span
            data-testid="waiting-count"
            data-service-id={service.service_id}
            className="tabular text-[clamp(2.5rem,4vw,6rem)] font-black text-white"
          >
            {service.count}
          </span>
          <span className="text-[clamp(0.9rem,1.1vw,1.5rem)] uppercase tracking-wider text-slate-400">
            waiting
          </span>
        </span>
      </div>
      <div className="mt-[1vh]">
        <span className="block text-[clamp(0.8rem,1vw,1.4rem)] uppercase tracking-wider text-slate-400">
          Next
        </span>
        <p className="flex flex-wrap items-baseline gap-x-[1.2vw] gap-y-1">
          {next.length === 0 && (
            <span className="text-[clamp(1.25rem,2vw,2.5rem)] text-slate-500">—</span>
          )}
          {next.map((number) => (
            <span
              key={number}
              data-testid="waiting-next"
              data-service-id={service.service_id}
              className="tabular whitespace-nowrap text-[clamp(1.25rem,2.1vw,3rem)] font-bold text-sky-300"
            >
              {number}
            </span>
          ))}
        </p>
      </div>
    </li>
  );
}
