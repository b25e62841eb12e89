import type { ReactNode } from 'react';

export interface FactsColumn<T> {
  label: string;
  value: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

interface FactsTableProps<T> {
  caption: string;
  columns: readonly FactsColumn<T>[];
  rows: readonly T[];
  testId?: string;
  /** `data-*` attributes of a row (for the tests: the figure behind the text). */
  rowData?: (row: T) => Record<`data-${string}`, string | number>;
}

/** A small table of the figures behind an answer; the first column heads each row. */
export function FactsTable<T>({ caption, columns, rows, testId, rowData }: FactsTableProps<T>) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <caption className="pb-2 text-left text-xs font-semibold text-slate-700">{caption}</caption>
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={`py-0.5 pr-3 font-medium ${c.numeric ? 'text-right' : ''}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={i} {...rowData?.(row)}>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.label} scope="row" className="py-0.5 pr-3 font-medium text-slate-900">
                    {c.value(row)}
                  </th>
                ) : (
                  <td key={c.label} className={`py-0.5 pr-3 ${c.numeric ? 'tabular text-right' : ''}`}>
                    {c.value(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
