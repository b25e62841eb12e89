import type { Shortcut } from '../hooks/useShortcuts';

/** The console's keyboard shortcuts, on screen. */
export function ShortcutHelp({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  return (
    <section aria-labelledby="shortcuts-heading" className="rounded-2xl border border-slate-200 bg-white p-4 text-sm" data-testid="shortcut-help">
      <h2 id="shortcuts-heading" className="mb-2 font-semibold text-slate-700">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
        {shortcuts.map((s) => (
          <div key={s.key} className={`flex items-center gap-2 ${s.run ? 'text-slate-800' : 'text-slate-400'}`}>
            <dt>
              <kbd className="inline-block min-w-7 rounded-md border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs font-semibold shadow-sm">
                {s.key.toUpperCase()}
              </kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
