/**
 * Prints the store's write amplification (bytes written / final store size) for the 10k-lead workload under
 * several shapes. Run: `npx tsx test/unit/store/measure-amplification.ts [shardSize] [flushIntervalMs] [maxShardBytes]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../../electron/core/store/index';
import { runLeadWorkload, type WorkloadOptions } from './workload';

const shardSize = process.argv[2] ? Number(process.argv[2]) : undefined;
const flushIntervalMs = process.argv[3] ? Number(process.argv[3]) : undefined;
const maxShardBytes = process.argv[4] ? Number(process.argv[4]) : undefined;
const shapes: Array<[string, WorkloadOptions]> = [
  ['10k leads, lazy tasks, 5 s', { durationMs: 5000 }],
  ['10k leads, upfront tasks, 5 s', { durationMs: 5000, upfrontTasks: true }],
  ['10k leads, lazy tasks, 2 s', { durationMs: 2000 }],
  ['10k leads, lazy tasks, 15 s', { durationMs: 15_000 }],
  ['10k leads, lazy tasks, 60 s', { durationMs: 60_000 }],
  ['10k leads, stage order, 5 s', { durationMs: 5000, order: 'stage' }],
  ['10k leads, random order, 5 s', { durationMs: 5000, order: 'random' }],
  ['10k leads, random order, 15 s', { durationMs: 15_000, order: 'random' }],
  ['upfront tasks, stage order, 5 s', { durationMs: 5000, order: 'stage', upfrontTasks: true }],
  ['upfront tasks, random order, 5 s', { durationMs: 5000, order: 'random', upfrontTasks: true }],
  ['upfront tasks, random order, 15 s', { durationMs: 15_000, order: 'random', upfrontTasks: true }],
  // Slow runs (LLM speed): per-shard rates equal a 10k-lead run 10×/50×/150× longer.
  ['1k leads, 60 s (16 leads/s)', { leads: 1000, durationMs: 60_000 }],
  ['200 leads, 60 s (3.3 leads/s)', { leads: 200, durationMs: 60_000 }],
  ['100 leads, 120 s (0.8 leads/s)', { leads: 100, durationMs: 120_000 }],
];
const only = process.env.SHAPES ? process.env.SHAPES.split(',').map(Number) : null;
for (const [i, [label, shape]] of shapes.entries()) {
  if (only && !only.includes(i)) continue;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lf-amp-'));
  const store = await Store.open({ dataDir: dir, shardSize, flushIntervalMs, maxShardBytes });
  const r = await runLeadWorkload(store, shape);
  await store.close();
  await rm(dir, { recursive: true, force: true });
  console.log(`${label.padEnd(34)} ratio ${r.ratio.toFixed(2).padStart(6)}  written ${(r.bytesWritten / 1e6).toFixed(1)} MB  on disk ${(r.bytesOnDisk / 1e6).toFixed(1)} MB  writes ${r.fileWrites}  wall ${r.wallMs} ms`);
}
