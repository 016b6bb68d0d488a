import type { MethodName } from '@shared/ipc';

/**
 * `import:run` → `importRun`: the method name of a channel on `window.leadforge`. Same rule as `methodName` in
 * shared/ipc.ts, repeated here so the sandboxed preload bundle does not pull in the zod schemas that module
 * declares (test/security/preload.test.ts checks both agree for every channel).
 */
export function methodName<C extends string>(channel: C): MethodName<C> {
  const [area, action = ''] = channel.split(':');
  return `${area}${action.charAt(0).toUpperCase()}${action.slice(1)}` as MethodName<C>;
}
