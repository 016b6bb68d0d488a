import { describe, expect, it } from 'vitest';
import { ProspectProfileSchema, type CrmFieldInfo, type FieldMappingEntry } from '@shared/index';
import {
  appValues, applyOverwritePolicies, companyKeyOf, customFieldSpecs, defaultMapping, formatValue, truncate, validateMapping,
} from '../../../electron/core/crm/mapping';
import { makeLead } from './helpers';

const field = (name: string, type: string, extra: Partial<CrmFieldInfo> = {}): CrmFieldInfo => ({ role: 'person', name, label: name, type, writable: true, unique: false, custom: false, ...extra });

describe('app value extraction', () => {
  const lead = makeLead({ id: 'l1', email: 'Ann@Acme.com', firstName: 'Ann', company: 'Acme', domain: 'acme.com', categories: ['SaaS', 'B2B'], employees: 40 });
  const profile = ProspectProfileSchema.parse({
    leadId: 'l1', synthesizedAt: '2026-01-01T00:00:00Z', sources: [],
    fields: { title: { value: 'CTO', source: 'list', confidence: 0.9 }, seniority: { value: 'c_level', source: 'email-domain', confidence: 0.7 } },
  });
  const score = { score: 72, qualified: true, agent: 'x', factors: [{ code: 'base', points: 40, reason: 'Base score 40' }, { code: 'industry', points: 32, reason: 'SaaS' }] };
  const classification = { label: 'high_intent' as const, confidence: 0.8512, reasons: [], agent: 'x' };

  it('reads profile fields (falling back to the lead) and computed values', () => {
    const v = appValues({ lead, profile, score, classification });
    expect(v).toMatchObject({
      email: 'ann@acme.com', firstName: 'Ann', title: 'CTO', seniority: 'c_level', company: 'Acme', domain: 'acme.com', employees: 40,
      categories: ['SaaS', 'B2B'], score: 72, qualified: true, classification: 'high_intent', classificationConfidence: 0.85, leadId: 'l1',
      companyKey: 'acme.com', scoreReasons: '+40 Base score 40\n+32 SaaS',
    });
  });

  it('keys a company by domain, else by its normalised name, else none', () => {
    const p = { ...profile, fields: {} };
    expect(companyKeyOf({ lead: makeLead({ company: 'Acme  Inc', domain: 'WWW.Acme.com' }), profile: p })).toBe('acme.com');
    expect(companyKeyOf({ lead: makeLead({ company: ' Acme   Inc ' }), profile: p })).toBe('name:acme inc');
    expect(companyKeyOf({ lead: makeLead({ email: 'a@gmail.com' }), profile: p })).toBeUndefined();
  });
});

