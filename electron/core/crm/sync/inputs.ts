import type { Classification, Lead, LeadScore, ProspectProfile, QueueItem, Run, Task } from '@shared/index';
import type { Store } from '../../store/store';
import type { SyncLeadInput } from '../mapping/app-fields';

/** Stage names read from the task checkpoints (see agents/flow/lead-flow.ts). */
const SCORE = 'score';
const SYNTHESIZE = 'synthesize';
const CLASSIFY = 'classify';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A lead that cannot be synced yet, and why. */
export interface UnprocessedLead {
  leadId: string;
  label: string;
  reason: string;
}

/** Display label of a lead: person name, else email, else company, else its id. */
export function leadLabel(lead: Pick<Lead, 'id' | 'fullName' | 'firstName' | 'lastName' | 'email' | 'company'>): string {
  const name = lead.fullName ?? ([lead.firstName, lead.lastName].filter(Boolean).join(' ') || undefined);
  if (name && lead.company) return `${name} (${lead.company})`;
  return name ?? lead.email ?? lead.company ?? lead.id;
}

/**
 * The processed leads of a data dir, ready to sync: for each lead, the newest run in which its `score` stage
 * is done, with that run's profile (synthesize), score and classification, plus its review-queue item.
 *
 * Input: the store; optional lead ids (default: every lead with a done score, in store order).
 * Output: `ready` (syncable) and `unprocessed` (requested leads that are unknown or not scored yet, with why).
 * Task outputs were validated against the shared zod schemas by the engine before it checkpointed them; here
 * only their shape is checked (a full re-parse of 10k profiles costs ~0.6 s): a malformed checkpoint makes the
 * lead unprocessed. Never throws.
 */
export function loadProcessedLeads(store: Store, leadIds?: readonly string[]): { ready: SyncLeadInput[]; unprocessed: UnprocessedLead[] } {
  const leads = store.collection<Lead>('leads');
  const tasks = store.collection<Task>('tasks');
  const queue = store.collection<QueueItem>('drafts');
  const runs = [...store.collection<Run>('runs').values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const wanted = leadIds ? new Set(leadIds) : undefined;
  const found = new Map<string, SyncLeadInput | string>();
  for (const run of runs) {
    for (const leadId of run.leadIds) {
      if (found.has(leadId) && typeof found.get(leadId) !== 'string') continue;
      if (wanted && !wanted.has(leadId)) continue;
      const score = tasks.get(`${run.id}:${leadId}:${SCORE}`);
      if (score?.status !== 'done') {
        if (!found.has(leadId)) found.set(leadId, score?.status === 'failed' ? `scoring failed: ${score.error ?? 'error'}` : 'not scored yet');
        continue;
      }
      const lead = leads.get(leadId);
      if (!lead) continue;
      const s = score.output as LeadScore | undefined;
      const p = tasks.get(`${run.id}:${leadId}:${SYNTHESIZE}`)?.output as ProspectProfile | undefined;
      const c = tasks.get(`${run.id}:${leadId}:${CLASSIFY}`)?.output as Classification | undefined;
      if (!isObj(s) || typeof s.score !== 'number' || !Array.isArray(s.factors) || !isObj(p) || !isObj(p.fields) || !isObj(c) || typeof c.label !== 'string') {
        found.set(leadId, 'its score, profile or classification checkpoint is unreadable');
        continue;
      }
      const item = queue.get(leadId);
      found.set(leadId, { lead, profile: p, score: s, classification: c, ...(item ? { queueItem: item } : {}) });
    }
  }
  const ready: SyncLeadInput[] = [];
  const unprocessed: UnprocessedLead[] = [];
  const order = leadIds ?? [...leads.values()].map((l) => l.id);
  for (const id of order) {
    const v = found.get(id);
    if (v && typeof v !== 'string') ready.push(v);
    else if (leadIds || v) {
      const lead = leads.get(id);
      unprocessed.push({ leadId: id, label: lead ? leadLabel(lead) : id, reason: lead ? (v ?? 'not processed yet') : 'unknown lead' });
    }
  }
  return { ready, unprocessed };
}
