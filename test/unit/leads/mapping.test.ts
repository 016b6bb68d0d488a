import { describe, expect, it } from 'vitest';
import { autoMap, normaliseHeader, resolveMapping, uniqueHeaders } from '../../../electron/core/leads/mapping';
import { previewLeads } from '../../../electron/core/leads/import-leads';
import { data } from './helpers';

describe('normaliseHeader', () => {
  it('ignores case, spaces, punctuation and accents', () => {
    expect(normaliseHeader('Headquarters (City)')).toBe('headquarterscity');
    expect(normaliseHeader(' E-mail ')).toBe('email');
    expect(normaliseHeader('Founder(s)')).toBe('founders');
    expect(normaliseHeader('Société')).toBe('societe');
  });
});

describe('autoMap', () => {
  it('maps the synonyms of every lead field', () => {
    expect(
      autoMap([
        'Company Name', 'Web Site', 'E-mail Address', 'Given Name', 'Surname', 'Job Title', 'Phone', 'Sector', 'Tags',
        'About', 'HQ City', 'Headquarters (Country)', 'Company Size', 'Total Funding', 'Satus', 'Year Founded', 'LinkedIn', 'Founder(s)',
      ]),
    ).toEqual({
      'Company Name': 'company', 'Web Site': 'website', 'E-mail Address': 'email', 'Given Name': 'firstName', Surname: 'lastName',
      'Job Title': 'title', Phone: 'phone', Sector: 'industry', Tags: 'categories', About: 'description', 'HQ City': 'city',
      'Headquarters (Country)': 'country', 'Company Size': 'employees', 'Total Funding': 'fundingUsd', Satus: 'status',
      'Year Founded': 'foundedYear', LinkedIn: 'linkedinUrl', 'Founder(s)': 'contacts',
    });
    expect(autoMap(['Organisation', 'URL', 'Full Name', 'Headcount', 'Funding Amount', 'Founded', 'Domain'])).toEqual({
      Organisation: 'company', URL: 'website', 'Full Name': 'fullName', Headcount: 'employees', 'Funding Amount': 'fundingUsd', Founded: 'foundedYear', Domain: 'domain',
    });
  });

  it('gives a single-valued field to the best-ranked column and leaves the others for extra', () => {
    expect(autoMap(['Tagline', 'Description'])).toEqual({ Description: 'description' });
    expect(autoMap(['Email', 'Personal Email'])).toEqual({ Email: 'email' });
    // lists merge several columns
    expect(autoMap(['Categories', 'Tags'])).toEqual({ Categories: 'categories', Tags: 'categories' });
  });

  it('maps "Name" to the company only when no other column is the company or a person name', () => {
    expect(autoMap(['Name', 'Company Domain Name'])).toEqual({ Name: 'company', 'Company Domain Name': 'domain' });
    expect(autoMap(['Name', 'Email'])).toEqual({ Name: 'company', Email: 'email' });
    expect(autoMap(['Name', 'Account Name', 'Email'])).toEqual({ Name: 'fullName', 'Account Name': 'company', Email: 'email' });
    expect(autoMap(['First Name', 'Last Name', 'Name'])).toEqual({ 'First Name': 'firstName', 'Last Name': 'lastName', Name: 'fullName' });
    expect(autoMap(['Full Name', 'Company', 'Name'])).toEqual({ 'Full Name': 'fullName', Company: 'company' });
  });

  it('uses suffix rules for headers that are not synonyms', () => {
    expect(autoMap(['Acquired Company', 'Acquiring Company'])).toEqual({ 'Acquired Company': 'company' });
    expect(autoMap(['Primary Contact Email', 'Company LinkedIn Page'])).toEqual({ 'Primary Contact Email': 'email', 'Company LinkedIn Page': 'linkedinUrl' });
  });

  it('is not fooled by Object.prototype names', () => {
    expect(autoMap(['constructor', 'toString', 'Company'])).toEqual({ Company: 'company' });
  });
});

