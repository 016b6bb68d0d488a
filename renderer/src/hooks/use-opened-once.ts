import { useState } from 'react';

/**
 * Whether a modal or popover has ever been opened: lets a screen skip mounting its closed dialogs (their hooks and
 * portals cost time on every screen mount) until first needed; afterwards they stay mounted, so closing animates.
 * @param opened whether it is open now
 * @returns true from the first render in which `opened` was true
 */
export function useOpenedOnce(opened: boolean): boolean {
  const [once, setOnce] = useState(opened);
  if (opened && !once) setOnce(true);
  return once || opened;
}