describe('formatValue (CRM format)', () => {
  it('writes numbers plain, dates ISO, booleans, lists joined, text truncated', () => {
    expect(formatValue(1200000, field('n', 'number'))).toEqual({ ok: true, value: '1200000' });
    expect(formatValue('1,200,000', field('n', 'double'))).toEqual({ ok: true, value: '1200000' });
    expect(formatValue(0.1 + 0.2, field('n', 'number'))).toEqual({ ok: true, value: '0.30000000000000004' });
    expect(formatValue(1e21, field('n', 'number'))).toEqual({ ok: true, value: '1000000000000000000000' });
    expect(formatValue(40.6, field('n', 'int'))).toEqual({ ok: true, value: '41' });
    expect(formatValue('Acme', field('n', 'number'))).toEqual({ ok: false, reason: '"Acme" is not a number' });
    expect(formatValue('2026-03-04T05:06:07+02:00', field('d', 'datetime'))).toEqual({ ok: true, value: '2026-03-04T03:06:07.000Z' });
    expect(formatValue('2026-03-04T05:06:07Z', field('d', 'date'))).toEqual({ ok: true, value: '2026-03-04' });
    expect(formatValue('soon', field('d', 'date')).ok).toBe(false);
    expect(formatValue(true, field('b', 'bool'))).toEqual({ ok: true, value: 'true' });
    expect(formatValue(['SaaS', ' B2B '], field('t', 'string'))).toEqual({ ok: true, value: 'SaaS, B2B' });
    expect(formatValue('x'.repeat(300), field('t', 'string', { length: 255 }))).toEqual({ ok: true, value: `${'x'.repeat(254)}…` });
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('matches enumeration options case-insensitively and refuses values that are not options', () => {
    const f = field('e', 'enumeration', { options: ['high_intent', 'low_intent', 'spam', 'wrong_fit'] });
    expect(formatValue('HIGH INTENT', f)).toEqual({ ok: true, value: 'high_intent' });
    expect(formatValue('maybe', f)).toEqual({ ok: false, reason: '"maybe" is not an option of e' });
    expect(formatValue(['SaaS', 'B2B'], field('m', 'multipicklist', { options: ['B2B', 'SaaS', 'AI'] }))).toEqual({ ok: true, value: 'SaaS;B2B' });
  });
});

describe('validateMapping against describeFields', () => {
  const fields: CrmFieldInfo[] = [
    field('email', 'string'), field('jobtitle', 'string'), field('hs_object_id', 'number', { writable: false }),
    field('numberofemployees', 'number'), field('leadforge_classification', 'enumeration', { options: ['high_intent', 'low_intent', 'spam'] }),
    field('industry', 'enumeration', { options: ['COMPUTER_SOFTWARE'] }), field('ownerid', 'reference'),
  ];
  const entries: FieldMappingEntry[] = [
    { appField: 'email', role: 'person', crmField: 'email', policy: 'if_empty' },
    { appField: 'nope', role: 'person', crmField: 'jobtitle', policy: 'if_empty' },
    { appField: 'title', role: 'person', crmField: 'missing_field', policy: 'if_empty' },
    { appField: 'score', role: 'person', crmField: 'hs_object_id', policy: 'always' },
    { appField: 'company', role: 'person', crmField: 'numberofemployees', policy: 'if_empty' },
    { appField: 'classification', role: 'person', crmField: 'leadforge_classification', policy: 'always' },
    { appField: 'industry', role: 'person', crmField: 'industry', policy: 'if_empty' },
    { appField: 'title', role: 'person', crmField: 'email', policy: 'if_empty' },
    { appField: 'email', role: 'person', crmField: 'ownerid', policy: 'if_empty' },
    { appField: 'leadId', role: 'person', crmField: 'leadforge_lead_id', policy: 'if_empty' },
  ];
  it('reports each problem with its entry index', () => {
    const issues = validateMapping(entries, { kind: 'hubspot', fields, roles: ['person', 'account'], creatable: new Set(['leadforge_lead_id']) });
    const by = (i: number) => issues.filter((x) => x.index === i).map((x) => `${x.severity}: ${x.message}`);
    expect(by(0)).toEqual([]);
    expect(by(1)).toEqual(['error: Unknown app field "nope"']);
    expect(by(2)).toEqual(['error: missing_field is not a contact field in HubSpot']);
    expect(by(3)).toEqual(['error: hs_object_id is read-only in HubSpot']);
    expect(by(4)).toEqual(['error: Company (text) cannot be written to numberofemployees (number)']);
    expect(by(5)).toEqual(['error: leadforge_classification has no option "wrong_fit": add it in HubSpot or map another field']);
    expect(by(6)[0]).toMatch(/^warning: industry is a list of 1 options/);
    expect(by(7)).toEqual(['error: email is already mapped (entry 1)']);
    expect(by(8)[0]).toMatch(/^error: .*cannot be written to ownerid \(reference\)/);
    expect(by(9)).toEqual(['warning: leadforge_lead_id does not exist yet: LeadForge creates it on the first sync']);
  });
  it('checks only the app side when the CRM is not connected, and refuses accounts in Salesforce lead mode', () => {
    const issues = validateMapping(
      [{ appField: 'company', role: 'account', crmField: 'Name', policy: 'if_empty' }, { appField: 'title', role: 'person', crmField: 'Anything__c', policy: 'if_empty' }],
      { kind: 'salesforce', roles: ['person'] },
    );
    expect(issues).toEqual([{ index: 0, appField: 'company', crmField: 'Name', severity: 'error', message: 'Salesforce in this mode writes no account records' }]);
  });
  it('the HubSpot defaults are valid once LeadForge created its properties', () => {
    const all: CrmFieldInfo[] = defaultMapping('hubspot').map((e) => ({ role: e.role, name: e.crmField, label: e.crmField, type: e.crmField === 'numberofemployees' || e.crmField === 'leadforge_score' ? 'number' : 'string', writable: true, unique: false, custom: false }));
    for (const s of customFieldSpecs('hubspot', defaultMapping('hubspot'))) {
      const f = all.find((x) => x.name === s.name)!;
      f.type = s.type;
      if (s.options) f.options = s.options;
    }
    expect(validateMapping(defaultMapping('hubspot'), { kind: 'hubspot', fields: all, roles: ['person', 'account'] })).toEqual([]);
  });
});

describe('defaults', () => {
  it('Salesforce defaults keep LeadForge custom fields only when the org has them', () => {
    const withAll = defaultMapping('salesforce', { salesforceMode: 'lead' }).map((e) => e.crmField);
    expect(withAll).toContain('LeadForge_Score__c');
    const fields = [field('Email', 'email'), field('LeadForge_Score__c', 'double')];
    const m = defaultMapping('salesforce', { salesforceMode: 'lead', fields }).map((e) => e.crmField);
    expect(m).toContain('LeadForge_Score__c');
    expect(m).not.toContain('LeadForge_Classification__c');
    expect(m).toContain('LastName');
    expect(defaultMapping('salesforce', { salesforceMode: 'contact_account' }).some((e) => e.role === 'account' && e.crmField === 'Name')).toBe(true);
  });
  it('HubSpot custom property specs: group leadforge fields with types and unique ids', () => {
    const specs = customFieldSpecs('hubspot', defaultMapping('hubspot'));
    expect(specs.map((s) => `${s.role}:${s.name}:${s.type}${s.unique ? ':unique' : ''}`)).toEqual([
      'person:leadforge_score:number', 'person:leadforge_score_reasons:string', 'person:leadforge_classification:enumeration',
      'person:leadforge_seniority:enumeration', 'person:leadforge_lead_id:string:unique', 'account:leadforge_company_key:string:unique',
    ]);
    expect(specs.find((s) => s.name === 'leadforge_classification')!.options).toEqual(['high_intent', 'low_intent', 'spam', 'wrong_fit']);
  });
});

describe('overwrite policies', () => {
  const desired = [
    { crmField: 'jobtitle', value: 'CTO', policy: 'if_empty' as const },
    { crmField: 'phone', value: '+1 415', policy: 'if_empty' as const },
    { crmField: 'leadforge_score', value: '72', policy: 'always' as const },
    { crmField: 'firstname', value: 'Ann', policy: 'never' as const },
    { crmField: 'city', value: 'Paris', policy: 'always' as const },
  ];
  const fields = new Map([['leadforge_score', field('leadforge_score', 'number')]]);
  it('writes everything on create', () => {
    expect(applyOverwritePolicies(desired, undefined, fields).properties).toEqual({ jobtitle: 'CTO', phone: '+1 415', leadforge_score: '72', firstname: 'Ann', city: 'Paris' });
  });
  it('never clobbers a rep edit with if_empty, honours never, overwrites with always, skips equal values', () => {
    const r = applyOverwritePolicies(desired, { jobtitle: 'Chief Technology Officer', phone: '  ', leadforge_score: '72.0', firstname: null, city: 'London' }, fields, 'HubSpot');
    expect(r.properties).toEqual({ phone: '+1 415', city: 'Paris' });
    expect(r.kept).toEqual([
      { crmField: 'jobtitle', reason: 'HubSpot has a value ("Chief Technology Officer"), policy "if_empty"' },
      { crmField: 'firstname', reason: 'policy "never": set on create only' },
    ]);
  });
});
