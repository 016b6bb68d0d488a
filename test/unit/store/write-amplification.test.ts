import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../electron/core/store/index';
import { cleanupTmpDirs, tmpDir } from './helpers';
import { runLeadWorkload } from './workload';

afterEach(cleanupTmpDirs);

describe('Store: write amplification on a 10k-lead run', () => {
  it('writes ≤ 20× (budget; expected ≈ 1×) the final store size, and reloads everything', async () => {
    const dir = await tmpDir('lf-amp-');
    const store = await Store.open({ dataDir: dir });
    const r = await runLeadWorkload(store, { leads: 10_000, durationMs: 4000 });
    await store.close();
    console.log(`[store bench] 10k leads: bytesWritten/bytesOnDisk = ${r.ratio.toFixed(2)} ` +
      `(${(r.bytesWritten / 1e6).toFixed(1)} MB / ${(r.bytesOnDisk / 1e6).toFixed(1)} MB, ${r.fileWrites} shard writes, ${r.wallMs} ms)`);
    expect(r.ratio).toBeLessThanOrEqual(20);
    // Regression guard well inside the budget: with ordered shards only the few active shards are rewritten.
    expect(r.ratio).toBeLessThan(5);

    const t0 = Date.now();
    const again = await Store.open({ dataDir: dir });
    const openMs = Date.now() - t0;
    console.log(`[store bench] reopen of ${(r.bytesOnDisk / 1e6).toFixed(1)} MB: ${openMs} ms`);
    expect(again.collection('leads').size).toBe(10_000);
    expect(again.collection('tasks').size).toBe(80_000);
    expect(again.collection('audit').size).toBe(80_000);
    expect(again.collection('drafts').size).toBe(10_000);
    expect(again.collection<{ id: string; status: string }>('tasks').get('run_1:lead_009999:outbox')?.status).toBe('done');
    expect(again.stats().bytesOnDisk).toBe(r.bytesOnDisk);
    await again.close();
  }, 120_000);
});
