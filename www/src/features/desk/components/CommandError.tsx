import { describeCommandError } from '../api/commandErrors';

interface CommandErrorProps {
  error: unknown;
  onDismiss: () => void;
  /** `console-error` in the console, `error-notice` on a counter card. */
  testId?: string;
}

/** A refused queue or counter action, in words, until dismissed or the next action. */
export function CommandError({ error, onDismiss, testId = 'console-error' }: CommandErrorProps) {
  const { title, detail, code, reason } = describeCommandError(error);
  return (
    <div
      role="alert"
      data-testid={testId}
      data-error-code={code ?? undefined}
      data-error-reason={reason ?? undefined}
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
