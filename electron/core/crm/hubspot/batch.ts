import type { CrmErrorInfo } from '../types';

/**
 * Batch helpers: splitting into HubSpot-sized calls, keeping one input per key per call, and reading a refused batch.
 *
 * HubSpot refuses a whole batch when one input is bad (400 "Property values were not valid: [...]", 409 CONFLICT for
 * a unique value held by another record): nothing is written and the answer does not say which input was at fault
 * (https://developers.hubspot.com/docs/api/crm/contacts: "Read-only and non-existent properties will result in an
 * error"). {@link isolate} recovers per-record results from that.
 */

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Splits items into rounds in which every key appears once (HubSpot refuses "Duplicate IDs found in batch input").
 * Order within a key is kept: the first occurrence is in round 0, the second in round 1, …
 */
export function rounds<T>(items: T[], keyOf: (t: T) => string): T[][] {
  const out: T[][] = [];
  const seen = new Map<string, number>();
  for (const t of items) {
    const k = keyOf(t);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (out[n] ??= []).push(t);
  }
  return out;
}

/** One property problem from HubSpot's "Property values were not valid" answer. */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

/** A 400/409 answer to a batch write, read from HubSpot's error body. */
export interface Rejection {
  status: number;
  category: string;
  message: string;
  problems: PropertyProblem[];
}

/**
 * Reads an SDK exception for a refused write (400 or 409). @returns undefined for anything else (the caller rethrows
 * it to the request policy).
 */
export function rejectionOf(err: unknown, redact: (s: string) => string): Rejection | undefined {
  const e = err as { code?: unknown; body?: unknown };
  if (e?.code !== 400 && e?.code !== 409) return undefined;
  const body = (typeof e.body === 'object' && e.body ? e.body : {}) as {
    message?: string;
    category?: string;
    errors?: { message?: string; code?: string; context?: { propertyName?: string[] } }[];
  };
  const message = redact(String(body.message ?? `HTTP ${String(e.code)}`));
  const problems: PropertyProblem[] = [];
  const m = /^Property values were not valid: (\[.*\])$/s.exec(body.message ?? '');
  if (m) {
    try {
      for (const p of JSON.parse(m[1]!) as { name?: string; error?: string; message?: string }[]) {
        if (p.name) problems.push({ name: p.name, error: p.error ?? 'INVALID', message: redact(p.message ?? message) });
      }
    } catch {
      // not JSON after all: fall back to `errors`
    }
  }
  if (!problems.length) {
    for (const x of body.errors ?? []) {
      const name = x.context?.propertyName?.[0];
      if (name) problems.push({ name, error: x.code ?? 'INVALID', message: redact(x.message ?? message) });
    }
  }
  return { status: Number(e.code), category: body.category ?? (e.code === 409 ? 'CONFLICT' : 'VALIDATION_ERROR'), message, problems };
}

/** Problems that hold for every input setting the property, whatever its value. */
const VALUE_INDEPENDENT = new Set(['PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE']);

/**
 * Sends `items`; when HubSpot refuses the batch, finds the culprits and sends the rest again.
 * - A value-independent problem (unknown or read-only property) fails every input that sets that property, at once.
 * - Otherwise the batch is halved until each refused input stands alone (≤ 2·n − 1 calls in the worst case).
 * @param send performs one call; resolves with a {@link Rejection} when HubSpot refused the batch (400/409), throws
 *   for anything else (network, 5xx, 401 — the whole call failed)
 * @param propsOf the properties an item writes (to match value-independent problems)
 * @param fail records a per-item failure
 */
export async function isolate<T>(
  items: T[],
  send: (items: T[]) => Promise<Rejection | undefined>,
  propsOf: (item: T) => Record<string, string>,
  fail: (item: T, error: CrmErrorInfo) => void,
): Promise<void> {
  if (!items.length) return;
  const rejection = await send(items);
  if (!rejection) return;
  const independent = rejection.problems.filter((p) => VALUE_INDEPENDENT.has(p.error));
  if (independent.length) {
    const bad = (t: T): PropertyProblem[] => independent.filter((p) => (propsOf(t)[p.name] ?? '') !== '');
    const rest: T[] = [];
    for (const t of items) {
      const b = bad(t);
      if (b.length) fail(t, { message: b.map((p) => p.message).join('; '), code: b[0]!.error, status: rejection.status });
      else rest.push(t);
    }
    if (rest.length < items.length) return isolate(rest, send, propsOf, fail);
  }
  if (items.length === 1) {
    const msg = rejection.problems.length ? rejection.problems.map((p) => p.message).join('; ') : rejection.message;
    fail(items[0]!, { message: msg, code: rejection.problems[0]?.error ?? rejection.category, status: rejection.status });
    return;
  }
  const mid = Math.ceil(items.length / 2);
  await isolate(items.slice(0, mid), send, propsOf, fail);
  await isolate(items.slice(mid), send, propsOf, fail);
}