describe('uniqueHeaders', () => {
  it('names blank headers column_<n> and numbers repeats, with warnings (frictionless blank-headers / duplicate-headers)', () => {
    expect(uniqueHeaders(['id', '', 'age'])).toEqual({
      headers: ['id', 'column_2', 'age'],
      warnings: [{ row: 1, field: 'column_2', reason: 'column 2 has a blank header; named "column_2"' }],
    });
    const dup = uniqueHeaders(['id', 'name', 'id', 'age', 'id']);
    expect(dup.headers).toEqual(['id', 'name', 'id (2)', 'age', 'id (3)']);
    expect(dup.warnings.map((w) => w.field)).toEqual(['id (2)', 'id (3)']);
    expect(uniqueHeaders(['Email', 'Email', 'Email (2)']).headers).toEqual(['Email', 'Email (3)', 'Email (2)']);
    expect(uniqueHeaders(['__proto__']).headers).toEqual(['column_1']);
  });
});

describe('resolveMapping', () => {
  it('lets an explicit mapping win, drops null columns, and does not auto-assign a field it already uses', () => {
    const headers = ['Org', 'Email', 'Work Email', 'Notes'];
    const { mapping, auto, warnings } = resolveMapping(headers, { 'work email': 'email', Notes: null, Missing: 'phone' });
    expect(auto).toEqual({ Org: 'company', Email: 'email' });
    expect(mapping).toEqual({ Org: 'company', 'Work Email': 'email', Notes: null });
    expect(warnings).toEqual([{ row: 1, field: 'Missing', reason: 'the mapping names a column "Missing" that is not in the file; ignored' }]);
  });

  it('rejects unknown field names', () => {
    expect(() => resolveMapping(['A'], { A: 'shoeSize' as never })).toThrow(/column "A" an unknown lead field "shoeSize"/);
  });
});

describe('the real lists map sensibly', () => {
  it('YC Startups.csv (ali-ce/datasets, CC BY-SA 4.0)', async () => {
    const p = await previewLeads(data('companies/ali-ce_yc-startups-2014/Startups.csv'), { rows: 1 });
    expect(p.mapping).toEqual({
      Company: 'company',
      Satus: 'status',
      'Year Founded': 'foundedYear',
      Description: 'description',
      Categories: 'categories',
      Founders: 'contacts',
      'Amounts raised in different funding rounds': 'fundingUsd',
      'Headquarters (City)': 'city',
      'Headquarters (Country)': 'country',
      Website: 'website',
    });
  });

  it('companies_with_domain.csv (derived, CC BY-SA 4.0)', async () => {
    const p = await previewLeads(data('companies/derived_companies_with_domain/companies_with_domain.csv'), { rows: 1 });
    expect(p.mapping).toEqual({
      name: 'company', website: 'website', domain: 'domain', description: 'description', categories: 'categories',
      city: 'city', country: 'country', year_founded: 'foundedYear', status: 'status',
    });
  });

  it('the tech-giants acquisition lists (ali-ce/datasets, CC BY-SA 4.0)', async () => {
    const dir = 'companies/ali-ce_tech-giants-acquired-companies';
    expect((await previewLeads(data(`${dir}/Acquired Tech Companies.csv`), { rows: 0 })).mapping).toEqual({
      Company: 'company', 'Year Founded': 'foundedYear', 'Market Categories': 'categories', 'City (HQ)': 'city',
      'Country (HQ)': 'country', Description: 'description', Homepage: 'website',
    });
    expect((await previewLeads(data(`${dir}/Acquiring Tech Companies.csv`), { rows: 0 })).mapping).toEqual({
      'Acquiring Company': 'company', 'Market Categories': 'categories', 'Year Founded': 'foundedYear', Founders: 'contacts',
      'Number of Employees': 'employees', 'Total Funding ($)': 'fundingUsd', 'City (HQ)': 'city', 'Country (HQ)': 'country',
      Description: 'description', Homepage: 'website',
    });
    expect((await previewLeads(data(`${dir}/Acquisitions.csv`), { rows: 0 })).mapping).toEqual({ 'Acquired Company': 'company', Status: 'status' });
  });

  it('HubSpot sample import (github.com/HubSpot/sample-apps-imports)', async () => {
    const p = await previewLeads(data('csv/hubspot-sample-apps-imports/import_emails.csv'), { rows: 1 });
    expect(p.mapping).toEqual({ firstname: 'firstName', email: 'email' });
    expect(p.sample[0].lead).toMatchObject({ firstName: 'Test', fullName: 'Test', email: 'test@email.com', dedupeKey: 'email:test@email.com' });
  });
});
