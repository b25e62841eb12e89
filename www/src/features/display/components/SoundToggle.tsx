import type { SoundState } from '../hooks/useAnnouncer';

interface SoundToggleProps {
  state: SoundState;
  onEnable: () => void;
  onDisable: () => void;
}

function SpeakerIcon({ muted }: { muted: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-[1.2em] w-[1.2em]" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {muted ? (
        <path d="M17 9l5 6M22 9l-5 6" />
      ) : (
        <path d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />
      )}
    </svg>
  );
}

const base =
  'inline-flex items-center gap-2 rounded-full px-4 py-1.5 text-[clamp(0.9rem,1.2vw,1.5rem)] font-semibold focus:outline-none focus-visible:ring-4';

/** Sound on the board: a clear "Enable sound" (browsers need this tap), and off again. */
export function SoundToggle({ state, onEnable, onDisable }: SoundToggleProps) {
  if (state === 'on') {
    return (
      <button
        type="button"
        aria-pressed="true"
        data-testid="sound-toggle"
        data-state="on"
        onClick={onDisable}
        className={`${base} bg-slate-800 text-slate-100 ring-1 ring-slate-600 hover:bg-slate-700 focus-visible:ring-slate-400`}
        title="Announcements are on. Click to turn them off."
      >
        <SpeakerIcon muted={false} />
        Sound on
      </button>
    );
  }
  return (
    <button
      type="button"
      aria-pressed="false"
      data-testid="sound-toggle"
      data-state={state}
      onClick={onEnable}
      className={`${base} bg-sky-400 text-black hover:bg-sky-300 focus-visible:ring-sky-200`}
    >
      <SpeakerIcon muted />
      {state === 'needs-gesture' ? 'Tap to start sound' : 'Enable sound'}
    </button>
  );
}
