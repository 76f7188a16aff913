/**
 * Two-key sequences such as "n then c" (like GitHub's "g i"), ignored while the user types in a
 * field so they never steal a letter from a form.
 */
import { useEffect, useRef } from 'react';

const SEQUENCE_TIMEOUT_MS = 1500;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export type Sequences = Record<string, () => void>;

/** `sequences` maps "n c" (keys separated by a space) to what to do. */
export function useKeySequences(sequences: Sequences): void {
  const pressed = useRef<{ keys: string[]; at: number }>({ keys: [], at: 0 });
  const latest = useRef(sequences);
  latest.current = sequences;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key.length !== 1) return;
      const now = Date.now();
      const previous = now - pressed.current.at < SEQUENCE_TIMEOUT_MS ? pressed.current.keys : [];
      const keys = [...previous, key].slice(-2);
      pressed.current = { keys, at: now };
      const action = latest.current[keys.join(' ')];
      if (action) {
        event.preventDefault();
        pressed.current = { keys: [], at: 0 };
        action();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
