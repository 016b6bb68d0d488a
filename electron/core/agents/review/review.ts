import { z } from 'zod';
import type { ReviewIssue, ReviewVerdict } from '@shared/index';
import { throwIfAborted } from '../types';
import { countWords, escapeRegExp, normaliseText } from '../util/text';
import { SPAM_PHRASES_ERROR, SPAM_PHRASES_WARNING } from './spam-phrases';

/**
 * Input of the review gate, also the JSON contract of `leadforge review --input FILE --json`.
 * `facts` are the texts the draft may state (with where they came from): the profile facts the draft used plus
 * any sender-side text it quotes verbatim (the pitch), since numbers or named entities in the body that no fact
 * contains are untraceable claims. The lead's and sender's own fields count as facts too. Unknown keys are ignored;
 * `requireUnsubscribe` / `requireAddress` default to false.
 */
export const ReviewInputSchema = z.object({
  lead: z
    .object({
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      company: z.string().optional(),
      title: z.string().optional(),
    })
    .default({}),
  facts: z.array(z.object({ text: z.string(), source: z.string() })).default([]),
  draft: z.object({ subject: z.string(), body: z.string() }),
  sender: z.object({ name: z.string(), company: z.string(), address: z.string().optional() }).optional(),
  requireUnsubscribe: z.boolean().optional(),
  requireAddress: z.boolean().optional(),
});
/** What callers pass (defaults optional). */
export type ReviewInput = z.input<typeof ReviewInputSchema>;
type Parsed = z.output<typeof ReviewInputSchema>;

/** Stable issue codes of the rule-based reviewer. */
export const REVIEW_CODES = [
  'placeholder', 'recipient_name', 'recipient_company', 'untraceable_claim', 'spam_trigger', 'length',
  'unsubscribe_missing', 'address_missing', 'sender_missing',
] as const;
/** One of {@link REVIEW_CODES}. */
export type ReviewCode = (typeof REVIEW_CODES)[number];

/** Word limits of the body's message (greeting to sign-off; signature and footer lines not counted). */
export const LENGTH_LIMITS = { errorAbove: 180, warnAbove: 120, errorBelow: 25, subjectMaxChars: 70 } as const;

/** The review stage's contract; an LLM reviewer must return the same ReviewVerdict shape. */
export interface ReviewAgent {
  readonly name: string;
  /** Reviews one draft. Rejects on invalid input (ZodError) or abort. */
  review(input: ReviewInput, ctx?: { signal?: AbortSignal }): Promise<ReviewVerdict>;
}

const AGENT = 'rules/review@1';

// ---------- helpers ----------

const SIGN_OFF_RE = /^(best|best regards|kind regards|warm regards|regards|thanks|thank you|many thanks|cheers|sincerely|warmly|all the best)[,.!]?$/i;
const OPT_OUT_RE = /\bunsubscribe\b|\bopt[- ]?out\b|\breply (?:with )?["“']?stop\b|\bremove you from (?:our|my|this) (?:mailing )?list\b/i;

/** Lowercase, punctuation → space, collapsed: for "does A contain B" checks across line breaks and commas. */
function loose(s: string): string {
  return normaliseText(s).replace(/[^\p{L}\p{N}$%]+/gu, ' ').trim();
}

const LEGAL_SUFFIX_RE = /\b(inc|incorporated|llc|ltd|limited|corp|corporation|co|company|gmbh|sa|plc|ag|bv)\b\.?$/;

/** A company name reduced for comparison: no parentheticals, legal suffix, punctuation or case. */
function companyKey(s: string): string {
  let k = loose(s.replace(/\([^)]*\)/g, ' '));
  for (let i = 0; i < 2; i++) k = k.replace(LEGAL_SUFFIX_RE, '').trim();
  return k;
}

/** True when two company names refer to the same company (equal keys, one a word-prefix of the other, or equal without spaces). */
function sameCompany(a: string, b: string): boolean {
  const ka = companyKey(a);
  const kb = companyKey(b);
  if (!ka || !kb) return false;
  if (ka === kb || ka.startsWith(`${kb} `) || kb.startsWith(`${ka} `)) return true;
  return ka.replace(/ /g, '') === kb.replace(/ /g, '');
}

