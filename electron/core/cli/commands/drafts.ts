import type { Lead, QueueItem } from '@shared/index';
import { withCore } from '../open-core';
import { printJson, printLines } from '../output';

/** One row of `drafts --json` (a CLI contract: keep stable). */
export interface DraftView {
  id: string;
  leadId: string;
  status: QueueItem['status'];
  lead: { name?: string; email?: string; title?: string; company?: string; domain?: string };
  company?: string;
  score: number;
  factors: QueueItem['score']['factors'];
  classification: { label: string; confidence: number };
  subject: string;
  body: string;
  facts: QueueItem['draft']['facts'];
  verdict: QueueItem['verdict'];
  draftAttempts: number;
}

const RISK: Record<QueueItem['status'], number> = { flagged: 0, pending: 1, approved: 2, rejected: 3 };

/**
 * `leadforge drafts`: the review queue, riskiest first (flagged, then by lowest classification confidence),
 * with lead, company, score and factors, classification, subject, body and the review verdict.
 */
export async function draftsCommand(opts: { dataDir?: string; json?: boolean; status?: string }): Promise<void> {
  await withCore(opts.dataDir, async (core) => {
    const leads = core.store.collection<Lead>('leads');
    const items = [...core.store.collection<QueueItem>('drafts').values()]
      .filter((q) => !opts.status || q.status === opts.status)
      .sort((a, b) => RISK[a.status] - RISK[b.status] || a.classification.confidence - b.classification.confidence || b.score.score - a.score.score);
    const views: DraftView[] = items.map((q) => {
      const lead = leads.get(q.leadId);
      const name = lead?.fullName ?? ([lead?.firstName, lead?.lastName].filter(Boolean).join(' ') || undefined);
      return {
        id: q.id,
        leadId: q.leadId,
        status: q.status,
        lead: { name, email: lead?.email, title: lead?.title, company: lead?.company, domain: lead?.domain },
        company: lead?.company ?? q.draft.to.company,
        score: q.score.score,
        factors: q.score.factors,
        classification: { label: q.classification.label, confidence: q.classification.confidence },
        subject: q.draft.subject,
        body: q.draft.body,
        facts: q.draft.facts,
        verdict: q.verdict,
        draftAttempts: q.draftAttempts,
      };
    });
    if (opts.json) return printJson(views);
    if (views.length === 0) return printLines('The review queue is empty. Run: npx leadforge process <file>');
    for (const v of views) {
      printLines(
        `── ${v.company ?? v.lead.name ?? v.leadId} · score ${v.score} · ${v.classification.label} (${v.classification.confidence.toFixed(2)}) · ${v.status.toUpperCase()}`,
        ...v.factors.map((f) => `   ${f.points >= 0 ? '+' : ''}${f.points}  ${f.reason}`),
        `   To: ${[v.lead.name, v.lead.email].filter(Boolean).join(' ') || '(no contact)'}`,
        `   Subject: ${v.subject}`,
        ...v.body.split('\n').map((l) => `   │ ${l}`),
        ...v.verdict.issues.map((i) => `   ! ${i.severity} ${i.code}: ${i.message}`),
        '',
      );
    }
    printLines(`${views.length} drafts (${views.filter((v) => v.status === 'flagged').length} flagged)`);
  });
}
