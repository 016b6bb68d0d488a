/**
 * Where the core reads and writes secrets (CRM tokens, OAuth client secrets, later LLM keys). The desktop app
 * implements it in the main process on Electron's safeStorage (electron/main/vault.ts: encrypted at rest, refuses
 * plain-text backends); the CLI uses {@link envSecrets} (read-only, from the environment); tests use
 * {@link memorySecrets}. Secret values never go to the store, logs, events, IPC responses or error messages.
 *
 * Names in use: `hubspot.accessToken`, `hubspot.refreshToken`, `hubspot.clientSecret`, `hubspot.expiresAt`
 * (ISO-8601), `salesforce.accessToken`, `salesforce.refreshToken`, `salesforce.clientSecret`,
 * `salesforce.instanceUrl`, `salesforce.expiresAt`.
 */
export interface SecretStore {
  /** @returns the value, or undefined when not set. @throws when the backend cannot decrypt it. */
  get(name: string): Promise<string | undefined>;
  /** Stores a value. @throws when the backend refuses (e.g. no OS keyring) or is read-only. */
  set(name: string, value: string): Promise<void>;
  /** Removes a value (no-op if absent). */
  delete(name: string): Promise<void>;
}

/** An in-memory SecretStore (tests, and the CLI's writable overlay). Input: initial name → value pairs. */
export function memorySecrets(initial: Record<string, string> = {}): SecretStore {
  const m = new Map(Object.entries(initial));
  return {
    get: async (name) => m.get(name),
    set: async (name, value) => void m.set(name, value),
    delete: async (name) => void m.delete(name),
  };
}

/**
 * The headless CLI's secrets, from environment variables (documented in the README):
 * `HUBSPOT_ACCESS_TOKEN` → `hubspot.accessToken`; `SALESFORCE_ACCESS_TOKEN` → `salesforce.accessToken`;
 * `SALESFORCE_INSTANCE_URL` → `salesforce.instanceUrl`. Writes (e.g. a refreshed token) stay in memory for the
 * process's lifetime.
 * @param env the environment (default `process.env`)
 */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const initial: Record<string, string> = {};
  if (env.HUBSPOT_ACCESS_TOKEN) initial['hubspot.accessToken'] = env.HUBSPOT_ACCESS_TOKEN;
  if (env.SALESFORCE_ACCESS_TOKEN) initial['salesforce.accessToken'] = env.SALESFORCE_ACCESS_TOKEN;
  if (env.SALESFORCE_INSTANCE_URL) initial['salesforce.instanceUrl'] = env.SALESFORCE_INSTANCE_URL;
  return memorySecrets(initial);
}
