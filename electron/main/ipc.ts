import type { IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcChannel, type IpcParsedRequest, type IpcResponse } from '@shared/ipc';
import type { z } from 'zod';
import { UserFacingError } from '../core/api/types';
import type { MainLog } from './log';

/** One handler per contract channel: receives the validated request (defaults applied), resolves with the response. */
export type IpcHandlers = { [C in IpcChannel]: (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>> };

/** The subset of `ipcMain` the wrapper uses (https://www.electronjs.org/docs/latest/api/ipc-main). */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * Decides whether an invoke may run: returns undefined when trusted, else the reason (logged, never shown).
 * See {@link senderRefusal}.
 */
export type SenderCheck = (event: IpcMainInvokeEvent) => string | undefined;

/** Error message for a request refused because of its sender (the same for every reason: nothing to probe). */
export const REFUSED_SENDER_MESSAGE = 'LeadForge refused this request: it did not come from the app window.';

/**
 * The sender check: the invoke must come from the main frame of a trusted webContents, and that frame must be
 * showing the app's own page. Iframes, a main frame navigated elsewhere, and other webContents are refused.
 * See https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 * @param event the invoke event
 * @param opts.isTrustedContents true for the app window's webContents
 * @param opts.isAppUrl true for the app's page URL (see app-url.ts)
 * @returns undefined when trusted, else a short reason for the log
 */
export function senderRefusal(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  opts: { isTrustedContents: (contents: IpcMainInvokeEvent['sender']) => boolean; isAppUrl: (url: string) => boolean },
): string | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'sender frame is gone (navigated or destroyed)';
  if (!opts.isTrustedContents(event.sender)) return 'sender is not the app window';
  if (frame !== event.sender.mainFrame || frame.parent !== null) return `sender is not the main frame (${frame.url})`;
  if (!opts.isAppUrl(frame.url)) return `sender frame is not the app page (${frame.url})`;
  return undefined;
}

/** Formats zod issues as `field.path: message; …` (at most 5 issues, no input values). */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`);
  if (error.issues.length > 5) issues.push(`… ${error.issues.length - 5} more`);
  return issues.join('; ');
}

/** True for errors whose message is meant for the rep ({@link UserFacingError}, also across bundle copies). */
export function isUserFacing(err: unknown): err is Error {
  return err instanceof UserFacingError || (err instanceof Error && err.name === 'UserFacingError');
}

/**
 * Builds the `ipcMain.handle` listener of one channel: (a) sender check, (b) request validated with the channel's
 * zod schema (a clear "Invalid request to <channel>: field: message" error; nothing runs), (c) the handler,
 * (d) response validated. Errors reaching the renderer: a UserFacingError's message as is; anything else a
 * generic message with a log reference (the log has the details, secrets redacted).
 * @returns the listener (exported for tests that call it without Electron)
 */
export function createIpcListener<C extends IpcChannel>(
  channel: C,
  handler: IpcHandlers[C],
  deps: { checkSender: SenderCheck; log: MainLog },
): (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResponse<C>> {
  const spec = ipcContract[channel];
  return async (event, ...args) => {
    const refusal = deps.checkSender(event);
    if (refusal) {
      deps.log.warn(`IPC ${channel} refused: ${refusal}`);
      throw new Error(REFUSED_SENDER_MESSAGE);
    }
    if (args.length > 1) throw new Error(`Invalid request to ${channel}: expected one argument, got ${args.length}`);
    const parsed = spec.request.safeParse(args[0] === undefined ? {} : args[0]);
    if (!parsed.success) throw new Error(`Invalid request to ${channel}: ${describeIssues(parsed.error)}`);
    let response: unknown;
    try {
      response = await (handler as (r: unknown) => Promise<unknown>)(parsed.data);
    } catch (err) {
      if (isUserFacing(err)) throw new Error(err.message);
      const ref = deps.log.error(`IPC ${channel}`, err);
      throw new Error(`Something went wrong in LeadForge (${channel}). Reference ${ref}: the details are in the app log.`);
    }
    const checked = spec.response.safeParse(response);
    if (!checked.success) {
      const ref = deps.log.error(`IPC ${channel} response does not match the contract`, new Error(describeIssues(checked.error)));
      throw new Error(`Something went wrong in LeadForge (${channel}). Reference ${ref}: the details are in the app log.`);
    }
    return checked.data as IpcResponse<C>;
  };
}

/**
 * Registers the handler of every contract channel behind {@link createIpcListener}. A channel of `ipcContract`
 * without a handler is a programming error (throws at startup, not at the first call).
 * @returns unregister (removes every handler)
 * @throws Error naming the channels that have no handler
 */
export function registerIpcHandlers(opts: { ipcMain: IpcRegistrar; handlers: IpcHandlers; checkSender: SenderCheck; log: MainLog }): () => void {
  const channels = Object.keys(ipcContract) as IpcChannel[];
  const missing = channels.filter((c) => typeof opts.handlers[c] !== 'function');
  if (missing.length) throw new Error(`IPC handlers missing for: ${missing.join(', ')}`);
  for (const channel of channels) {
    opts.ipcMain.handle(channel, createIpcListener(channel, opts.handlers[channel] as IpcHandlers[typeof channel], opts));
  }
  return () => channels.forEach((c) => opts.ipcMain.removeHandler(c));
}