/** True when `text` mentions `company` (by key, or its space-less form). */
function mentionsCompany(text: string, company: string): boolean {
  const key = companyKey(company);
  if (!key) return true;
  const t = ` ${loose(text)} `;
  if (t.includes(` ${key} `)) return true;
  // "The Daily Muse" vs "theDailyMuse": compare without spaces, only for names long enough not to match by accident.
  const compact = key.replace(/ /g, '');
  return compact.length >= 6 && t.replace(/ /g, '').includes(compact);
}

/** Splits the body into the message (what the reviewer judges) and the signature/footer lines. */
function splitBody(body: string, sender: Parsed['sender']): { message: string; greeting: string | undefined } {
  const lines = body.split(/\r?\n/);
  const address = sender?.address ? loose(sender.address) : undefined;
  const isFooter = (line: string) => {
    const l = line.trim();
    if (!l) return false;
    if (SIGN_OFF_RE.test(l) || OPT_OUT_RE.test(l)) return true;
    if (sender && (loose(l) === loose(sender.name) || loose(l) === loose(sender.company))) return true;
    if (address && (loose(l) === address || (address.includes(loose(l)) && loose(l).length > 8))) return true;
    return false;
  };
  const message = lines.filter((l) => !isFooter(l)).join('\n').trim();
  const greeting = lines.find((l) => l.trim() !== '')?.trim();
  return { message, greeting };
}

function issue(code: ReviewCode, severity: ReviewIssue['severity'], message: string): ReviewIssue {
  return { code, severity, message };
}

// ---------- rules ----------

const PLACEHOLDER_PATTERNS: RegExp[] = [
  /\{\{[^{}]*\}\}|\{\{|\}\}/g,
  /\[[A-Za-z][A-Za-z _-]{0,30}\]/g,
  /<[A-Z][A-Z0-9_]{2,}>/g,
  /%[A-Za-z][A-Za-z_]{2,}%/g,
  /\{[A-Za-z_][A-Za-z0-9_]*\}/g,
  /\bINSERT\b/g,
  /\binsert\s+(?:your\s+|the\s+|their\s+)?(?:first\s*name|last\s*name|name|company|title|here)\b/gi,
  /\b(?:TODO|TBD|FIXME)\b/g,
  /\blorem ipsum\b/gi,
];

function placeholderRule(d: Parsed['draft']): ReviewIssue[] {
  const out: ReviewIssue[] = [];
  for (const [where, raw] of [['subject', d.subject], ['body', d.body]] as const) {
    let text = raw;
    const seen = new Set<string>();
    for (const re of PLACEHOLDER_PATTERNS) {
      for (const m of [...text.matchAll(re)]) {
        // Mask what was found so "{first}" is not reported again inside "{{first}}".
        text = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index! + m[0].length);
        if (seen.has(m[0])) continue;
        seen.add(m[0]);
        out.push(issue('placeholder', 'error', `"${m[0]}" is a leftover placeholder in the ${where}`));
      }
    }
  }
  return out;
}

const GREETING_RE = /^(hi|hello|hey|dear|greetings|howdy|good (?:morning|afternoon|evening))\b[\s,]*([^,!:;\n—]*)/i;
const NEUTRAL_RE = /^(there|all|everyone|team|folks|friend|friends|sir|madam|sir or madam|sir\/madam|hiring manager|colleague|colleagues|you)$/i;
const HONORIFIC_RE = /^(mr|ms|mrs|mx|miss|dr|prof)\.?\s+/i;

/** The name part of a greeting line ("Hi Jane Doe, …" → "Jane Doe"; "Dear Ms. Doe." → "Ms. Doe"), or undefined. */
function greetingName(greeting: string | undefined): string | undefined {
  const m = greeting ? GREETING_RE.exec(greeting) : null;
  if (!m) return undefined;
  let name = m[2];
  // A period ends the greeting unless it closes an honorific ("Ms.") or an initial ("J.").
  const re = /\.(\s|$)/g;
  for (let x = re.exec(name); x; x = re.exec(name)) {
    const before = name.slice(0, x.index).split(/\s+/).pop() ?? '';
    if (/^(mr|ms|mrs|mx|dr|prof|st|jr|sr|inc|co|corp|ltd|llc|[a-z])$/i.test(before)) continue;
    name = name.slice(0, x.index);
    break;
  }
  return name.replace(/[\s.-]+$/, '').trim();
}

