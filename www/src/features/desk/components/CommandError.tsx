import { describeCommandError } from '../api/commandErrors';

/** A refused queue action, in words, until dismissed or the next action. */
export function CommandError({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  const { title, detail, code } = describeCommandError(error);
  return (
    <div
      role="alert"
      data-testid="console-error"
      data-error-code={code ?? undefined}
      className="flex items-start justify-between gap-4 rounded-2xl border-2 border-red-300 bg-red-50 p-4 text-red-900"
    >
      <div>
        <p className="text-lg font-semibold">{title}</p>
        {detail && <p className="mt-1">{detail}</p>}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        className="shrink-0 rounded-lg bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-red-300"
      >
        OK
      </button>
    </div>
  );
}
