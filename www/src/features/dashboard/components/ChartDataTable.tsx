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
