import { describe, expect, it } from 'vitest';
import {
  cleanCell,
  domainFromEmail,
  escapeFormula,
  isFormulaLike,
  isPlatformDomain,
  normaliseDomain,
  normaliseEmail,
  normaliseLinkedin,
  normaliseWebsite,
  parseAmount,
  parseCount,
  parseYear,
  platformBelongsTo,
  splitFullName,
  splitList,
  splitPeople,
  truncateCell,
} from '../../../electron/core/leads/normalise';
import { isPlaceholder, isValidEmail, rejectReason } from '../../../electron/core/leads/validate';
import { LeadSchema } from '@shared/index';

describe('cleanCell / truncateCell', () => {
  it('strips controls and zero-width characters, collapses whitespace, trims', () => {
    expect(cleanCell('  Acme\u0000 \t Corp\r\n')).toBe('Acme Corp');
    expect(cleanCell('Ac\u200bme\u00a0Inc\ufeff')).toBe('Acme Inc');
    expect(cleanCell('plain')).toBe('plain');
    expect(cleanCell('Zürich')).toBe('Zürich');
    expect(cleanCell('\u0007')).toBe('');
  });

  it('truncates to 10,000 characters without splitting a surrogate pair', () => {
    expect(truncateCell('x'.repeat(10_050))).toHaveLength(10_000);
    const emoji = `${'a'.repeat(9_999)}😀tail`;
    expect(truncateCell(emoji)).toBe('a'.repeat(9_999));
  });
});

describe('formula-like cells are data', () => {
  it('flags = + - @ tab CR and escapes them for export only', () => {
    for (const v of ['=HYPERLINK("http://evil")', '+1 555 0100', '-5', '@SUM(A1)', '\tx', '\rx']) expect(isFormulaLike(v)).toBe(true);
    expect(isFormulaLike('Acme')).toBe(false);
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(escapeFormula('Acme')).toBe('Acme');
  });
});

describe('emails', () => {
  it('lowercases, unwraps and validates like LeadSchema', () => {
    expect(normaliseEmail('Jane.Doe@Acme.COM')).toEqual({ email: 'jane.doe@acme.com' });
    expect(normaliseEmail('Jane Doe <jane@acme.com>')).toEqual({ email: 'jane@acme.com' });
    expect(normaliseEmail('mailto:jane@acme.com')).toEqual({ email: 'jane@acme.com' });
    expect(normaliseEmail('jane@acme.com; john@acme.com')).toEqual({ email: 'jane@acme.com' });
    expect(normaliseEmail('jane@acme.com.')).toEqual({ email: 'jane@acme.com' });
    for (const bad of ['jane@acme', 'jane at acme.com', '@acme.com', 'jane@@acme.com', '=HYPERLINK("x")']) {
      expect(normaliseEmail(bad).error).toContain(bad);
    }
  });

  it('agrees with the zod schema', () => {
    const email = LeadSchema.shape.email;
    for (const e of ['a@b.co', "o'brien@acme.ie", 'x+tag@sub.acme.com', 'a..b@acme.com', 'a@-acme.com', 'ü@acme.com']) {
      expect(isValidEmail(e)).toBe(email.safeParse(e).success);
    }
  });

  it('derives a company domain only from business addresses', () => {
    expect(domainFromEmail('jane@acme.com')).toBe('acme.com');
    expect(domainFromEmail('jane@gmail.com')).toBeUndefined();
    expect(domainFromEmail('jane@t-online.de')).toBeUndefined();
  });
});

describe('websites and domains', () => {
  it('normalises URLs and derives the domain', () => {
    expect(normaliseWebsite('http://www.talkable.com')).toEqual({ website: 'http://www.talkable.com', domain: 'talkable.com' });
    expect(normaliseWebsite('https://www.smartasset.com/welcome')).toEqual({ website: 'https://www.smartasset.com/welcome', domain: 'smartasset.com' });
    expect(normaliseWebsite('WWW.Acme.COM/')).toEqual({ website: 'https://www.acme.com', domain: 'acme.com' });
    expect(normaliseWebsite('acme.com:8080/x#top')).toEqual({ website: 'https://acme.com:8080/x', domain: 'acme.com' });
    expect(normaliseWebsite('https://user:pw@acme.io/?ref=1')).toEqual({ website: 'https://acme.io?ref=1', domain: 'acme.io' });
    expect(normaliseWebsite('http:/acme.com')).toEqual({ website: 'http://acme.com', domain: 'acme.com' });
    expect(normaliseWebsite('https://münchen.de').domain).toBe('xn--mnchen-3ya.de');
    expect(normaliseWebsite('//cdn.acme.com').domain).toBe('cdn.acme.com');
  });

  it('knows profile/link platforms, whose domain is only the platform company\'s own', () => {
    expect(normaliseWebsite('https://twitter.com/nowbox')).toEqual({ website: 'https://twitter.com/nowbox', domain: 'twitter.com' });
    expect(isPlatformDomain('twitter.com')).toBe(true);
    expect(isPlatformDomain('acme.com')).toBe(false);
    expect(platformBelongsTo('twitter.com', 'NowBox')).toBe(false);
    expect(platformBelongsTo('twitter.com', 'Twitter, Inc.')).toBe(true);
    expect(platformBelongsTo('producthunt.com', 'Product Hunt')).toBe(true);
    expect(platformBelongsTo('facebook.com', undefined)).toBe(false);
  });

  it('rejects non-http schemes, IPs and hosts that are not domains', () => {
    for (const bad of ['javascript:alert(1)', 'ftp://acme.com', 'mailto:jane@acme.com', 'http://10.0.0.1', 'localhost', 'acme', 'not a url', 'https://acme.c0m']) {
      expect(normaliseWebsite(bad).error).toBeDefined();
    }
  });

  it('normalises domain cells', () => {
    expect(normaliseDomain('WWW.Acme.com')).toEqual({ domain: 'acme.com' });
    expect(normaliseDomain('https://acme.com/about')).toEqual({ domain: 'acme.com' });
    expect(normaliseDomain('@acme.com')).toEqual({ domain: 'acme.com' });
    expect(normaliseDomain('acme').error).toBeDefined();
  });

  it('adds a scheme to bare LinkedIn URLs', () => {
    expect(normaliseLinkedin('linkedin.com/in/jane')).toBe('https://linkedin.com/in/jane');
    expect(normaliseLinkedin('https://www.linkedin.com/in/jane')).toBe('https://www.linkedin.com/in/jane');
  });
});

