import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Mateo', 'Amelia', 'James', 'Chloe', 'Arjun',
  'Hannah', 'Daniel', 'Priya', 'Marcus', 'Elena', 'Kenji', 'Fatima', 'Jonas', 'Grace', 'Omar', 'Lea', 'Tomás', 'Nina',
  'Samuel', 'Aisha', 'Felix', 'Yuki', 'Victor', 'Zoe', 'Rafael', 'Ingrid', 'Kwame', 'Laura', 'Diego', 'Maya', 'Henrik',
];
const LAST = [
  'Smith', 'Garcia', 'Chen', 'Müller', 'Patel', 'Johnson', 'Rossi', 'Kim', 'Nguyen', 'Brown', 'Silva', 'Williams',
  'Schmidt', 'Novak', 'Okafor', 'Andersson', 'Dubois', 'Tanaka', 'Kowalski', 'Murphy', "O'Brien", 'Fernández', 'Jensen',
  'Cohen', 'Singh', 'Lopez', 'Becker', 'Hughes', 'Ivanova', 'Moreau', 'Khan', 'Larsen', 'Costa', 'Walker', 'Ahmed',
];
const ADJ = [
  'Bright', 'Blue', 'North', 'Swift', 'Clear', 'Iron', 'Green', 'Silver', 'Nimble', 'Bold', 'Quiet', 'Prime', 'Lumen',
  'Vector', 'Cobalt', 'Summit', 'Harbor', 'Atlas', 'Pioneer', 'Crimson', 'Polar', 'Evergreen', 'Rapid', 'Stellar',
];
const NOUN = [
  'Logistics', 'Analytics', 'Health', 'Robotics', 'Labs', 'Systems', 'Payments', 'Cloud', 'Foods', 'Energy', 'Security',
  'Learning', 'Freight', 'Data', 'Networks', 'Design', 'Bio', 'Capital', 'Mobility', 'Software', 'Retail', 'Media',
];
const INDUSTRY: Record<string, string> = {
  Logistics: 'Logistics', Freight: 'Logistics', Analytics: 'Software', Data: 'Software', Software: 'Software', Cloud: 'Software',
  Health: 'Healthcare', Bio: 'Biotechnology', Robotics: 'Manufacturing', Labs: 'Research', Systems: 'IT Services',
  Payments: 'Financial Services', Capital: 'Financial Services', Foods: 'Food & Beverage', Energy: 'Energy',
  Security: 'Computer & Network Security', Learning: 'Education', Networks: 'Telecommunications', Design: 'Design',
  Mobility: 'Automotive', Retail: 'Retail', Media: 'Media',
};
const TITLES = [
  'VP of Sales', 'Head of Marketing', 'CTO', 'CEO', 'Founder', 'Director of Operations', 'Sales Manager',
  'Head of Growth', 'Account Executive', 'COO', 'Engineering Manager', 'Procurement Lead', 'CFO', 'Product Manager',
];
const PLACES: [string, string, string][] = [
  ['San Francisco', 'United States', '+1 415'], ['New York', 'United States', '+1 212'], ['Austin', 'United States', '+1 512'],
  ['London', 'United Kingdom', '+44 20'], ['Berlin', 'Germany', '+49 30'], ['Paris', 'France', '+33 1'],
  ['Toronto', 'Canada', '+1 416'], ['Amsterdam', 'Netherlands', '+31 20'], ['Stockholm', 'Sweden', '+46 8'],
  ['Singapore', 'Singapore', '+65 6'], ['Sydney', 'Australia', '+61 2'], ['Madrid', 'Spain', '+34 91'],
];
const SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000'];
const TLDS = ['com', 'com', 'com', 'io', 'co', 'ai', 'de', 'co.uk'];
const LEGAL = ['', '', '', '', ', Inc.', ' GmbH', ' Ltd'];
const WEB_PREFIXES = ['https://', 'https://', 'https://www.', 'http://'];

const HEADER = 'First Name,Last Name,Email,Title,Company,Website,Phone,City,Country,Employees,Industry\n';

/** Deterministic PRNG (mulberry32), so a given `rows` always produces the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string): string => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Writes a synthetic, deterministic lead list for benchmarks and integration tests: UTF-8 CSV, LF line
 * ends, header `First Name,Last Name,Email,Title,Company,Website,Phone,City,Country,Employees,Industry`,
 * about 150 bytes per row. Every row is a distinct lead (unique email); companies have ~4 contacts each and
 * plausible names/websites (`Bright Logistics, Inc.` → `https://www.brightlogistics.com`); company names are
 * distinct; some cells need quoting (`"Acme, Inc."`) and some names have accents or apostrophes.
 * @param path output file (overwritten)
 * @param rows number of data rows (0 = header only)
 * @returns resolves when the file is flushed and closed
 * @throws Error from the file system (e.g. ENOENT for a missing directory)
 */
export async function generateLeadCsv(path: string, rows: number): Promise<void> {
  const rand = prng(0x1eadf0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };

  const companies = Math.max(1, Math.ceil(rows / 4));
  const usedEmails = new Set<string>();
  const companyCache = new Map<number, { name: string; domain: string; website: string; place: [string, string, string]; size: string; industry: string }>();
  const companyOf = (c: number) => {
    let co = companyCache.get(c);
    if (!co) {
      const r = prng(c + 1);
      const adj = ADJ[c % ADJ.length];
      const noun = NOUN[Math.floor(c / ADJ.length) % NOUN.length];
      const series = Math.floor(c / (ADJ.length * NOUN.length));
      const base = series > 0 ? `${adj} ${noun} ${series + 1}` : `${adj} ${noun}`;
      const domain = `${ascii(base)}.${TLDS[Math.floor(r() * TLDS.length)]}`;
      co = {
        name: `${base}${LEGAL[Math.floor(r() * LEGAL.length)]}`,
        domain,
        website: WEB_PREFIXES[Math.floor(r() * WEB_PREFIXES.length)] + domain,
        place: PLACES[Math.floor(r() * PLACES.length)],
        size: SIZES[Math.floor(r() * SIZES.length)],
        industry: INDUSTRY[noun] ?? 'Software',
      };
      if (companyCache.size > 10_000) companyCache.clear();
      companyCache.set(c, co);
    }
    return co;
  };

  await write(HEADER);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const co = companyOf(Math.floor(rand() * companies));
    const first = pick(FIRST);
    const last = pick(LAST);
    let email = `${ascii(first)}.${ascii(last)}@${co.domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${ascii(first)}.${ascii(last)}${k}@${co.domain}`;
    usedEmails.add(email);
    const phone = `${co.place[2]} ${String(100 + Math.floor(rand() * 900))} ${String(1000 + Math.floor(rand() * 9000))}`;
    buf +=
      `${csvCell(first)},${csvCell(last)},${email},${csvCell(pick(TITLES))},${csvCell(co.name)},${co.website},${phone},` +
      `${co.place[0]},${co.place[1]},${co.size},${csvCell(co.industry)}\n`;
    if (buf.length > 64 * 1024) {
      await write(buf);
      buf = '';
    }
  }
  if (buf) await write(buf);
  out.end();
  await Promise.race([once(out, 'close'), failed]);
}
