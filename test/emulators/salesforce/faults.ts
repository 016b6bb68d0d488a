/**
 * Fault injection for the Salesforce emulator, driven by the test: each rule matches requests (by method/path) and
 * fires a limited number of times, optionally with a probability (seeded, so runs are reproducible).
 *
 * - `status`: answer with a 5xx (or any status) before the request is processed (nothing is written).
 * - `drop`: destroy the connection before processing (client sees ECONNRESET / socket hang up).
 * - `dropAfterProcessing`: process the request (records ARE written), then destroy the connection instead of
 *   answering: the ambiguous failure that makes blind retries of creates produce duplicates.
 * - `delay`: answer after `delayMs` (slow responses; combine with client timeouts).
 * - `limitExceeded`: 403 `REQUEST_LIMIT_EXCEEDED` ("TotalRequests Limit exceeded."), as when the org's API
 *   request limit is used up (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */
export type FaultKind = 'status' | 'drop' | 'dropAfterProcessing' | 'delay' | 'limitExceeded';

export interface FaultRule {
  kind: FaultKind;
  /** How many times it fires (default 1; Infinity for "until cleared"). */
  count?: number;
  /** Chance of firing on a matching request, 0..1 (default 1). */
  probability?: number;
  /** HTTP status for `status` faults (default 503). */
  status?: number;
  /** Delay for `delay` faults, in ms. */
  delayMs?: number;
  /** Which requests it applies to (default: every REST data API request, `/services/data/vXX.X/...`). */
  match?: (req: { method: string; path: string }) => boolean;
}

interface LiveRule extends FaultRule {
  remaining: number;
}

/** The fault controller exposed as `emulator.faults`. */
export class Faults {
  private rules: LiveRule[] = [];
  private seed = 0x2f6b_a1c3;
  /** How many times each kind fired. */
  readonly fired: Record<FaultKind, number> = { status: 0, drop: 0, dropAfterProcessing: 0, delay: 0, limitExceeded: 0 };

  /** Adds a rule. @returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const live: LiveRule = { ...rule, remaining: rule.count ?? 1 };
    this.rules.push(live);
    return () => {
      this.rules = this.rules.filter((r) => r !== live);
    };
  }

  /** The next `count` matching requests fail with `status` (default 503) before being processed. */
  serverErrors(count: number, opts: { status?: number; probability?: number; match?: FaultRule['match'] } = {}): () => void {
    return this.add({ kind: 'status', count, status: opts.status ?? 503, ...opts });
  }

  /** A storm: each matching request fails with probability `probability` (default 0.5), up to `count` times. */
  storm(opts: { count: number; probability?: number; status?: number; match?: FaultRule['match'] }): () => void {
    return this.add({ kind: 'status', status: opts.status ?? 503, probability: opts.probability ?? 0.5, count: opts.count, ...(opts.match ? { match: opts.match } : {}) });
  }

  /** The next `count` matching requests answer after `delayMs`. */
  slow(delayMs: number, count = 1, match?: FaultRule['match']): () => void {
    return this.add({ kind: 'delay', delayMs, count, ...(match ? { match } : {}) });
  }

  /** The next `count` matching connections are dropped, before or after processing. */
  drop(count = 1, opts: { afterProcessing?: boolean; match?: FaultRule['match'] } = {}): () => void {
    return this.add({ kind: opts.afterProcessing ? 'dropAfterProcessing' : 'drop', count, ...(opts.match ? { match: opts.match } : {}) });
  }

  /** The next `count` matching requests get 403 REQUEST_LIMIT_EXCEEDED. */
  limitExceeded(count = 1, match?: FaultRule['match']): () => void {
    return this.add({ kind: 'limitExceeded', count, ...(match ? { match } : {}) });
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Rules firing for this request (consumes them). At most one non-delay rule fires. */
  take(req: { method: string; path: string }, isDataApi: boolean): LiveRule[] {
    const out: LiveRule[] = [];
    let terminal = false;
    for (const r of this.rules) {
      if (r.remaining <= 0) continue;
      if (r.match ? !r.match(req) : !isDataApi) continue;
      if (r.kind !== 'delay' && terminal) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      r.remaining--;
      this.fired[r.kind]++;
      out.push(r);
      if (r.kind !== 'delay') terminal = true;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return out;
  }

  /** mulberry32: a small deterministic PRNG. */
  private random(): number {
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
