import type { LeadforgeBridge } from '@shared/ipc';

/**
 * Minimal types of the page's globals for code run in the page with `page.evaluate` (the node tsconfig has no
 * DOM lib, on purpose: the core must not use DOM globals). Use as `const w = globalThis as unknown as PageWindow`
 * inside the evaluated function (types are erased; nothing from this module runs in the page).
 */
export interface PageElement {
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  appendChild(child: PageElement): PageElement;
  click(): void;
}

export interface PageDocument {
  createElement(tag: string): PageElement;
  head: PageElement;
  body: PageElement;
}

export interface PageWindow {
  document: PageDocument;
  location: { href: string };
  open(url: string, target?: string): unknown;
  setTimeout(code: string | (() => void), ms?: number): unknown;
  fetch(url: string): Promise<unknown>;
  leadforge: LeadforgeBridge;
  [key: string]: unknown;
}
