import { useCallback, useEffect, useMemo, useState } from 'react';
import { Announcer } from '../lib/announcer';

export const SOUND_STORAGE_KEY = 'qstream.display.sound';

function storedChoice(): boolean {
  try {
    return localStorage.getItem(SOUND_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function storeChoice(on: boolean) {
  try {
    localStorage.setItem(SOUND_STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Storage disabled: the choice lasts until the page is closed.
  }
}

function pageHasBeenActivated(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
  return activation?.hasBeenActive ?? false;
}

export type SoundState =
  /** Sound off (the default). */
  | 'off'
  /** Chosen on earlier, but this page has had no tap yet: browsers keep it silent until one. */
  | 'needs-gesture'
  | 'on';

/**
 * The board's sound: the person's choice (kept in localStorage), the queued
 * announcer, and unlocking audio with the first gesture on the page.
 */
export function useAnnouncer() {
  const announcer = useMemo(() => new Announcer(), []);
  const [wanted, setWanted] = useState(storedChoice);
  const [unlocked, setUnlocked] = useState(pageHasBeenActivated);

  useEffect(() => () => announcer.dispose(), [announcer]);

  const active = wanted && unlocked;
  useEffect(() => announcer.setEnabled(active), [announcer, active]);

  // Remembered "on": the first tap or key anywhere on the board starts the audio.
  useEffect(() => {
    if (!wanted || unlocked) return;
    const onGesture = () => {
      void announcer.unlock();
      setUnlocked(true);
    };
    window.addEventListener('pointerdown', onGesture, { once: true });
    window.addEventListener('keydown', onGesture, { once: true });
    return () => {
      window.removeEventListener('pointerdown', onGesture);
      window.removeEventListener('keydown', onGesture);
    };
  }, [announcer, wanted, unlocked]);

  /** Call from the click handler itself (the gesture). */
  const enable = useCallback(() => {
    void announcer.unlock();
    setUnlocked(true);
    setWanted(true);
    storeChoice(true);
  }, [announcer]);

  const disable = useCallback(() => {
    setWanted(false);
    storeChoice(false);
  }, []);

  const announce = useCallback((text: string) => announcer.announce(text), [announcer]);

  const state: SoundState = !wanted ? 'off' : unlocked ? 'on' : 'needs-gesture';
  return { state, enable, disable, announce };
}