describe('names and people', () => {
  it('splits full names', () => {
    expect(splitFullName('Jane Doe')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(splitFullName('Doe, Jane')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(splitFullName('Dr. Jane van der Berg Jr.')).toEqual({ firstName: 'Jane', lastName: 'van der Berg' });
    expect(splitFullName('Jane Doe, PhD')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher' });
  });

  it('splits founder lists on , ; and "and"', () => {
    expect(splitPeople('Jane Doe, John Roe')).toEqual(['Jane Doe', 'John Roe']);
    expect(splitPeople('Jane Doe; John Roe')).toEqual(['Jane Doe', 'John Roe']);
    expect(splitPeople('Jane Doe and John Roe & Max Mustermann')).toEqual(['Jane Doe', 'John Roe', 'Max Mustermann']);
    expect(splitPeople('Jane Doe, PhD, Jane Doe')).toEqual(['Jane Doe']);
    expect(splitPeople('Alexandra Andersen')).toEqual(['Alexandra Andersen']); // "and" inside a word is not a separator
  });

  it('splits categories and removes repeats', () => {
    expect(splitList('E-Commerce, Analytics; SaaS | saas')).toEqual(['E-Commerce', 'Analytics', 'SaaS']);
  });
});

describe('numbers', () => {
  it('parses amounts', () => {
    expect(parseAmount('$1.2M')).toBe(1_200_000);
    expect(parseAmount('1,200')).toBe(1200);
    expect(parseAmount('$3,000,000')).toBe(3_000_000);
    expect(parseAmount('€2,5 Mio')).toBe(2_500_000);
    expect(parseAmount('USD 3m')).toBe(3_000_000);
    expect(parseAmount('1.200')).toBe(1200);
    expect(parseAmount('12.5k')).toBe(12_500);
    expect(parseAmount('$2800000, $2100000, undisclosed amount')).toBe(4_900_000); // YC: rounds are summed
    expect(parseAmount('1-5M')).toBe(1_000_000);
    expect(parseAmount('undisclosed amount')).toBeUndefined();
    expect(parseAmount('-')).toBeUndefined();
  });

  it('parses head counts (ranges give their lower bound)', () => {
    expect(parseCount('11-50')).toBe(11);
    expect(parseCount('10,001+')).toBe(10_001);
    expect(parseCount('5,600')).toBe(5600);
    expect(parseCount('1.2k')).toBe(1200);
    expect(parseCount('about 200')).toBe(200);
    expect(parseCount('many')).toBeUndefined();
  });

  it('extracts years', () => {
    expect(parseYear('2010')).toBe(2010);
    expect(parseYear('2010.0')).toBe(2010);
    expect(parseYear('5/3/2010')).toBe(2010);
    expect(parseYear('est. 1998')).toBe(1998);
    expect(parseYear('3000')).toBeUndefined();
    expect(parseYear('12345')).toBeUndefined();
  });
});

describe('validate', () => {
  it('recognises placeholders', () => {
    for (const v of ['-', 'N/A', 'none', 'NULL', '#N/A', '—']) expect(isPlaceholder(v)).toBe(true);
    expect(isPlaceholder('Nadia')).toBe(false);
  });

  it('accepts company, domain or email; rejects a person alone', () => {
    expect(rejectReason({ company: 'Acme' })).toBeUndefined();
    expect(rejectReason({ domain: 'acme.com' })).toBeUndefined();
    expect(rejectReason({ email: 'a@acme.com' })).toBeUndefined();
    expect(rejectReason({ fullName: 'Jane Doe' })).toMatch(/person name.*Jane Doe.*no company, domain or email/);
    expect(rejectReason({}, 'invalid email "x"')).toMatch(/no company, domain, email or person name \(invalid email "x"\)/);
  });
});
