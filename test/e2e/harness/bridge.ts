import type { Frame, Page } from 'playwright-core';
import type { IpcChannel, IpcRequest, IpcResponse } from '@shared/ipc';
import { methodName } from '@shared/ipc';
import { INVOKE_BINDING } from './constants';

/**
 * Calls `window.leadforge.<method>(request)` in the page (the real preload → binding → main's IPC wrapper).
 * @returns the response, or throws the page-side error (message as the renderer would see it)
 */
export async function callBridge<C extends IpcChannel>(page: Page | Frame, channel: C, request: IpcRequest<C> | unknown): Promise<IpcResponse<C>> {
  return (await page.evaluate(
    async ([method, req]) => {
      const bridge = (globalThis as unknown as { leadforge?: Record<string, (r: unknown) => Promise<unknown>> }).leadforge;
      if (!bridge) throw new Error('window.leadforge is missing');
      return bridge[method]!(req);
    },
    [methodName(channel), request] as const,
  )) as IpcResponse<C>;
}

/**
 * The same call's outcome without throwing, as the renderer sees it: `{ ok: true, value }` or
 * `{ ok: false, message }` (the rejection's message inside the page).
 */
export async function tryBridge<C extends IpcChannel>(page: Page | Frame, channel: C, request: unknown): Promise<{ ok: true; value: IpcResponse<C> } | { ok: false; message: string }> {
  return (await page.evaluate(
    async ([method, req]) => {
      const bridge = (globalThis as unknown as { leadforge?: Record<string, (r: unknown) => Promise<unknown>> }).leadforge;
      if (!bridge) return { ok: false, message: 'window.leadforge is missing' };
      try {
        return { ok: true, value: await bridge[method]!(req) };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
    [methodName(channel), request] as const,
  )) as { ok: true; value: IpcResponse<C> } | { ok: false; message: string };
}

/**
 * Invokes a channel through the raw harness binding from any frame (what a compromised frame with IPC access
 * could do; the preload itself only runs in the top frame).
 * @returns `{ ok, value | message }`
 */
export async function rawInvoke(frame: Frame, channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; message?: string }> {
  return frame.evaluate(
    async ([binding, ch, req]) => {
      const fn = (globalThis as unknown as Record<string, (c: string, argsJson: string) => Promise<string>>)[binding];
      if (typeof fn !== 'function') return { ok: false, message: 'binding missing' };
      try {
        const wire = JSON.parse(await fn(ch, JSON.stringify([req]))) as { value?: unknown; file?: string };
        return { ok: true, value: wire.file ? '(large response)' : wire.value };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
    [INVOKE_BINDING, channel, request] as const,
  );
}
