import type { User } from '@/shared/api/types';
import { formatCount, formatDuration, formatRating, spokenDuration } from '@/shared/lib/figures';
import { useMyDay } from '../hooks/useMyDay';

/** The staff member's own day, in one quiet line under the heading. */
export function MyDayStrip({ user }: { user: User }) {
  const day = useMyDay(user);
  const me = day.data?.me ?? null;
  // No figures (an older server, an outage): say nothing rather than get in the way.
  if (!me) return null;
  return (
    <p data-testid="my-day" data-served={me.served} className="-mt-3 mb-6 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600">
      <span className="font-medium text-slate-700">Your day:</span>
      <span>
        <strong className="tabular text-slate-900" data-testid="my-day-served">
          {formatCount(me.served)}
        </strong>{' '}
        served
      </span>
      <span aria-hidden="true">·</span>
      <span>
        average service{' '}
        <strong className="tabular text-slate-900">
          <span aria-hidden="true">{formatDuration(me.avg_service_seconds)}</span>
          <span className="sr-only">{spokenDuration(me.avg_service_seconds)}</span>
        </strong>
      </span>
      <span aria-hidden="true">·</span>
      <span>
        rating{' '}
        <strong className="tabular text-slate-900">
          {me.avg_rating === null ? formatRating(null) : `${formatRating(me.avg_rating)} / 5`}
        </strong>
      </span>
    </p>
  );
}
