import { Resolver } from 'node:dns/promises';
import type { EnrichmentResult, Lead } from '@shared/index';
import { analyseEmail } from '../email/analyse-email';
import { throwIfAborted, type AgentContext } from '../types';
import { hostOf } from '../util/text';
import { failedResult, makeResult, type EnrichmentSource } from './types';

/** The part of `dns/promises.Resolver` this source uses; inject a fake in tests. */
export interface MxResolver {
  resolveMx(hostname: string): Promise<{ exchange: string; priority: number }[]>;
  /** Cancels outstanding queries (their promises reject with ECANCELLED). */
  cancel?(): void;
}

/** Options of {@link DnsMxSource} (all optional; tests inject `createResolver`). */
export interface DnsMxSourceOptions {
  /** Per-lookup budget in ms (resolver timeout and overall race). Default: settings.pipeline.dnsTimeoutMs. */
  timeoutMs?: number;
  /** Builds a resolver for one lookup. Default: `new Resolver({ timeout, tries: 1 })` with the system servers. */
  createResolver?: (timeoutMs: number) => MxResolver;
  /**
   * A domain that certainly has MX records, asked when a lookup says "no such domain / no MX" to tell a real
   * negative answer from a resolver that answers nothing (offline machines, captive DNS). `null` disables it.
   * Default 'gmail.com'. Asked after any failed lookup; its verdict is cached per source instance for
   * `canaryTtlMs` when it resolves (default 5 min) and `canaryFailTtlMs` when it does not (default 60 s). While
   * it does not, lookups are not attempted at all (circuit breaker): an offline run costs two lookups, not one per lead.
   */
  canaryDomain?: string | null;
  canaryTtlMs?: number;
  canaryFailTtlMs?: number;
}

/** Confidence of an MX answer. */
export const DNS_CONFIDENCE = 0.95;

const NEGATIVE_CODES = new Set(['ENODATA', 'ENOTFOUND']);

const PROVIDERS: [RegExp, string][] = [
  [/(^|\.)(google|googlemail)\.com$/, 'Google Workspace'],
  [/\.mail\.protection\.outlook\.com$|(^|\.)outlook\.com$/, 'Microsoft 365'],
  [/(^|\.)zoho\.(com|eu|in)$/, 'Zoho Mail'],
  [/(^|\.)pphosted\.com$/, 'Proofpoint'],
  [/(^|\.)mimecast\.com$/, 'Mimecast'],
  [/(^|\.)messagingengine\.com$/, 'Fastmail'],
  [/(^|\.)secureserver\.net$/, 'GoDaddy'],
  [/(^|\.)amazonaws\.com$/, 'Amazon SES/WorkMail'],
];

/** Names the mail provider of an MX host ("aspmx.l.google.com" → "Google Workspace"), or undefined. */
export function mailProviderOf(mxHost: string): string | undefined {
  const h = mxHost.toLowerCase().replace(/\.$/, '');
  return PROVIDERS.find(([re]) => re.test(h))?.[1];
}

class LookupTimeout extends Error {
  readonly code = 'ETIMEOUT';
}

/**
 * Resolves MX records of `domain` within `timeoutMs`, honouring `signal`.
 * Output: the records. Errors: rejects with the resolver's error (with `.code`), a LookupTimeout (code ETIMEOUT)
 * when the budget runs out, or the signal's reason when aborted. Outstanding queries are cancelled.
 */
