import type { ImportPreview } from '@shared/ipc';
import type { ColumnMapping } from '@shared/domain/lead';
import { createMockBridge } from './bridge';
import type { MockSeed } from './seed';

/**
 * Bundled (IIFE) into an init script by the harness: installs the mock `window.leadforge` before the app loads.
 * The seed comes from `__LF_SEED__`; `__lfPreview` (exposed by the harness) runs the core's real import preview.
 */
const g = globalThis as unknown as {
  __LF_SEED__: MockSeed;
  __lfPreview?: (path: string, mapping?: ColumnMapping) => Promise<ImportPreview>;
  leadforge?: unknown;
};
const preview = g.__lfPreview;
g.leadforge = createMockBridge(g.__LF_SEED__, preview ? (path, mapping) => preview(path, mapping) : undefined);
