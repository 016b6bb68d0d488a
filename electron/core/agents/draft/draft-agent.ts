import type { Classification, Draft, DraftFact, DraftTemplate, LeadScore, ProspectProfile, ReviewIssue, Settings } from '@shared/index';
import { throwIfAborted, type AgentContext } from '../types';
import { fact } from '../util/profile';
import { escapeRegExp } from '../util/text';
import { MissingFieldError, renderTemplate, tidy, TemplateError } from './template';
import { BUILTIN_TEMPLATES } from './templates';
import { buildView, displayCompany, type ViewOptions } from './view';

/** Input of the draft stage. */
export interface DraftInput {
  profile: ProspectProfile;
  classification?: Classification;
  score?: LeadScore;
  /** Issues from a failed review: the redraft takes a safer, shorter route and drops the flagged sentences. */
  feedback?: ReviewIssue[];
  /** 1-based attempt number written to the draft (default 1, or 2 when feedback is given). */
  attempt?: number;
  /** Force one template by id (throws if it cannot be rendered for this profile). */
  templateId?: string;
}

/** The draft stage's contract; an LLM version must return the same Draft shape and keep facts ⊆ profile. */
export interface DraftAgent {
  readonly name: string;
  /** Drafts one email. Rejects on abort, and with TemplateError when no template can be rendered. */
  draft(input: DraftInput, ctx: AgentContext): Promise<Draft>;
}

const AGENT = 'rules/draft@1';

/**
 * The templates in use: settings templates override built-ins with the same id (in the built-in's place);
 * other settings templates come first (a rep who adds a template wants it used). Output: ordered list.
 */
export function resolveTemplates(settingsTemplates: DraftTemplate[]): DraftTemplate[] {
  const byId = new Map(settingsTemplates.map((t) => [t.id, t]));
  const builtinIds = new Set(BUILTIN_TEMPLATES.map((t) => t.id));
  return [
    ...settingsTemplates.filter((t) => !builtinIds.has(t.id)),
    ...BUILTIN_TEMPLATES.map((t) => byId.get(t.id) ?? t),
  ];
}

/** First quoted snippet of an issue message (reviewer messages quote the offending text first). */
function quoted(message: string): string | undefined {
  const m = /"([^"]{2,120})"/.exec(message);
  return m?.[1];
}

interface FeedbackPlan {
  view: ViewOptions;
  drop: string[];
  forceUnsubscribe: boolean;
  forceAddress: boolean;
}

function planFromFeedback(feedback: ReviewIssue[] | undefined): FeedbackPlan {
  const issues = (feedback ?? []).filter((i) => i.severity === 'error' || i.code === 'length');
  const codes = new Set(issues.map((i) => i.code));
  const safe = ['untraceable_claim', 'recipient_company', 'spam_trigger', 'length', 'placeholder'].some((c) => codes.has(c));
  const drop = issues
    .filter((i) => ['untraceable_claim', 'recipient_company', 'spam_trigger', 'placeholder'].includes(i.code))
    .map((i) => quoted(i.message))
    .filter((s): s is string => !!s);
  return {
    view: { safe, neutralGreeting: issues.some((i) => i.code === 'recipient_name' && i.severity === 'error') },
    drop,
    forceUnsubscribe: codes.has('unsubscribe_missing'),
    forceAddress: codes.has('address_missing'),
  };
}

function containsCi(text: string, snippet: string): boolean {
  return new RegExp(escapeRegExp(snippet), 'i').test(text);
}

/** Drops every sentence of `message` that contains one of `snippets`; removes emptied paragraphs. */
function dropSentences(message: string, snippets: string[]): string {
  if (!snippets.length) return message;
  return message
    .split(/\n{2,}/)
    .map((para) => {
      const sentences = para.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [para];
      return sentences.filter((s) => !snippets.some((x) => containsCi(s, x))).join('').trim();
    })
    .filter((p) => p !== '')
    .join('\n\n');
}

