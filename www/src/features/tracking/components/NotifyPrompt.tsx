import type { AlertPermission } from '../hooks/useCallAlert';
import { Card } from './PhoneShell';

interface NotifyPromptProps {
  permission: AlertPermission;
  asking: boolean;
  onRequest: () => void;
}

/** Offer a notification for the call; the browser asks only after this tap. */
export function NotifyPrompt({ permission, asking, onRequest }: NotifyPromptProps) {
  if (permission === 'unsupported') return null;
  if (permission === 'granted') {
    return (
      <p className="text-center text-sm text-emerald-800" data-testid="notify-on">
        ✓ We will notify you when your number is called. Keep this page open.
      </p>
    );
  }
  if (permission === 'denied') {
    return (
      <p className="text-center text-sm text-slate-600" data-testid="notify-denied">
        Notifications are blocked in this browser. Keep this page open and watch for your number.
      </p>
    );
  }
  return (
    <Card className="flex flex-col gap-3">
      <p className="text-slate-700">Get a notification when it is your turn, even with this page in the background.</p>
      <button
        type="button"
        onClick={onRequest}
        disabled={asking}
        data-testid="notify-button"
        className="text-balance rounded-2xl bg-indigo-600 px-5 py-3 text-lg font-bold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300 disabled:opacity-60"
      >
        Notify me when it is my turn
      </button>
    </Card>
  );
}
