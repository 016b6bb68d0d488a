import type { DraftFact } from '@shared/index';

/**
 * A tiny logic-less template engine (a strict subset of Mustache):
 * - `{{name}}` inserts a value (names: letters, digits, `_`, `.`); a missing/blank value throws MissingFieldError,
 * - `{{#name}}…{{/name}}` renders its content only when `name` is present (non-blank),
 * - `{{^name}}…{{/name}}` renders its content only when `name` is absent,
 * - anything else between `{{` and `}}`, unbalanced sections, or a stray `{{`/`}}` throws TemplateError.
 * Values cannot inject tags (braces are stripped from values). Every value carries the facts it states, so a
 * render reports exactly the facts it used.
 */

/** A view value: the text to insert and the profile facts it states (empty for settings-provided text). */
export interface ViewValue {
  text: string;
  facts: DraftFact[];
}

/** Template variables by name; undefined or blank = absent. */
export type View = Record<string, ViewValue | undefined>;

/** The template text is malformed, or rendering would leave a `{{…}}` in the output. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** A `{{name}}` outside any section refers to a field the view does not have. */
export class MissingFieldError extends TemplateError {
  constructor(readonly field: string) {
    super(`template needs "${field}" but the profile has no such value`);
  }
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG_RE = /\{\{\s*([#^/]?)\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/**
 * Parses a template. Input: template text. Output: the node tree.
 * Errors: TemplateError for unknown tag syntax, stray braces, unclosed or mismatched sections.
 */
export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [];
  const current = () => (stack.length ? stack[stack.length - 1].children : root);
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    if (text.includes('{{') || text.includes('}}')) {
      const at = text.includes('{{') ? text.indexOf('{{') : text.indexOf('}}');
      throw new TemplateError(`malformed tag near "${text.slice(Math.max(0, at - 10), at + 20)}"`);
    }
    current().push({ kind: 'text', text });
  };
  for (const m of template.matchAll(TAG_RE)) {
    pushText(template.slice(last, m.index));
    last = m.index! + m[0].length;
    const [, sigil, name] = m;
    if (sigil === '#' || sigil === '^') {
      const node: Node = { kind: 'section', name, inverted: sigil === '^', children: [] };
      current().push(node);
      stack.push({ name, children: node.children });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open) throw new TemplateError(`"{{/${name}}}" closes no section`);
      if (open.name !== name) throw new TemplateError(`"{{/${name}}}" closes "{{#${open.name}}}"`);
    } else {
      current().push({ kind: 'var', name });
    }
  }
  pushText(template.slice(last));
  if (stack.length) throw new TemplateError(`section "${stack[stack.length - 1].name}" is never closed`);
  return root;
}

/** True when the view has a non-blank value for `name`. */
export function present(view: View, name: string): boolean {
  const v = view[name];
  return !!v && v.text.trim() !== '';
}

/** Removes characters that could form a tag and collapses whitespace (values are single-line). */
export function cleanValue(text: string): string {
  return text.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Renders a template against a view.
 * Input: template text, view. Output: `{ text, facts }` — the text, and the facts of every value inserted
 * (deduplicated by field + text). Errors: TemplateError (malformed), MissingFieldError (a `{{name}}` that is
 * not inside a section guarding it has no value), TemplateError if the output would still contain `{{` or `}}`.
 */
export function renderTemplate(template: string, view: View): { text: string; facts: DraftFact[] } {
  const facts: DraftFact[] = [];
  const walk = (nodes: Node[]): string => {
    let out = '';
    for (const n of nodes) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'var') {
        if (!present(view, n.name)) throw new MissingFieldError(n.name);
        const v = view[n.name]!;
        out += cleanValue(v.text);
        for (const f of v.facts) if (!facts.some((x) => x.field === f.field && x.text === f.text)) facts.push(f);
      } else if (present(view, n.name) !== n.inverted) out += walk(n.children);
    }
    return out;
  };
  const text = walk(parseTemplate(template));
  if (text.includes('{{') || text.includes('}}')) throw new TemplateError('rendered text still contains "{{" or "}}"');
  return { text, facts };
}

/**
 * Tidies rendered text: trims line ends, collapses runs of spaces, removes spaces before punctuation,
 * collapses 3+ newlines into a blank line, trims the whole text. Output: the tidied text.
 */
export function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').replace(/ +([.,;:!?])/g, '$1').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
