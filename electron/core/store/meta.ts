import path from 'node:path';
import { JsonDoc } from './files';
import { META_FILE } from './layout';

/** Contents of `<dataDir>/meta.json`. Unknown extra keys are preserved on rewrite. */
export interface StoreMeta {
  /** Schema version of the data (the version of the last migration applied). */
  schemaVersion: number;
  /** ISO-8601 time the data dir was first initialised. */
  createdAt: string;
  /** Always 'leadforge': identifies the folder as a LeadForge store. */
  app: 'leadforge';
  [key: string]: unknown;
}

/**
 * @param dataDir absolute data dir
 * @returns the lowdb-backed document for `<dataDir>/meta.json` (pretty-printed JSON)
 */
export function metaDoc(dataDir: string): JsonDoc<StoreMeta> {
  return new JsonDoc<StoreMeta>(
    path.join(dataDir, META_FILE),
    { schemaVersion: 0, createdAt: new Date(0).toISOString(), app: 'leadforge' },
    (data) => `${JSON.stringify(data, null, 2)}\n`,
  );
}

/**
 * Checks the shape of parsed meta.json content.
 * @param data parsed JSON
 * @returns undefined if valid, else a reason (e.g. `"app" is not "leadforge"`)
 */
export function metaProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected a JSON object';
  const m = data as Partial<Record<keyof StoreMeta, unknown>>;
  if (m.app !== 'leadforge') return `"app" is ${JSON.stringify(m.app)}, not "leadforge" (not a LeadForge store)`;
  if (typeof m.schemaVersion !== 'number' || !Number.isInteger(m.schemaVersion) || m.schemaVersion < 0) {
    return '"schemaVersion" is not a non-negative integer';
  }
  if (typeof m.createdAt !== 'string') return '"createdAt" is not a string';
  return undefined;
}
