import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeadSchema, SettingsSchema, type Lead, type QueueItem, type Settings } from '@shared/index';
import { buildLeadFlow } from '../../../electron/core/agents/flow/lead-flow';
import { EmailDomainSource } from '../../../electron/core/agents/enrich/email-domain-source';
import { RowSource } from '../../../electron/core/agents/enrich/row-source';
import type { EnrichmentSource } from '../../../electron/core/agents/enrich/types';
import { PipelineEngine } from '../../../electron/core/pipeline/engine';
import type { ResourceLimit, StageDef } from '../../../electron/core/pipeline/types';
import { StoreCheckpoint } from '../../../electron/core/services/store-checkpoint';
import { Store } from '../../../electron/core/store/store';

/** A fresh temp dir. */
export function tempDir(prefix = 'leadforge-crm-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let seq = 0;
/** A Lead with defaults; `over` replaces fields. */
export function makeLead(over: Partial<Lead> = {}): Lead {
  seq++;
  return LeadSchema.parse({
    id: `lead-${seq}`,
    dedupeKey: `k-${seq}`,
    source: { file: 'leads.csv', row: seq + 1, importId: 'imp-1' },
    importedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
}

const FIRST = ['Ann', 'Bob', 'Carla', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jon', 'Kira', 'Luis', 'Mara', 'Nils', 'Olga', 'Pedro'];
const LAST = ['Lee', 'Park', 'Novak', 'Costa', 'Berg', 'Okafor', 'Ruiz', 'Sato', 'Weber', 'Young', 'Adams', 'Baker', 'Clark', 'Diaz', 'Evans', 'Fox'];
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark'];
/** Person name parts for lead `i` (letters only: the classifier flags digits in names as spam). */
export function nameOf(i: number): { first: string; last: string } {
  return { first: FIRST[i % FIRST.length]!, last: `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${'son'.repeat(Math.floor(i / 256))}` };
}

/** A qualified-looking person lead; leads i and i+7 share a company (`company{i%7}.com`). */
export function personLead(i: number, over: Partial<Lead> = {}): Lead {
  const { first, last } = nameOf(i);
  const co = COMPANY[i % 7]!;
  const domain = `${co.toLowerCase()}${i % 7}.com`;
  return makeLead({
    id: `p-${i}`,
    dedupeKey: `email:${first.toLowerCase()}.${i}@${domain}`,
    firstName: first,
    lastName: last,
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@${domain}`,
    title: i % 2 ? 'VP Sales' : 'Founder',
    company: co,
    domain,
    website: `https://${domain}`,
    industry: 'SaaS',
    city: 'San Francisco',
    country: 'United States',
    employees: 40,
    ...over,
  });
}

export function testSettings(over: Record<string, unknown> = {}): Settings {
  return SettingsSchema.parse({ pipeline: { dnsEnabled: false }, ...over });
}

/**
 * Stores the leads and runs the real lead flow over them (list + email-domain sources; no DNS), saving drafts
 * into the review queue the way createCore does. Output: the run id.
 */
export async function processLeads(
  store: Store,
  leads: Lead[],
  settings: Settings = testSettings(),
  extra: { sources?: EnrichmentSource[]; stages?: StageDef[]; resources?: Record<string, ResourceLimit> } = {},
): Promise<string> {
  const leadsCol = store.collection<Lead>('leads');
  for (const l of leads) leadsCol.put(l);
  const queue = store.collection<QueueItem>('drafts');
  const flow = buildLeadFlow({
    settings,
    sources: [new RowSource(), new EmailDomainSource(), ...(extra.sources ?? [])],
    extraStages: extra.stages ?? [],
    saveDraft: (item) => {
      const now = new Date().toISOString();
      const prev = queue.get(item.leadId);
      queue.put({
        id: item.leadId, leadId: item.leadId, runId: item.runId, status: item.verdict.passed ? 'pending' : 'flagged', draft: item.draft,
        verdict: item.verdict, draftAttempts: item.attempts, score: item.score, classification: item.classification,
        createdAt: prev?.createdAt ?? now, updatedAt: now,
      });
    },
  });
  const engine = new PipelineEngine({ flow, checkpoint: new StoreCheckpoint(store), concurrency: 4, resources: extra.resources ?? {} });
  const run = engine.createRun({ leadIds: leads.map((l) => l.id) });
  const final = await engine.start(run.id);
  if (final.status !== 'done') throw new Error(`run ended ${final.status}`);
  return run.id;
}

/** Opens a store in a fresh temp dir. */
export async function openStore(dir = tempDir()): Promise<Store> {
  return Store.open({ dataDir: dir });
}