async function lookupMx(resolver: MxResolver, domain: string, timeoutMs: number, signal?: AbortSignal) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      resolver.resolveMx(domain),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LookupTimeout(`DNS MX lookup for ${domain} timed out after ${timeoutMs} ms`)), timeoutMs);
        if (signal) {
          onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
          signal.addEventListener('abort', onAbort, { once: true });
        }
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    try {
      resolver.cancel?.();
    } catch {
      /* cancelling a finished resolver is harmless */
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/**
 * Enrichment source "dns": looks up the MX records of the lead's business email domain, else its website domain.
 *
 * Output (source "dns", confidence 0.95, ref "MX <domain>"):
 * - records found → status 'ok', fields `mxFound: true`, `mxHosts` (by priority, ≤ 5), `mxDomain`, `mailProvider`?;
 * - NXDOMAIN/NODATA confirmed by a working resolver (canary) → status 'ok', `mxFound: false`;
 * - timeout, refused, SERVFAIL, or a resolver that cannot resolve the canary → status 'failed' with `error`,
 *   returned within about `timeoutMs` + 200 ms (the canary shares the lookup's budget, with a 200 ms floor);
 * - while the canary is known to fail (cached ≤ 60 s) → status 'failed' at once, without a lookup;
 * - DNS disabled in settings or no domain → status 'skipped'.
 * Never rejects, except with the abort reason when `ctx.signal` is aborted (cancel/pause), so an interrupted
 * lookup is not checkpointed as a result.
 */
export class DnsMxSource implements EnrichmentSource {
  readonly name = 'dns';
  readonly resource = 'dns';
  private canary: { at: number; ok: boolean; error?: string } | undefined;
  private canaryInFlight: Promise<{ ok: boolean; error?: string }> | undefined;

  constructor(private readonly options: DnsMxSourceOptions = {}) {}

  async run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult> {
    throwIfAborted(ctx.signal);
    const started = Date.now();
    if (!ctx.settings.pipeline.dnsEnabled) return failedResult('dns', 'DNS lookups are disabled in settings', ctx, 'skipped', started);
    const websiteDomain = lead.domain || hostOf(lead.website);
    const email = analyseEmail(lead.email, { companyDomain: websiteDomain });
    const domain = email.type === 'business' ? email.domain : websiteDomain;
    if (!domain) return failedResult('dns', 'no business email domain or website to look up', ctx, 'skipped', started);

    // Circuit breaker: while the canary says DNS is unusable, do not wait on lookups that cannot succeed.
    const known = this.cachedCanary();
    if (known && !known.ok) return failedResult('dns', `DNS not usable (${known.error}); MX lookup for ${domain} not attempted`, ctx, 'failed', started);

    const timeoutMs = this.options.timeoutMs ?? ctx.settings.pipeline.dnsTimeoutMs;
    try {
      const records = await lookupMx(this.resolver(timeoutMs), domain, timeoutMs, ctx.signal);
      const hosts = [...records]
        .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange))
        .map((r) => r.exchange.toLowerCase().replace(/\.$/, ''))
        .filter((h) => h !== '');
      const provider = hosts.map(mailProviderOf).find(Boolean);
      return makeResult({
        source: 'dns',
        fields: { mxDomain: domain, mxFound: hosts.length > 0, mxHosts: hosts.slice(0, 5), mailProvider: provider },
        confidence: DNS_CONFIDENCE,
        ref: `MX ${domain}`,
        ctx,
        startedAt: started,
      });
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      const code = (err as { code?: string }).code ?? '';
      // Any failure asks the canary (sharing the lookup's budget, 200 ms floor): it tells "this domain has no
      // MX" from "this resolver answers nothing", and trips the circuit breaker on offline machines.
      const canary = await this.checkCanary(Math.max(200, started + timeoutMs - Date.now()), ctx.signal);
      if (!canary.ok) {
        return failedResult('dns', `DNS not usable: MX lookup for ${domain} failed (${errorText(err)}) and so did the canary (${canary.error})`, ctx, 'failed', started);
      }
      if (NEGATIVE_CODES.has(code)) {
        return makeResult({
          source: 'dns', fields: { mxDomain: domain, mxFound: false }, confidence: DNS_CONFIDENCE, ref: `MX ${domain}`, ctx, startedAt: started,
        });
      }
      return failedResult('dns', `MX lookup for ${domain} failed: ${errorText(err)}`, ctx, 'failed', started);
    }
  }

  /** The canary's cached verdict while fresh (ok: `canaryTtlMs`, default 5 min; not ok: `canaryFailTtlMs`, default 60 s). */
  private cachedCanary(): { ok: boolean; error?: string } | undefined {
    if (!this.canary) return undefined;
    const ttl = this.canary.ok ? (this.options.canaryTtlMs ?? 5 * 60_000) : (this.options.canaryFailTtlMs ?? 60_000);
    return Date.now() - this.canary.at < ttl ? this.canary : undefined;
  }

  private resolver(timeoutMs: number): MxResolver {
    return this.options.createResolver ? this.options.createResolver(timeoutMs) : new Resolver({ timeout: timeoutMs, tries: 1 });
  }

  private async checkCanary(timeoutMs: number, signal?: AbortSignal): Promise<{ ok: boolean; error?: string }> {
    const domain = this.options.canaryDomain === undefined ? 'gmail.com' : this.options.canaryDomain;
    if (domain === null) return { ok: true };
    const cached = this.cachedCanary();
    if (cached) return cached;
    // Concurrent leads share one canary lookup.
    this.canaryInFlight ??= (async () => {
      try {
        const recs = await lookupMx(this.resolver(timeoutMs), domain, timeoutMs);
        this.canary = recs.length > 0 ? { at: Date.now(), ok: true } : { at: Date.now(), ok: false, error: `${domain}: no MX` };
      } catch (err) {
        this.canary = { at: Date.now(), ok: false, error: `${domain}: ${errorText(err)}` };
      } finally {
        this.canaryInFlight = undefined;
      }
      return this.canary;
    })();
    const result = this.canaryInFlight;
    if (!signal) return result;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        result,
        new Promise<never>((_, reject) => {
          onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
}
