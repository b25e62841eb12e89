import { useState } from 'react';
import type { PublicTicket } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { MAX_DELAYS } from '../api/tracking';
import { Card } from './PhoneShell';

interface WaitingActionsProps {
  ticket: PublicTicket;
  pending: 'cancel' | 'delay' | null;
  error: unknown;
  onDelay: () => void;
  onCancel: () => void;
  onDismissError: () => void;
}

const big =
  'w-full rounded-2xl px-5 py-3 text-lg font-bold focus:outline-none focus-visible:ring-4 disabled:cursor-not-allowed disabled:opacity-50';

/** "I'm running late" (at most twice) and leaving the queue (asked once more). */
export function WaitingActions({ ticket, pending, error, onDelay, onCancel, onDismissError }: WaitingActionsProps) {
  const [confirming, setConfirming] = useState(false);
  const left = Math.max(0, MAX_DELAYS - ticket.delays_used);
  return (
    <Card className="flex flex-col gap-3" testId="track-actions">
      {error != null && <ErrorNotice error={error} onRetry={onDismissError} retryLabel="OK" />}
      <button
        type="button"
        data-testid="delay-button"
        onClick={onDelay}
        disabled={left === 0 || pending !== null}
        className={`${big} border-2 border-indigo-600 bg-white text-indigo-700 hover:bg-indigo-50 focus-visible:ring-indigo-200`}
      >
        {pending === 'delay' ? 'Moving you back…' : "I'm running late"}
      </button>
      <p className="-mt-1 text-center text-sm text-slate-600" data-testid="delays-left">
        {left === 0
          ? 'You have used both delays.'
          : `Lets the next 3 people go first. ${left === 1 ? '1 delay' : `${left} delays`} left.`}
      </p>

      {!confirming ? (
        <button
          type="button"
          data-testid="cancel-button"
          onClick={() => setConfirming(true)}
          disabled={pending !== null}
          className={`${big} bg-slate-100 text-slate-800 hover:bg-slate-200 focus-visible:ring-slate-300`}
        >
          Leave the queue
        </button>
      ) : (
        <div role="group" aria-labelledby="cancel-question" className="rounded-2xl bg-red-50 p-4 ring-1 ring-red-200">
          <p id="cancel-question" className="text-center text-lg font-semibold text-red-900">
            Cancel ticket {ticket.ticket_number}? You will lose your place.
          </p>
          <div className="mt-3 grid grid-cols-2 gap-3">
            <button
              type="button"
              data-testid="cancel-confirm"
              onClick={() => {
                setConfirming(false);
                onCancel();
              }}
              className={`${big} bg-red-700 text-white hover:bg-red-800 focus-visible:ring-red-300`}
            >
              Yes, cancel
            </button>
            <button
              type="button"
              autoFocus
              onClick={() => setConfirming(false)}
              className={`${big} bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:ring-slate-300`}
            >
              Keep my place
            </button>
          </div>
        </div>
      )}
    </Card>
  );
}