function recipientNameRule(p: Parsed, greeting: string | undefined): ReviewIssue[] {
  const first = p.lead.firstName?.trim();
  const last = p.lead.lastName?.trim();
  const name = greetingName(greeting);
  if (name === undefined) {
    return first ? [issue('recipient_name', 'warning', `No greeting addresses "${first}" by name`)] : [];
  }
  if (/[{}[\]<>%]/.test(name)) return []; // a placeholder: reported by the placeholder rule
  if (!name || NEUTRAL_RE.test(name) || / team$/i.test(name)) {
    return first ? [issue('recipient_name', 'warning', `Greeting "${greeting}" does not use the recipient's first name "${first}"`)] : [];
  }
  const n = loose(name.replace(HONORIFIC_RE, ''));
  const accepted = [first, last, [first, last].filter(Boolean).join(' ')].filter((x): x is string => !!x).map(loose);
  if (accepted.includes(n)) return [];
  const who = [first, last].filter(Boolean).join(' ');
  return [issue('recipient_name', 'error', `"${name}" is greeted, but the recipient is ${who ? `"${who}"` : 'not named in the lead'}`)];
}

const NAME_AFTER = String.raw`([A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9&][\w&'’.-]*|of|and|&)){0,3})`;
const ROLE_WORDS = String.raw`(?:founder|co-?founder|ceo|cto|cfo|coo|cmo|cro|vp|head|director|manager|lead|president|owner|partner|officer|engineer|member|leader)`;
/** Contexts that name the recipient's own company: a different company here is an error. */
const OWN_COMPANY_CONTEXTS: RegExp[] = [
  new RegExp(String.raw`\byour (?:team|company|work|product|startup|business|role|platform|colleagues) (?:at|with)\s+${NAME_AFTER}`, 'g'),
  new RegExp(String.raw`\byou(?:'re| are) (?:at|with)\s+${NAME_AFTER}`, 'g'),
  new RegExp(String.raw`\b[Aa]s (?:a |an |the )?[^,.;\n]{0,30}?\b${ROLE_WORDS}\b[^,.;\n]{0,20}? (?:at|of)\s+${NAME_AFTER}`, 'gi'),
];
/** Contexts that usually, not always, name the recipient's company: a different company here is a warning. */
const OTHER_COMPANY_CONTEXTS: RegExp[] = [
  new RegExp(String.raw`\b(?:team|folks|people|everyone) at\s+${NAME_AFTER}`, 'g'),
  new RegExp(String.raw`\b(?:came across|noticed(?: that)?|saw(?: that)?|congrats(?: to)?(?: on)?|congratulations(?: to)?(?: on)?|reaching out to(?: you at)?(?: the team at)?)\s+${NAME_AFTER}`, 'g'),
];
const NOT_A_COMPANY = new Set(['the', 'a', 'an', 'your', 'our', 'my', 'this', 'that', 'you', 'i', 'we', 'it', 'their', 'its']);

