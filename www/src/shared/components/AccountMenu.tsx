import { useEffect, useId, useRef, useState, type FocusEvent } from 'react';
import { NavLink } from 'react-router';

interface AccountMenuProps {
  userName: string;
  roleLabel: string;
  departmentName?: string | null;
}

/**
 * Who is signed in, as a button that opens their account's links (a
 * disclosure, not an ARIA menu: plain links, Tab moves through them). It
 * closes on a click outside, on Escape (focus back on the button), when focus
 * leaves it and when a link is followed. Keeps the header to one line.
 */
export function AccountMenu({ userName, roleLabel, departmentName }: AccountMenuProps) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!box.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  };

  const detail = departmentName ? `${roleLabel} · ${departmentName}` : roleLabel;
  return (
    <div ref={box} className="relative min-w-0" onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex max-w-full min-w-0 items-center gap-2 rounded-lg px-2 py-1 text-left hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
      >
        <span className="min-w-0 leading-tight" data-testid="signed-in-as">
          <span className="block max-w-56 truncate text-sm font-medium text-slate-900">{userName}</span>
          <span className="block max-w-56 truncate text-xs text-slate-500">{detail}</span>
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className={`h-4 w-4 shrink-0 text-slate-500 ${open ? 'rotate-180' : ''}`}>
          <path fill="currentColor" d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-30 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-xl border border-slate-200 bg-white p-2 shadow-lg"
      >
        {/* In full: the button shortens a long name (on a phone, often). */}
        <div className="border-b border-slate-100 px-3 pt-1 pb-2 text-xs break-words text-slate-500">
          <p className="text-sm font-medium text-slate-900">{userName}</p>
          <p>{detail}</p>
        </div>
        <NavLink
          to="/account/password"
          onClick={() => setOpen(false)}
          className={({ isActive }) =>
            `mt-1 block rounded-lg px-3 py-2 text-sm font-medium ${isActive ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100'}`
          }
        >
          Change password
        </NavLink>
        {/* For whoever connects another system: the REST API's reference (public, like its document). */}
        <NavLink
          to="/docs"
          onClick={() => setOpen(false)}
          className="block rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          data-testid="api-docs-link"
        >
          API reference
        </NavLink>
      </div>
    </div>
  );
}
