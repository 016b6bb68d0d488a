import { describe, expect, it } from 'vitest';
import { analyseEmail } from '../../../../electron/core/agents/email/analyse-email';
import { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from '../../../../electron/core/agents/email/domain-lists';

describe('analyseEmail', () => {
  it('classifies a free-mail address (gmail.com)', () => {
    const a = analyseEmail('Jane.Doe@Gmail.com');
    expect(a).toMatchObject({ type: 'free', domain: 'gmail.com', localPart: 'jane.doe', isFree: true, isDisposable: false });
  });

  it('classifies a disposable address (mailinator.com), before the free-mail list that also names it', () => {
    expect(isFreeMailDomain('mailinator.com')).toBe(true); // the providers list contains it too
    const a = analyseEmail('someone@mailinator.com');
    expect(a.type).toBe('disposable');
    expect(a.reason).toContain('mailinator.com');
  });

  it('honours wildcard disposable domains for subdomains', () => {
    expect(isDisposableDomain('33mail.com')).toBe(true);
    expect(isDisposableDomain('jane.33mail.com')).toBe(true);
    expect(analyseEmail('x@jane.33mail.com').type).toBe('disposable');
  });

  it('classifies role addresses (info@, sales@, support+tag@)', () => {
    expect(analyseEmail('info@acme-widgets.com').type).toBe('role');
    expect(analyseEmail('sales@acme-widgets.com').type).toBe('role');
    expect(analyseEmail('support+eu@acme-widgets.com').type).toBe('role');
    expect(isRoleLocalPart('jane')).toBe(false);
  });

  it('classifies a company address as business', () => {
    expect(analyseEmail('jane@acme-widgets.com')).toMatchObject({ type: 'business', domain: 'acme-widgets.com' });
  });

  it('reports none for missing input and invalid for malformed or reserved addresses', () => {
    expect(analyseEmail(undefined).type).toBe('none');
    expect(analyseEmail('   ').type).toBe('none');
    expect(analyseEmail('not-an-email').type).toBe('invalid');
    expect(analyseEmail('a@b').type).toBe('invalid');
    expect(analyseEmail('a..b@acme.com').type).toBe('invalid');
    expect(analyseEmail('jane@example.com').type).toBe('invalid');
    expect(analyseEmail('jane@acme.test').type).toBe('invalid');
  });

  it('treats the lead’s own website domain as business even when a provider list names it', () => {
    expect(analyseEmail('jack@alibaba.com').type).toBe('free');
    expect(analyseEmail('jack@alibaba.com', { companyDomain: 'alibaba.com' }).type).toBe('business');
  });
});
