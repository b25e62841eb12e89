import type { ReactNode } from 'react';

interface PanelProps {
  title: string;
  /** The heading's id, for `aria-labelledby`. */
  id: string;
  testId?: string;
  actions?: ReactNode;
  note?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** One titled box of a screen (the dashboard's, the schedule's): a heading, a note under it, actions on the right. */
export function Panel({ title, id, testId, actions, note, className = '', children }: PanelProps) {
  return (
    <section
      aria-labelledby={id}
      data-testid={testId}
      className={`flex min-w-0 flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm ${className}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h2 id={id} className="text-lg font-semibold">
            {title}
          </h2>
          {note && <p className="text-xs text-slate-600">{note}</p>}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
