import { hasMarker, type Item } from './records';
import { batchByEncodedLength, isSalesforceId, soqlLikeContains, soqlString, websiteDomain } from './soql';

/**
 * After a create request failed ambiguously (network error or 5xx: Salesforce may have applied it), these look up
 * which of the pending records exist already, so the retry sends only the rest and nothing is created twice.
 * Persons are matched by Email, accounts by Website domain, Tasks by their idempotency marker. A record is
 * reported `created` when Salesforce stamped it no earlier than a 5-minute clock margin before the call began.
 */

type Row = Record<string, unknown>;
/** Runs one SOQL query (all pages) inside the current attempt. */
export type RunQuery = (soql: string) => Promise<Row[]>;
export type Found = Map<Item, { id: string; created: boolean }>;

const CREATED_CLOCK_MARGIN_MS = 5 * 60_000;

function createdSince(row: Row, since: number): boolean {
  return typeof row.CreatedDate === 'string' && Date.parse(row.CreatedDate.replace(/\+0000$/, 'Z')) >= since - CREATED_CLOCK_MARGIN_MS;
}

/**
 * Pending Lead/Contact/Account creates that already exist.
 * @param object the sObject (`Account` matched by Website domain; others by Email)
 * @param since epoch ms when the write call began
 * @param budget encoded SOQL budget per query, in bytes
 * @returns found items → record id (items without Email/Website cannot be matched and are absent)
 */
export async function reconcileCreates(query: RunQuery, object: string, pending: Item[], since: number, budget: number): Promise<Found> {
  const found: Found = new Map();
  if (object === 'Account') {
    const byDomain = new Map<string, Item[]>();
    for (const it of pending) {
      const d = websiteDomain(typeof it.record.Website === 'string' ? it.record.Website : undefined);
      if (d) byDomain.set(d, [...(byDomain.get(d) ?? []), it]);
    }
    if (!byDomain.size) return found;
    const prefix = 'SELECT Id, Website, CreatedDate FROM Account WHERE ';
    const suffix = ' ORDER BY CreatedDate ASC';
    const conds = [...byDomain.keys()].map((d) => `Website LIKE ${soqlLikeContains(d)}`);
    for (const group of batchByEncodedLength(conds, { prefix, suffix, sep: ' OR ', budget })) {
      for (const row of await query(prefix + group.join(' OR ') + suffix)) {
        const d = websiteDomain(typeof row.Website === 'string' ? row.Website : undefined);
        const first = d ? byDomain.get(d)?.find((it) => !found.has(it)) : undefined;
        if (first) found.set(first, { id: String(row.Id), created: createdSince(row, since) });
      }
    }
    return found;
  }
  const byEmail = new Map<string, Item>();
  for (const it of pending) if (typeof it.record.Email === 'string') byEmail.set(it.record.Email.toLowerCase(), it);
  if (!byEmail.size) return found;
  const prefix = `SELECT Id, Email, CreatedDate FROM ${object} WHERE Email IN (`;
  const suffix = ') ORDER BY CreatedDate ASC';
  for (const group of batchByEncodedLength([...byEmail.keys()].map(soqlString), { prefix, suffix, sep: ',', budget })) {
    for (const row of await query(prefix + group.join(',') + suffix)) {
      const it = typeof row.Email === 'string' ? byEmail.get(row.Email.toLowerCase()) : undefined;
      if (it && !found.has(it)) found.set(it, { id: String(row.Id), created: createdSince(row, since) });
    }
  }
  return found;
}

/**
 * Pending Task creates that already exist: Tasks of the pending persons (WhoId) whose Description carries the
 * item's marker line.
 * @param markers item → its marker line
 */
export async function reconcileTasks(query: RunQuery, pending: Item[], markers: Map<Item, string>, since: number, budget: number): Promise<Found> {
  const found: Found = new Map();
  const whoIds = [...new Set(pending.map((i) => String(i.record.WhoId)).filter(isSalesforceId))];
  if (!whoIds.length) return found;
  const prefix = 'SELECT Id, WhoId, Description, CreatedDate FROM Task WHERE WhoId IN (';
  for (const group of batchByEncodedLength(whoIds.map(soqlString), { prefix, suffix: ')', sep: ',', budget })) {
    for (const row of await query(prefix + group.join(',') + ')')) {
      if (typeof row.Description !== 'string') continue;
      const description = row.Description;
      const it = pending.find((i) => !found.has(i) && hasMarker(description, markers.get(i)!));
      if (it) found.set(it, { id: String(row.Id), created: createdSince(row, since) });
    }
  }
  return found;
}