/**
 * Drafts a first-touch email from a profile with the first usable template.
 *
 * Input: {@link DraftInput}, Settings (sender, pitch, footer, templates). Output: Draft whose `facts` are exactly
 * the profile facts that appear in the subject/body (field, text as written, source) — never anything else.
 * Guarantees: no `{{…}}` left (a template needing a missing field is skipped, one that would leave a tag throws);
 * greeting "Hi <first name>", else "Hi <Company> team", else "Hi there"; signature "Best,\n<name>\n<company>";
 * footer with the unsubscribe text and the sender's postal address when the settings require them (or a review
 * asked for them). With `feedback`, optional profile sentences are left out, the greeting turns neutral after a
 * recipient_name error, and sentences quoted by error messages are dropped.
 * Errors: TemplateError when the chosen/only templates are malformed or none can be rendered.
 */
export function draftEmail(input: DraftInput, settings: Settings): Draft {
  const plan = planFromFeedback(input.feedback);
  const view = buildView(input.profile, settings, plan.view);
  const label = input.classification?.label;
  const all = resolveTemplates(settings.templates);
  const candidates = input.templateId ? all.filter((t) => t.id === input.templateId) : all.filter((t) => !t.when.length || (label !== undefined && t.when.includes(label)));
  if (input.templateId && !candidates.length) throw new TemplateError(`no template with id "${input.templateId}"`);

  let chosen: { template: DraftTemplate; subject: string; message: string; facts: DraftFact[] } | undefined;
  const missing: string[] = [];
  for (const template of candidates) {
    try {
      const subject = renderTemplate(template.subject, view);
      const body = renderTemplate(template.body, view);
      chosen = { template, subject: tidy(subject.text).replace(/\s+/g, ' '), message: tidy(body.text), facts: [...subject.facts, ...body.facts] };
      break;
    } catch (err) {
      if (err instanceof MissingFieldError && !input.templateId) {
        missing.push(`${template.id}: ${err.field}`);
        continue;
      }
      throw err;
    }
  }
  if (!chosen) throw new TemplateError(`no template can be rendered for this profile (missing ${missing.join(', ') || 'templates'})`);

  // Redraft: drop sentences the reviewer quoted (never the greeting line).
  let { subject, message } = chosen;
  if (plan.drop.length) {
    const [greeting, ...rest] = message.split('\n');
    message = tidy([greeting, dropSentences(rest.join('\n').trim(), plan.drop)].join('\n\n'));
    if (plan.drop.some((s) => containsCi(subject, s))) {
      const company = fact(input.profile, 'company');
      const name = company ? displayCompany(company.text) : undefined;
      subject = name && !plan.drop.some((s) => containsCi(name, s)) ? `Idea for ${name}` : 'A quick idea';
    }
  }

  const sender = settings.sender;
  const lines = [message, ''];
  if (!new RegExp(`^${escapeRegExp(sender.name)}$`, 'm').test(message)) lines.push('Best,', sender.name, sender.company);
  const footer: string[] = [];
  if (settings.footer.requireUnsubscribe || plan.forceUnsubscribe) footer.push(settings.footer.unsubscribeText);
  if ((settings.footer.requireAddress || plan.forceAddress) && sender.address) footer.push(sender.address);
  if (footer.length) lines.push('', ...footer);
  const body = tidy(lines.join('\n'));

  const used = chosen.facts.filter((f, i, arr) => arr.findIndex((x) => x.field === f.field && x.text === f.text) === i);
  const facts = used.filter((f) => containsCi(subject, f.text) || containsCi(body, f.text));
  const fullName = fact(input.profile, 'fullName')?.text;
  const email = fact(input.profile, 'email')?.text;
  const company = fact(input.profile, 'company')?.text;
  return {
    subject,
    body,
    to: { ...(fullName ? { name: fullName } : {}), ...(email ? { email } : {}), ...(company ? { company } : {}) },
    facts,
    template: chosen.template.id,
    agent: AGENT,
    attempt: input.attempt ?? (input.feedback?.length ? 2 : 1),
  };
}

/** The default DraftAgent: {@link draftEmail} with ctx.settings. */
export class RuleDraftAgent implements DraftAgent {
  readonly name = AGENT;
  async draft(input: DraftInput, ctx: AgentContext): Promise<Draft> {
    throwIfAborted(ctx.signal);
    return draftEmail(input, ctx.settings);
  }
}
