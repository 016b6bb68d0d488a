import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { json, runCli, startCli, tempDir } from '../helpers/cli';

interface Summary { rows: number; imported: number; duplicates: number; processed: number; failed: number; drafts: number; runIds: string[] }
interface DraftView { leadId: string; subject: string; body: string; status: string; score: number }
interface Status { leads: number; runs: { id: string; status: string; leads: number; processed: number; perStage: Record<string, Record<string, number>> }[]; queue: Record<string, number> }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real child process running `leadforge process` is SIGKILLed at random moments (during import, during the
 * run, during store writes), then started again until it finishes. The end state must equal an uninterrupted
 * run: no lead lost, no lead/run/draft duplicated, every task terminal, identical drafts.
 */
describe('SIGKILL and resume', () => {
  it('finishes the run after random kills with no lead lost and nothing duplicated', async () => {
    const dir = tempDir();
    const file = join(dir, 'leads.csv');
    await generateLeadCsv(file, 1500);

    const reference = runCli(['process', file, '--data-dir', join(dir, 'ref'), '--json']);
    expect(reference.code, reference.stderr).toBe(0);
    const ref = json<Summary>(reference);
    const refDrafts = json<DraftView[]>(runCli(['drafts', '--data-dir', join(dir, 'ref'), '--json']));
    expect(ref.drafts).toBeGreaterThan(0);

    const dataDir = join(dir, 'killed');
    let kills = 0;
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let attempt = 0; attempt < 8; attempt++) {
      const child = startCli(['process', file, '--data-dir', dataDir, '--json']);
      let exited = false;
      const done = new Promise<number | null>((resolve) => child.on('exit', (code) => { exited = true; resolve(code); }));
      await sleep(400 + Math.floor(rand() * 2500));
      if (!exited) {
        child.kill('SIGKILL');
        kills++;
      }
      await done;
    }
    expect(kills).toBeGreaterThan(2);

    const final = runCli(['process', file, '--data-dir', dataDir, '--json']);
    expect(final.code, final.stderr).toBe(0);
    const s = json<Summary>(final);
    expect(s.processed).toBe(ref.processed);
    expect(s.failed).toBe(0);
    expect(s.drafts).toBe(ref.drafts);

    const status = json<Status>(runCli(['status', '--data-dir', dataDir, '--json']));
    expect(status.leads).toBe(ref.imported);
    expect(status.runs).toHaveLength(1);
    expect(status.runs[0]!.status).toBe('done');
    expect(status.runs[0]!.leads).toBe(ref.imported);
    for (const [stage, c] of Object.entries(status.runs[0]!.perStage)) {
      expect(c.pending + c.running, `stage ${stage} left unfinished`).toBe(0);
    }

    const drafts = json<DraftView[]>(runCli(['drafts', '--data-dir', dataDir, '--json']));
    expect(new Set(drafts.map((d) => d.leadId)).size).toBe(drafts.length);
    const key = (d: DraftView) => `${d.leadId}\n${d.status}\n${d.score}\n${d.subject}\n${d.body}`;
    expect(drafts.map(key).sort()).toEqual(refDrafts.map(key).sort());

    // and once finished, processing again does nothing new
    const again = json<Summary>(runCli(['process', file, '--data-dir', dataDir, '--json']));
    expect(again.imported).toBe(0);
    expect(again.runIds).toEqual(s.runIds);
  }, 240_000); // ~10 CLI processes over 1,500 leads: 30-50 s on 2 idle cores, more under load
});