function recipientCompanyRule(p: Parsed, message: string, greeting: string | undefined): ReviewIssue[] {
  const company = p.lead.company?.trim();
  const out: ReviewIssue[] = [];
  const candidates: { name: string; strong: boolean }[] = [];
  const gName = greetingName(greeting);
  if (gName && / team$/i.test(gName)) candidates.push({ name: gName.replace(/\s+team$/i, ''), strong: true });
  const people = [p.lead.firstName, p.lead.lastName, [p.lead.firstName, p.lead.lastName].filter(Boolean).join(' ')].filter((x): x is string => !!x).map(loose);
  for (const [contexts, strong] of [[OWN_COMPANY_CONTEXTS, true], [OTHER_COMPANY_CONTEXTS, false]] as const) {
    for (const re of contexts) {
      for (const m of message.matchAll(re)) {
        const cand = m[1].trim().replace(/[.,;:!?'’]+$/, '').replace(/\s+(?:of|and|&)$/, '');
        if (!cand || NOT_A_COMPANY.has(cand.split(/\s+/)[0].toLowerCase())) continue;
        if (people.some((n) => loose(cand) === n || loose(cand).startsWith(`${n} `))) continue;
        candidates.push({ name: cand, strong });
      }
    }
  }
  if (company) {
    const reported = new Set<string>();
    for (const { name, strong } of candidates) {
      if (sameCompany(name, company) || mentionsCompany(name, company)) continue;
      if (p.sender && sameCompany(name, p.sender.company)) continue;
      // A multi-word capture may run past the company ("Acme Labs Next"): accept when it starts with the company.
      if (loose(name).startsWith(companyKey(company))) continue;
      if (reported.has(name)) continue;
      reported.add(name);
      out.push(
        issue('recipient_company', strong ? 'error' : 'warning', `"${name}" is named as ${strong ? '' : 'possibly '}the recipient's company, but the lead's company is "${company}"`),
      );
    }
    if (!mentionsCompany(`${p.draft.subject}\n${message}`, company)) {
      out.push(issue('recipient_company', 'warning', `The lead's company "${company}" is not mentioned`));
    }
  }
  return out;
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/** Every numeric value stated in `text` ("$5M" → 5e6, "1,200,000" → 1.2e6, "200%" → 200). */
function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s?(k|mm|m|bn|b|thousand|million|billion)?\b/gi)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (!Number.isFinite(n)) continue;
    out.push(n);
    if (m[2]) out.push(n * MULTIPLIERS[m[2].toLowerCase()]);
  }
  return out;
}

interface Claim {
  text: string;
  index: number;
  /** The part that must be found in the facts (an entity name), or undefined to check the whole claim. */
  entity?: string;
}

const CLAIM_PATTERNS: { re: RegExp; entityGroup?: number }[] = [
  { re: /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|mm|m|bn|b|million|billion|thousand)\b)?)|(?:\b\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn|million|billion|thousand)?\s?(?:dollars|usd|eur|euros|pounds|gbp)\b)/gi },
  { re: /\b\d+(?:\.\d+)?\s?(?:%|percent\b)/gi },
  { re: /\bSeries [A-H]\b|\b(?:pre-?seed|seed) (?:round|funding)\b|\bIPO\b|\bunicorn\b|\bFortune \d+\b/gi },
  {
    re: /\b(?:acquired by|backed by|funded by|invested in by|partnered with|partnership with|customers? (?:like|such as|including)|clients? (?:like|such as|including)|featured in|used by|trusted by|award(?:ed)? by)\s+([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})/g,
    entityGroup: 1,
  },
  { re: /\b\d[\d,]*(?:\.\d+)?(?:\s?(?:x|k|m|bn)\b)?/gi },
];

