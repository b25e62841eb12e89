interface CallNextButtonProps {
  disabledReason: string | null;
  pending: boolean;
  onCall: () => void;
}

/** The desk's main action, big. */
export function CallNextButton({ disabledReason, pending, onCall }: CallNextButtonProps) {
  return (
    <div>
      <button
        type="button"
        data-testid="call-next"
        onClick={onCall}
        disabled={disabledReason !== null || pending}
        aria-keyshortcuts="N"
        aria-describedby={disabledReason ? 'call-next-why' : undefined}
        className="flex w-full items-center justify-center gap-3 rounded-2xl bg-indigo-600 px-6 py-6 text-3xl font-black text-white shadow-md hover:bg-indigo-700 focus:outline-none focus-visible:ring-8 focus-visible:ring-indigo-300 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600 disabled:shadow-none"
      >
        {pending ? 'Calling…' : 'Call next'}
        <kbd className="rounded-md border border-white/40 px-2 py-0.5 text-base font-semibold">N</kbd>
      </button>
      {disabledReason && (
        <p id="call-next-why" className="mt-2 text-center text-sm text-slate-600" data-testid="call-next-why">
          {disabledReason}
        </p>
      )}
    </div>
  );
}
