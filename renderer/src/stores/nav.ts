import { create } from 'zustand';

/** The app's screens, in navbar order. */
export const SCREENS = ['import', 'pipeline', 'review', 'outbox', 'crm', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

interface NavState {
  screen: Screen;
  /** Navigates to a screen. */
  go: (screen: Screen) => void;
}

/** Which screen is shown (no router: a desktop app with six fixed screens). */
export const useNav = create<NavState>((set) => ({
  screen: 'import',
  go: (screen) => set({ screen }),
}));
