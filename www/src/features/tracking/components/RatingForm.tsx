import { useState, type FormEvent } from 'react';
import { ApiError } from '@/shared/api/client';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Card } from './PhoneShell';

interface RatingFormProps {
  /** The rating already given, if any. */
  rated: number | null;
  pending: boolean;
  error: unknown;
  onRate: (rating: number, comment: string) => void;
}

const STARS = [1, 2, 3, 4, 5] as const;

/** One to five stars (a radio group), an optional comment, and thanks afterwards. */
export function RatingForm({ rated, pending, error, onRate }: RatingFormProps) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const alreadyRated = error instanceof ApiError && error.code === 'already_rated';

  if (rated !== null || alreadyRated) {
    return (
      <Card testId="rating-thanks" className="text-center">
        <p className="text-2xl font-bold text-slate-900">Thank you for your feedback!</p>
        {rated !== null && (
          <p className="mt-2 text-slate-700">
            You rated this visit{' '}
            <span aria-hidden="true" className="text-amber-500">
              {'★'.repeat(rated)}
              <span className="text-slate-300">{'★'.repeat(5 - rated)}</span>
            </span>
            <span className="sr-only">{rated} out of 5</span>.
          </p>
        )}
      </Card>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rating >= 1 && !pending) onRate(rating, comment.trim());
  };

  return (
    <Card testId="rating-form">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <fieldset>
          <legend className="text-xl font-bold text-slate-900">How was your visit?</legend>
          <div className="mt-3 flex justify-between gap-1" data-testid="rating-stars">
            {STARS.map((n) => (
              <label key={n} className="group flex-1 cursor-pointer text-center">
                <input
                  type="radio"
                  name="rating"
                  value={n}
                  checked={rating === n}
                  onChange={() => setRating(n)}
                  className="peer sr-only"
                  aria-label={n === 1 ? '1 star' : `${n} stars`}
                />
                <span
                  aria-hidden="true"
                  className={`block rounded-xl py-1 text-5xl leading-none transition peer-focus-visible:ring-4 peer-focus-visible:ring-indigo-300 ${
                    n <= rating ? 'text-amber-400' : 'text-slate-300 group-hover:text-amber-200'
                  }`}
                >
                  ★
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Anything to add? (optional)
          <textarea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            rows={2}
            className="rounded-xl border border-slate-300 px-3 py-2 text-base font-normal text-slate-900 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
        </label>
        {error != null && <ErrorNotice error={error} />}
        <button
          type="submit"
          disabled={rating === 0 || pending}
          data-testid="rating-submit"
          className="rounded-2xl bg-indigo-600 px-5 py-3 text-lg font-bold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300 disabled:opacity-50"
        >
          {pending ? 'Sending…' : 'Send rating'}
        </button>
      </form>
    </Card>
  );
}
