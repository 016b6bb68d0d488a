import type { IpcChannel, IpcEventName, IpcEventPayload, IpcParsedRequest, IpcResponse } from '@shared/ipc';

/**
 * The core's side of the IPC contract: one async handler per channel, implemented in plain Node so the desktop
 * app, the e2e harness and the benchmarks all run the same code. Main registers these behind its IPC wrapper
 * (sender check + schema validation) and adds the channels that need Electron itself ({@link MainOnlyChannel}).
 */

/** Channels only the main process can serve (OS dialogs, data-folder choice). */
export type MainOnlyChannel = 'import:pickFile' | 'import:exportErrors' | 'settings:chooseDataDir';
export type CoreChannel = Exclude<IpcChannel, MainOnlyChannel>;
export type AppChannel = Exclude<CoreChannel, `crm:${string}`>;
export type CrmChannel = Extract<CoreChannel, `crm:${string}`>;

/** Handler of one channel: receives the validated request, resolves with the response (validated again by main). */
export type Handler<C extends IpcChannel> = (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>>;

export type AppApi = { [C in AppChannel]: Handler<C> };
export type CrmApi = { [C in CrmChannel]: Handler<C> };
export type CoreApi = AppApi & CrmApi;

/** Push events the core emits for the renderer (already throttled/batched by the emitter). */
export type CoreEventListener = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => void;

/** A source of push events; `subscribe` returns the unsubscribe function. */
export interface CoreEvents {
  subscribe(listener: CoreEventListener): () => void;
}

/**
 * Errors a handler throws to say "the rep asked for something that cannot be done" (unknown id, approving a
 * draft with compliance errors, …): main passes the message to the renderer as is. Any other error reaches the
 * renderer as a generic message with a log reference, never with internals or secrets.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(message: string, readonly code: string = 'invalid') {
    super(message);
  }
}
