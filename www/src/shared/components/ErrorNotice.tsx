import { ApiError } from '@/shared/api/client';
import { friendlyError } from '@/shared/lib/friendlyError';

interface ErrorNoticeProps {
  error: unknown;
  onRetry?: () => void;
  retryLabel?: string;
  /** `large` for kiosks and boards. */
  size?: 'normal' | 'large';
  className?: string;
}

/** A friendly, accessible error box for any failed request. */
export function ErrorNotice({
  error,
  onRetry,
  retryLabel = 'Try again',
  size = 'normal',
  className = '',
}: ErrorNoticeProps) {
  const { title, detail } = friendlyError(error);
  const large = size === 'large';
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div
      role="alert"
      data-testid="error-notice"
      data-error-code={code}
      className={`rounded-2xl border-2 border-red-300 bg-red-50 text-red-900 ${
        large ? 'p-8 text-2xl' : 'p-4 text-base'
      } ${className}`}
    >
      <p className={`font-semibold ${large ? 'text-3xl' : 'text-lg'}`}>{title}</p>
      {detail && <p className="mt-2">{detail}</p>}
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className={`mt-4 rounded-xl bg-red-700 font-semibold text-white hover:bg-red-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-red-300 ${
            large ? 'px-8 py-4 text-2xl' : 'px-4 py-2'
          }`}
        >
          {retryLabel}
        </button>
      )}
    </div>
  );
}
