import type { DraftFact, ProspectProfile, Settings } from '@shared/index';
import { fact, factList, factText, type Fact } from '../util/profile';
import { titleCase } from '../util/text';
import { cleanValue, type View, type ViewValue } from './template';

/** Options of {@link buildView}. */
export interface ViewOptions {
  /** Leave out optional profile-derived sentences (blurb, categories): used for a safer redraft. */
  safe?: boolean;
  /** Greet neutrally ("Hi <Company> team" / "Hi there") even when a first name is known. */
  neutralGreeting?: boolean;
}

const toFact = (f: Fact, text: string): DraftFact => ({ field: f.field, text, source: f.source });
const fromFact = (f: Fact, text = cleanValue(f.text)): ViewValue => ({ text, facts: [toFact(f, text)] });
const plain = (text: string | undefined): ViewValue | undefined => (text && text.trim() ? { text: cleanValue(text), facts: [] } : undefined);

/** "Superb (was GrubWithUs)" → "Superb", "Keyhole, Inc." → "Keyhole"; trims and collapses whitespace. */
export function displayCompany(name: string): string {
  const stripped = cleanValue(name.replace(/\s*\([^)]*\)\s*/g, ' '))
    .replace(/,?\s+(inc|incorporated|llc|ltd|limited|corp|corporation|gmbh|plc)\.?$/i, '')
    .trim();
  return stripped || cleanValue(name);
}

/** A usable first name: letters (and - ' .) only, 2+ letters, title-cased when written in one case. */
export function displayFirstName(name: string): string | undefined {
  const n = cleanValue(name).split(' ')[0];
  if (!n || n.length < 2 || !/^[\p{L}][\p{L}'’.-]*$/u.test(n)) return undefined;
  return titleCase(n, /\s+/);
}

/** Verbs that open the predicate of a company description ("Lob offers …", "Goldbely is …"). */
const DESCRIPTION_VERBS = [
  'is', 'are', 'offers', 'provides', 'helps', 'builds', 'makes', 'develops', 'delivers', 'enables', 'lets', 'creates',
  'operates', 'sells', 'connects', 'allows', 'brings', 'turns', 'aggregates', 'organizes', 'organises', 'simplifies',
  'automates', 'powers', 'manages', 'designs', 'produces', 'tracks', 'combines', 'gives',
];
const PREDICATE_RE = new RegExp(`^(.{1,80}?)\\s+((?:${DESCRIPTION_VERBS.join('|')})\\s+[a-z].*)$`);

/**
 * What a company does, from its description: the predicate of the first sentence when it reads
 * "<Name> <verb> <lowercase text>" ("Goldbely is an e-commerce site for …" → "is an e-commerce site for …",
 * "Lob offers a cloud-printing API …" → "offers a cloud-printing API …"), cut at a comma to stay ≤ 150 chars.
 * Rejected (undefined): no such sentence, first/second-person wording, unbalanced brackets/quotes, odd symbols.
 * Output: a substring of the description, or undefined. Never throws.
 */
export function blurbFrom(description: string): string | undefined {
  const d = cleanValue(description);
  const first = d.split(/(?<=[.!?])\s+(?=[A-Z0-9])/)[0].replace(/[.!?]+$/, '');
  const m = PREDICATE_RE.exec(first);
  if (!m || /\b(we|our|us|you|your|i|my|it|this|they)\b/i.test(m[1])) return undefined;
  let b = m[2].trim();
  if (b.length > 150) {
    const cut = b.lastIndexOf(', ', 150);
    if (cut < 20) return undefined;
    b = b.slice(0, cut);
  }
  b = b.replace(/[,;:\s-]+$/, '');
  if (b.split(' ').length < 3) return undefined;
  if (/\b(we|our|us|you|your|yours|I|my)\b/i.test(b)) return undefined;
  if ((b.match(/\(/g) ?? []).length !== (b.match(/\)/g) ?? []).length) return undefined;
  if ((b.match(/"/g) ?? []).length % 2 !== 0) return undefined;
  if (/[!?|<>[\]{}]/.test(b)) return undefined;
  return b;
}

/**
 * Builds the template view from a profile and settings only (no other data can reach a draft).
 * Input: profile, settings, options. Output: a View where every profile-derived value carries the facts it
 * states (`text` as written, field, source); settings-derived values (sender, pitch) carry none. Never throws.
 */
export function buildView(profile: ProspectProfile, settings: Settings, options: ViewOptions = {}): View {
  const view: View = {};
  // Every profile field under its own name, for custom templates.
  for (const [field, pf] of Object.entries(profile.fields)) {
    const text = factText(pf.value).trim();
    if (text) view[field] = { text: cleanValue(text), facts: [{ field, text: cleanValue(text), source: pf.source }] };
  }

  const company = fact(profile, 'company');
  view.company = company ? fromFact(company, displayCompany(company.text)) : undefined;

  const first = fact(profile, 'firstName') ?? fact(profile, 'fullName');
  const firstName = first ? displayFirstName(first.text) : undefined;
  view.firstName = first && firstName ? fromFact(first, firstName) : undefined;
  const fullName = fact(profile, 'fullName');
  view.fullName = fullName ? fromFact(fullName) : undefined;

  const title = fact(profile, 'title');
  view.title = title && title.text.length <= 60 ? fromFact(title) : undefined;
  const seniority = fact(profile, 'seniority')?.text;
  if (title && view.title && (seniority === 'founder' || seniority === 'c_level')) {
    const t = cleanValue(title.text);
    const bare = /^(co-?\s?founder|founder|cofounder)$/i.test(t);
    view.founderRole = bare ? { text: `a ${t.toLowerCase()}`, facts: [toFact(title, t.toLowerCase())] } : fromFact(title, t);
  } else {
    view.founderRole = undefined;
  }

  const description = fact(profile, 'description');
  const blurb = !options.safe && description ? blurbFrom(description.text) : undefined;
  view.blurb = description && blurb ? fromFact(description, blurb) : undefined;

  const cats = factList(profile, 'categories');
  if (!options.safe && cats) {
    const two = cats.values.slice(0, 2).map(cleanValue);
    const text = two.join(' and ');
    view.categories = { text, facts: [{ field: 'categories', text, source: cats.source }] };
  } else {
    view.categories = undefined;
  }

  if (view.firstName && !options.neutralGreeting) {
    view.greeting = { text: `Hi ${view.firstName.text}`, facts: view.firstName.facts };
  } else if (view.company) {
    view.greeting = { text: `Hi ${view.company.text} team`, facts: view.company.facts };
  } else {
    view.greeting = { text: 'Hi there', facts: [] };
  }

  view.senderName = plain(settings.sender.name);
  view.senderCompany = plain(settings.sender.company);
  const pitch = cleanValue(settings.pitch).replace(/[.!\s]+$/, '');
  view.pitch = plain(/^[A-Z][a-z]/.test(pitch) ? pitch.charAt(0).toLowerCase() + pitch.slice(1) : pitch);
  return view;
}
