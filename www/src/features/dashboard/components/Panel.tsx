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

/** One titled box of the dashboard. */
export function Panel({ title, id, testId, actions, note, className = '', children }: PanelProps) {
  return (
    <section
      aria-labelledby={id}
      data-testid={testId}
      className={`flex min-w-0 flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm ${className}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
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

export interface TableColumn<T> {
  label: string;
  value: (row: T) => string;
}

/**
 * The numbers behind a chart, as a table for screen readers (the chart itself
 * is a picture to them).
 */
export function ChartDataTable<T>({ caption, columns, rows }: { caption: string; columns: TableColumn<T>[]; rows: readonly T[] }) {
  // The box is sr-only, not the table: a table is never narrower than its
  // content, and would widen the page on a phone.
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.label} scope="row">
                    {c.value(row)}
                  </th>
                ) : (
                  <td key={c.label}>{c.value(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
