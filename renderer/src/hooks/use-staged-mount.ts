import { useEffect, useState } from 'react';

/**
 * Mounts a heavy view in parts, one part per frame: returns how many of `parts` parts to render now (1 at first,
 * one more after each paint, until all). Each part is then its own short commit instead of one long task, so a
 * screen that appears while a run streams events (the Pipeline screen when the first run starts) stays responsive.
 * Starts over when `key` changes.
 * @param parts how many parts the view has (≥ 1)
 * @param key identity of what is shown (e.g. the selected run)
 * @returns parts to render (1 … parts)
 */
export function useStagedMount(parts: number, key: unknown): number {
  const [state, setState] = useState({ key, shown: 1 });
  const shown = state.key === key ? state.shown : 1;
  useEffect(() => {
    if (shown >= parts) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the next paint (rAF, then a task): the part just committed is on screen before the next one renders.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setState({ key, shown: shown + 1 }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key, shown, parts]);
  return Math.min(shown, parts);
}
