import { Button } from './Button';

interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}

/** "21–40 of 57" with previous and next, for `{items, total}` lists. */
export function Pager({ offset, limit, total, onChange }: PagerProps) {
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm text-slate-600">
      <Button size="sm" variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </Button>
      <span>
        {first}–{last} of {total}
      </span>
      <Button size="sm" variant="secondary" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        Next
      </Button>
    </nav>
  );
}
