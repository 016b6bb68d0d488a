import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Deduper, dedupeKeyOf, leadIdOf, normaliseCompanyName } from '../../../electron/core/leads/dedupe';

describe('normaliseCompanyName', () => {
  it('ignores case, punctuation, accents and trailing legal forms', () => {
    expect(normaliseCompanyName('Acme, Inc.')).toBe('acme');
    expect(normaliseCompanyName('ACME Corp')).toBe('acme');
    expect(normaliseCompanyName('Müller GmbH')).toBe('muller');
    expect(normaliseCompanyName('Smith & Sons Ltd')).toBe('smithandsons');
    expect(normaliseCompanyName('The Company')).toBe('the');
    expect(normaliseCompanyName('Company')).toBe('company'); // never empty
    expect(normaliseCompanyName('Αθηναϊκή Ζυθοποιία')).toBe('αθηναικηζυθοποιια');
  });
});

describe('dedupeKeyOf', () => {
  it('prefers the email, then person, company and domain keys', () => {
    expect(dedupeKeyOf({ email: 'jane@acme.com', company: 'Acme', domain: 'acme.com' })).toBe('email:jane@acme.com');
    expect(dedupeKeyOf({ company: 'Acme Inc', domain: 'acme.com', fullName: 'Jane Doe' }, true)).toBe('person:acme.com|acme|jane doe');
    expect(dedupeKeyOf({ company: 'Acme Inc', domain: 'acme.com', fullName: 'Jane Doe' }, false)).toBe('company:acme.com|acme');
    expect(dedupeKeyOf({ company: 'Acme' })).toBe('company:|acme');
    expect(dedupeKeyOf({ domain: 'acme.com' })).toBe('domain:acme.com');
    expect(() => dedupeKeyOf({ fullName: 'Jane' })).toThrow();
  });
});

describe('leadIdOf', () => {
  it('is L_ + the first 16 hex digits of sha1(key)', () => {
    const key = 'company:acme.com|acme';
    expect(leadIdOf(key)).toBe(`L_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`);
    expect(leadIdOf(key)).toBe(leadIdOf(key));
    expect(leadIdOf('email:a@b.co')).not.toBe(leadIdOf('email:a@b.com'));
  });
});

describe('Deduper', () => {
  it('separates in-file repeats from keys the store knows, asking the store once per key', () => {
    const asked: string[] = [];
    const d = new Deduper((k) => (asked.push(k), k === 'email:known@x.com'));
    expect(d.check('email:a@x.com')).toBe('new');
    expect(d.check('email:a@x.com')).toBe('duplicate-in-file');
    expect(d.check('email:known@x.com')).toBe('known');
    expect(d.check('email:known@x.com')).toBe('duplicate-in-file');
    expect(asked).toEqual(['email:a@x.com', 'email:known@x.com']);
    expect(new Deduper().check('x')).toBe('new');
  });
});
