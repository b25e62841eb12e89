import { counterName, type NowServingEntry } from '../api/getDisplay';

/** How many calls the board shows: the newest big, the rest as rows. */
const MAX_ROWS = 4;

export function NowServingList({ entries }: { entries: NowServingEntry[] }) {
  const [newest, ...older] = entries.slice(0, MAX_ROWS);
  return (
    <section
      aria-labelledby="now-serving-heading"
      aria-live="polite"
      data-testid="now-serving"
      className="flex min-h-0 flex-col"
    >
      <h2
        id="now-serving-heading"
        className="mb-[2vh] text-[clamp(1.5rem,2.6vw,3.5rem)] font-semibold uppercase tracking-widest text-slate-300"
      >
        Now serving
      </h2>
      {!newest && (
        <p className="text-[clamp(1.5rem,2.5vw,3rem)] text-slate-400" data-testid="now-serving-empty">
          Waiting for the first call…
        </p>
      )}
      {newest && <NewestCall entry={newest} />}
      {older.length > 0 && (
        <ol className="mt-[2vh] flex flex-col divide-y divide-slate-800">
          {older.map((entry) => (
            <CallRow key={`${entry.ticket_number}-${entry.called_at ?? ''}`} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

function NewestCall({ entry }: { entry: NowServingEntry }) {
  const counter = counterName(entry.counter);
  return (
    <div
      // A new key on every call restarts the flash animation.
      key={`${entry.ticket_number}-${entry.called_at ?? ''}-${entry.recall_count}`}
      data-testid="now-serving-item"
      data-newest="true"
      data-ticket-number={entry.ticket_number}
      className="qs-flash flex flex-col gap-[1vh] rounded-[2vw] bg-amber-400 px-[3vw] py-[2.5vh] text-black"
    >
      <span className="tabular whitespace-nowrap text-[min(10vw,18vh)] font-black leading-none tracking-tight">
        {entry.ticket_number}
      </span>
      <span className="flex min-w-0 items-baseline gap-[1.5vw] text-[min(4.5vw,8vh)] font-extrabold leading-tight">
        <span aria-hidden="true">→</span>
        <span className="sr-only">please go to</span>
        <span className="min-w-0 truncate">{counter}</span>
      </span>
      {entry.recall_count > 0 && (
        <span className="self-start rounded-full bg-black px-[1.2vw] py-[0.4vh] text-[min(1.6vw,3vh)] font-bold uppercase tracking-wider text-amber-300">
          Called again
        </span>
      )}
    </div>
  );
}

function CallRow({ entry }: { entry: NowServingEntry }) {
  return (
    <li
      data-testid="now-serving-item"
      data-ticket-number={entry.ticket_number}
      className="flex items-center justify-between px-[3vw] py-[1vh] text-slate-100"
    >
      <span className="tabular whitespace-nowrap text-[min(4.2vw,7.5vh)] font-bold leading-tight">
        {entry.ticket_number}
      </span>
      <span className="ml-[2vw] min-w-0 truncate text-[min(3.2vw,5.7vh)] font-semibold text-slate-300">
        <span className="sr-only">at </span>
        {counterName(entry.counter)}
      </span>
    </li>
  );
}