function claimsIn(text: string): Claim[] {
  const taken: [number, number][] = [];
  const out: Claim[] = [];
  for (const { re, entityGroup } of CLAIM_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      out.push({ text: m[0].trim(), index: start, entity: entityGroup ? m[entityGroup] : undefined });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The claim with up to one word of context either side, from the same line (quoted in the issue). */
function withContext(text: string, c: Claim): string {
  const before = text.slice(0, c.index).split('\n').pop()!.match(/(\S+\s+)?$/)?.[0] ?? '';
  const after = text.slice(c.index + c.text.length).split('\n')[0].match(/^(\s+[^\s.,;:!?]+)?/)?.[0] ?? '';
  return `${before}${c.text}${after}`.trim().replace(/[.,;:!?]+$/, '').replace(/^["“(]+|["”)]+$/g, '');
}

/** "15-minute call", "30 minutes", "3pm", "10:30": scheduling, not claims about the prospect. */
function isTimeExpression(text: string, c: Claim): boolean {
  if (c.entity || !/^\d+$/.test(c.text)) return false;
  const after = text.slice(c.index + c.text.length, c.index + c.text.length + 10);
  const before = text.slice(Math.max(0, c.index - 1), c.index);
  return /^(?:[- ]?(?:min|mins|minute|minutes|hour|hours)\b|\s?(?:am|pm)\b|:\d\d)/i.test(after) || before === ':';
}

function untraceableRule(p: Parsed, message: string): ReviewIssue[] {
  const corpusParts = [
    ...p.facts.map((f) => f.text),
    p.lead.firstName, p.lead.lastName, p.lead.company, p.lead.title, p.lead.email,
    p.sender?.name, p.sender?.company, p.sender?.address,
  ].filter((x): x is string => !!x);
  const corpus = loose(corpusParts.join(' \n '));
  const corpusCompact = corpus.replace(/\s+/g, '');
  const corpusNumbers = numbersIn(corpusParts.join(' \n '));
  const scan = `${p.draft.subject}\n${message}`
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' ')
    .replace(/\S+@\S+\.\S+/g, ' ');
  const out: ReviewIssue[] = [];
  const reported = new Set<string>();
  for (const c of claimsIn(scan)) {
    if (isTimeExpression(scan, c)) continue;
    let ok: boolean;
    if (c.entity) {
      ok = corpus.includes(loose(c.entity));
    } else {
      const compact = loose(c.text).replace(/\s+/g, '');
      ok = compact !== '' && corpusCompact.includes(compact);
      if (!ok) {
        const nums = numbersIn(c.text.replace(/[$€£]/g, ''));
        const value = nums.length ? nums[nums.length - 1] : undefined;
        ok = value !== undefined && corpusNumbers.some((n) => Math.abs(n - value) <= Math.max(1e-9, Math.abs(value) * 0.01));
      }
    }
    if (ok) continue;
    const ctx = withContext(scan, c);
    if (reported.has(ctx)) continue;
    reported.add(ctx);
    out.push(issue('untraceable_claim', 'error', `"${ctx}" states "${c.entity ?? c.text}", which no fact supports`));
  }
  return out;
}

function phraseRegex(phrase: string): RegExp {
  const start = /^\w/.test(phrase) ? '\\b' : '';
  const end = /\w$/.test(phrase) ? '\\b' : '';
  return new RegExp(`${start}${escapeRegExp(phrase).replace(/\\?[ ]/g, '\\s+')}${end}`, 'i');
}
const PHRASES = [
  ...SPAM_PHRASES_ERROR.map((p) => ({ p, severity: 'error' as const })),
  ...SPAM_PHRASES_WARNING.map((p) => ({ p, severity: 'warning' as const })),
]
  .sort((a, b) => b.p.length - a.p.length)
  .map((x) => ({ ...x, re: phraseRegex(x.p) }));

function spamRule(p: Parsed, message: string, corpus: string): ReviewIssue[] {
  const out: ReviewIssue[] = [];
  for (const [where, raw] of [['subject', p.draft.subject], ['body', message]] as const) {
    let text = raw;
    for (const { severity, re } of PHRASES) {
      const m = re.exec(text);
      if (!m) continue;
      out.push(issue('spam_trigger', severity, `"${m[0]}" is a spam-trigger phrase (in the ${where})`));
      text = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
    }
    if (/\${2,}/.test(raw)) out.push(issue('spam_trigger', 'error', `"$$" (repeated dollar signs) in the ${where}`));
    const bangs = /!{2,}/.exec(raw);
    if (bangs) out.push(issue('spam_trigger', 'error', `"${bangs[0]}" (repeated exclamation marks) in the ${where}`));
    else if ((raw.match(/!/g) ?? []).length > 3) out.push(issue('spam_trigger', 'warning', `more than three exclamation marks in the ${where}`));
  }
  const letters = p.draft.subject.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  if (letters.length >= 6 && upper / letters.length >= 0.7) {
    out.push(issue('spam_trigger', 'error', `"${p.draft.subject}" is an all-caps subject`));
  }
  const shouting = [...message.matchAll(/\b[A-Z]{4,}\b/g)].map((m) => m[0]).filter((w) => !corpus.includes(w.toLowerCase()));
  if (shouting.length >= 2) out.push(issue('spam_trigger', 'warning', `"${shouting[0]}" and other all-caps words read as shouting`));
  return out;
}

