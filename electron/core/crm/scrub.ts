/**
 * Keeps secret values out of anything LeadForge shows or stores: every secret the CRM layer reads or receives is
 * remembered here, and every error message, log line or event that leaves the CRM layer goes through
 * {@link SecretScrubber.scrub}, which replaces each remembered secret (and any bearer token pattern) with
 * `[redacted]`.
 */
export class SecretScrubber {
  private readonly values = new Set<string>();

  /** Remembers a secret value (values shorter than 8 characters are ignored: they would match ordinary text). */
  add(value: string | undefined): void {
    if (value && value.length >= 8) this.values.add(value);
  }

  /** @returns `text` with every remembered secret and every `Bearer …` credential replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('[redacted]');
    return out.replace(/\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=!-]{8,}/gi, '$1 [redacted]');
  }
}
