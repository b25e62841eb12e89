import { useState, type FormEvent } from 'react';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { fieldErrorsFrom } from '@/shared/forms';
import type { ComplaintInput, ComplaintReceipt } from '../api/tracking';
import { Card } from './PhoneShell';

interface ComplaintFormProps {
  pending: boolean;
  error: unknown;
  receipt: ComplaintReceipt | null;
  onSend: (input: ComplaintInput) => void;
}

const MAX_MESSAGE = 2000;

/** "Something not right?": a category and a message; a reference number afterwards. */
export function ComplaintForm({ pending, error, receipt, onSend }: ComplaintFormProps) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<ComplaintCategory>('wait_time');
  const [message, setMessage] = useState('');
  const errors = fieldErrorsFrom(error, ['category', 'message']);

  if (receipt) {
    return (
      <Card testId="complaint-thanks" className="text-center">
        <p className="text-xl font-bold text-slate-900">Thank you for telling us.</p>
        <p className="mt-1 text-slate-700">
          Your report has reference <strong>#{receipt.id}</strong>. A manager will look into it.
        </p>
      </Card>
    );
  }

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid="complaint-open"
        className="rounded-2xl px-4 py-3 text-base font-semibold text-indigo-700 underline-offset-4 hover:underline focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
      >
        Something not right? Tell us.
      </button>
    );
  }

  const trimmed = message.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed && !pending) onSend({ category, message: trimmed });
  };

  return (
    <Card testId="complaint-form">
      <form onSubmit={submit} className="flex flex-col gap-4" aria-labelledby="complaint-heading">
        <h2 id="complaint-heading" className="text-xl font-bold text-slate-900">
          Tell us what went wrong
        </h2>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          What is it about?
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as ComplaintCategory)}
            className="rounded-xl border border-slate-300 bg-white px-3 py-3 text-base text-slate-900 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          >
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          {errors.byField.category && <span className="text-red-700">{errors.byField.category}</span>}
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Your message
          <textarea
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={MAX_MESSAGE}
            rows={4}
            required
            aria-invalid={errors.byField.message ? true : undefined}
            className="rounded-xl border border-slate-300 px-3 py-2 text-base font-normal text-slate-900 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
          <span className="text-xs font-normal text-slate-500">
            {message.length} / {MAX_MESSAGE}
          </span>
          {errors.byField.message && <span className="text-red-700">{errors.byField.message}</span>}
        </label>
        {error != null && Object.keys(errors.byField).length === 0 && <ErrorNotice error={error} />}
        <button
          type="submit"
          disabled={!trimmed || pending}
          data-testid="complaint-submit"
          className="rounded-2xl bg-slate-800 px-5 py-3 text-lg font-bold text-white hover:bg-slate-900 focus:outline-none focus-visible:ring-4 focus-visible:ring-slate-400 disabled:opacity-50"
        >
          {pending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </Card>
  );
}
