import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcChannel, type IpcRequest, type IpcResponse } from '@shared/ipc';

/** Rejects IPC calls not coming from the app's own main frame (file:// bundle or the dev server). */
function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) throw new Error('IPC refused: not the main frame');
  const url = frame.url;
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (!(url.startsWith('file://') || (dev && url.startsWith(dev)))) throw new Error(`IPC refused: foreign origin ${url}`);
}

/**
 * Registers one handler per contract channel: checks the sender, validates the request with the channel's
 * zod schema (throws a descriptive error on mismatch), then validates the handler's response.
 */
export function handle<C extends IpcChannel>(channel: C, handler: (req: IpcRequest<C>) => Promise<IpcResponse<C>> | IpcResponse<C>): void {
  const spec = ipcContract[channel];
  ipcMain.handle(channel, async (event, payload: unknown) => {
    assertTrustedSender(event);
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) throw new Error(`IPC ${channel}: invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return spec.response.parse(await handler(parsed.data as IpcRequest<C>));
  });
}

/** Registers the app's IPC handlers. */
export function registerIpc(ctx: { dataDir: string; version: string }): void {
  handle('app:info', () => ({ name: 'LeadForge', version: ctx.version, dataDir: ctx.dataDir, platform: process.platform }));
}
