import { z } from 'zod';

/**
 * The IPC contract between renderer and main: every channel declares its request and response schema.
 * Main validates every request against `request` before the handler runs; the preload exposes one
 * named method per channel on `window.leadforge`. (The full contract arrives with the desktop app issue.)
 */
export const ipcContract = {
  'app:info': {
    request: z.object({}).strict(),
    response: z.object({ name: z.string(), version: z.string(), dataDir: z.string() }),
  },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>;

/** The object the preload exposes as `window.leadforge`. */
export interface LeadforgeBridge {
  appInfo(): Promise<IpcResponse<'app:info'>>;
}
