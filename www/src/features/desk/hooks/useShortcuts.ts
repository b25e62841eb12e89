import { useEffect, useRef } from 'react';

export interface Shortcut {
  key: string;
  label: string;
  /** Undefined when the action is not possible right now. */
  run?: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Single-key shortcuts for the page, ignored while typing or with a modifier key held. */
export function useShortcuts(shortcuts: readonly Shortcut[]) {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typingIn(event.target)) return;
      const shortcut = ref.current.find((s) => s.key.toLowerCase() === event.key.toLowerCase());
      if (!shortcut?.run) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
