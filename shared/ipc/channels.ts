/**
 * Channel and event names and the bridge's method-name rule only (no zod), for the sandboxed preload, which must
 * stay a small self-contained bundle. `shared/ipc.ts` checks at compile time that these lists equal the contract's
 * keys, and re-exports all of this.
 */
export const IPC_CHANNELS = [
  'app:info', 'import:pickFile', 'import:preview', 'import:run', 'import:exportErrors',
  'runs:start', 'runs:list', 'runs:control', 'runs:leads', 'leads:detail',
  'review:list', 'review:counts', 'review:get', 'review:approve', 'review:reject', 'review:regenerate', 'review:reopen', 'review:bulkApprove',
  'outbox:list', 'settings:get', 'settings:save', 'settings:chooseDataDir',
  'crm:status', 'crm:connectToken', 'crm:connectOAuth', 'crm:saveClientSecret', 'crm:disconnect', 'crm:test', 'crm:fields',
  'crm:mappingGet', 'crm:mappingSave', 'crm:preview', 'crm:sync', 'crm:leadStates',
] as const;

export const IPC_EVENTS = ['pipeline:progress', 'pipeline:tasks', 'review:changed', 'crm:progress'] as const;

/** Method name on `window.leadforge` for a channel: `review:bulkApprove` → `reviewBulkApprove`. */
export type MethodName<C extends string> = C extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : C;

/**
 * `import:run` → `importRun`: the method name of a channel on `window.leadforge` (the preload builds the bridge
 * with it; lives here, zod-free, so the sandboxed preload bundle stays small).
 * @param channel a channel name `area:action`
 * @returns `area` + `Action`
 */
export function methodName<C extends string>(channel: C): MethodName<C> {
  const [area, action = ''] = channel.split(':');
  return `${area}${action.charAt(0).toUpperCase()}${action.slice(1)}` as MethodName<C>;
}