function lengthRule(p: Parsed, message: string): ReviewIssue[] {
  const out: ReviewIssue[] = [];
  const words = countWords(message);
  if (words > LENGTH_LIMITS.errorAbove) out.push(issue('length', 'error', `Body has ${words} words (limit ${LENGTH_LIMITS.errorAbove})`));
  else if (words > LENGTH_LIMITS.warnAbove) out.push(issue('length', 'warning', `Body has ${words} words (aim for ≤ ${LENGTH_LIMITS.warnAbove})`));
  else if (words < LENGTH_LIMITS.errorBelow) out.push(issue('length', 'error', `Body has only ${words} words (minimum ${LENGTH_LIMITS.errorBelow})`));
  const subject = p.draft.subject.trim();
  if (!subject) out.push(issue('length', 'error', 'Subject is empty'));
  else if (subject.length > LENGTH_LIMITS.subjectMaxChars) out.push(issue('length', 'warning', `Subject has ${subject.length} characters (limit ${LENGTH_LIMITS.subjectMaxChars})`));
  return out;
}

function complianceRules(p: Parsed): ReviewIssue[] {
  const out: ReviewIssue[] = [];
  const body = p.draft.body;
  if (p.requireUnsubscribe && !OPT_OUT_RE.test(body)) {
    out.push(issue('unsubscribe_missing', 'error', 'No unsubscribe / opt-out line although one is required'));
  }
  if (p.requireAddress) {
    if (!p.sender?.address?.trim()) out.push(issue('address_missing', 'error', 'A postal address is required but the sender has none configured'));
    else if (!loose(body).includes(loose(p.sender.address))) {
      out.push(issue('address_missing', 'error', `The sender's postal address "${p.sender.address}" is not in the body`));
    }
  }
  if (!p.sender) out.push(issue('sender_missing', 'error', 'No sender given: the email cannot be signed'));
  else {
    if (!loose(body).includes(loose(p.sender.name))) out.push(issue('sender_missing', 'error', `The body is not signed with the sender's name "${p.sender.name}"`));
    if (!loose(body).includes(loose(p.sender.company))) out.push(issue('sender_missing', 'warning', `The body does not name the sender's company "${p.sender.company}"`));
  }
  return out;
}

/**
 * The rule-based quality gate for one draft (deterministic, synchronous, no network).
 *
 * Input: {@link ReviewInput} (validated with {@link ReviewInputSchema}). Output: ReviewVerdict
 * `{ passed, issues: [{ code, severity, message }], agent }` with `passed` = no issue of severity error.
 * Codes: placeholder, recipient_name, recipient_company, untraceable_claim, spam_trigger, length,
 * unsubscribe_missing, address_missing, sender_missing. Messages quote the offending text first
 * (a redraft drops sentences containing it). Signature/footer lines are excluded from length, claim and
 * spam-phrase checks. Errors: throws ZodError when the input does not match the schema.
 */
export function reviewDraft(input: ReviewInput): ReviewVerdict {
  const p = ReviewInputSchema.parse(input);
  const { message, greeting } = splitBody(p.draft.body, p.sender);
  const corpus = shoutingCorpus(p);
  const issues = [
    ...placeholderRule(p.draft),
    ...recipientNameRule(p, greeting),
    ...recipientCompanyRule(p, message, greeting),
    ...untraceableRule(p, message),
    ...spamRule(p, message, corpus),
    ...lengthRule(p, message),
    ...complianceRules(p),
  ];
  return { passed: !issues.some((i) => i.severity === 'error'), issues, agent: AGENT };
}

function shoutingCorpus(p: Parsed): string {
  return [...p.facts.map((f) => f.text), p.lead.company, p.lead.firstName, p.lead.lastName, p.sender?.company, p.sender?.name]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** The default ReviewAgent: {@link reviewDraft}. */
export class RuleReviewAgent implements ReviewAgent {
  readonly name = AGENT;
  async review(input: ReviewInput, ctx?: { signal?: AbortSignal }): Promise<ReviewVerdict> {
    throwIfAborted(ctx?.signal);
    return reviewDraft(input);
  }
}
