import { Component, lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';

// The panel, its conversation and its tables load on the first open (the
// charts later still, with the first answer that draws one): the signed-in
// layout carries only this button.
const loadPanel = () => import('./AssistantPanel');
const lazyPanel = () => lazy(() => loadPanel().then((m) => ({ default: m.AssistantPanel })));

const SHELL =
  'fixed inset-y-0 right-0 z-30 flex w-full max-w-lg flex-col items-center justify-center gap-3 bg-white p-6 text-center text-slate-700 shadow-xl';

/** Where the panel will be, while its chunk loads or when it could not. */
function PanelShell({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-label="Assistant"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
      className={SHELL}
      data-testid="assistant-panel-shell"
    >
      {children}
      <button
        type="button"
        onClick={onClose}
        className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-semibold hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-slate-300"
      >
        Close
      </button>
    </div>
  );
}

interface BoundaryProps {
  onRetry: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A panel whose code could not be fetched (offline, a new release): say so, never break the screen. */
class PanelBoundary extends Component<BoundaryProps, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <PanelShell onClose={this.props.onClose}>
        <p role="alert">The assistant could not be loaded. Check the connection, then try again.</p>
        <button
          type="button"
          autoFocus
          onClick={this.props.onRetry}
          className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
        >
          Try again
        </button>
      </PanelShell>
    );
  }
}

/**
 * The assistant on every signed-in screen: a button in the bottom right
 * corner that opens the assistant's side panel. Closing the panel (its close
 * button, or Escape) gives the focus back to the button.
 */
export function AssistantLauncher() {
  const [open, setOpen] = useState(false);
  // A failed chunk stays failed in React.lazy: trying again takes a new one.
  const [attempt, setAttempt] = useState(() => ({ n: 0, Panel: lazyPanel() }));
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (wasOpen.current && !open) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => setOpen(false);
  const Panel = attempt.Panel;

  return (
    <>
      {/* Room under the screen's last line, so that the button never hides it for good. */}
      <div aria-hidden="true" style={{ height: 40 }} />
      {!open && (
        <button
          ref={buttonRef}
          type="button"
          onClick={() => setOpen(true)}
          // Start fetching the panel as soon as someone is likely to open it.
          onPointerEnter={() => void loadPanel().catch(() => undefined)}
          onFocus={() => void loadPanel().catch(() => undefined)}
          aria-haspopup="dialog"
          className="fixed right-4 bottom-4 z-30 flex items-center gap-2 rounded-full bg-indigo-600 px-4 py-3 text-sm font-semibold text-white shadow-lg hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
          data-testid="assistant-launcher"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" strokeLinejoin="round" />
            <path d="M9 11h.01M12 11h.01M15 11h.01" strokeLinecap="round" strokeWidth="2.5" />
          </svg>
          <span>Ask the assistant</span>
        </button>
      )}
      {open && (
        <PanelBoundary
          key={attempt.n}
          onClose={close}
          onRetry={() => setAttempt((a) => ({ n: a.n + 1, Panel: lazyPanel() }))}
        >
          <Suspense
            fallback={
              <PanelShell onClose={close}>
                <p role="status">Loading the assistant…</p>
              </PanelShell>
            }
          >
            <Panel onClose={close} />
          </Suspense>
        </PanelBoundary>
      )}
    </>
  );
}
