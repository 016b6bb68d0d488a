import { describe, expect, it } from 'vitest';
import { MissingFieldError, parseTemplate, renderTemplate, TemplateError, tidy, type View } from '../../../../electron/core/agents/draft/template';

const v = (text: string, field?: string): View[string] => ({ text, facts: field ? [{ field, text, source: 'list:x#2' }] : [] });

describe('template engine', () => {
  it('fills {{field}} and reports the facts used', () => {
    const r = renderTemplate('Hi {{name}}, about {{company}}.', { name: v('Jane', 'firstName'), company: v('Acme', 'company') });
    expect(r.text).toBe('Hi Jane, about Acme.');
    expect(r.facts).toEqual([
      { field: 'firstName', text: 'Jane', source: 'list:x#2' },
      { field: 'company', text: 'Acme', source: 'list:x#2' },
    ]);
  });

  it('renders {{#x}} sections only when x is present and {{^x}} only when absent', () => {
    const tpl = '{{#title}}As {{title}},{{/title}}{{^title}}Hello,{{/title}} bye';
    expect(renderTemplate(tpl, { title: v('CEO') }).text).toBe('As CEO, bye');
    expect(renderTemplate(tpl, {}).text).toBe('Hello, bye');
    expect(renderTemplate(tpl, { title: v('   ') }).text).toBe('Hello, bye');
  });

  it('supports nesting and dotted names', () => {
    const tpl = '{{#a}}A{{#b}}B{{extra.x}}{{/b}}{{/a}}';
    expect(renderTemplate(tpl, { a: v('1'), b: v('1'), 'extra.x': v('!') }).text).toBe('AB!');
    expect(renderTemplate(tpl, { a: v('1') }).text).toBe('A');
  });

  it('a missing field outside a section throws MissingFieldError (never an unfilled placeholder)', () => {
    expect(() => renderTemplate('Hi {{firstName}}', {})).toThrow(MissingFieldError);
    try {
      renderTemplate('Hi {{firstName}}', {});
    } catch (err) {
      expect((err as MissingFieldError).field).toBe('firstName');
    }
  });

  it('malformed templates throw TemplateError', () => {
    for (const bad of ['{{#a}}open', '{{/a}}', '{{#a}}x{{/b}}', 'stray {{ here', 'stray }} here', '{{> partial}}', '{{!comment}}', '{{a b}}']) {
      expect(() => parseTemplate(bad), bad).toThrow(TemplateError);
    }
  });

  it('values cannot inject tags or leave braces', () => {
    const r = renderTemplate('About {{d}}', { d: v('{{evil}} and }} {x}') });
    expect(r.text).toBe('About evil and x');
  });

  it('tidy collapses spaces, space before punctuation and extra blank lines', () => {
    expect(tidy('Hi  Jane ,\n\n\n\nline  two .  \n')).toBe('Hi Jane,\n\nline two.');
  });
});
