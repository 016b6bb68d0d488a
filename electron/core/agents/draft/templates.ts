import type { DraftTemplate } from '@shared/index';

/**
 * Built-in templates, in preference order. The drafter uses the first one whose `when` accepts the lead's
 * label and that renders with the lead's profile (a `{{field}}` outside a section makes the field required).
 * Templates hold the message only: the greeting comes from `{{greeting}}`, and the signature and footer
 * (unsubscribe text, postal address) are appended by the drafter. Avoid digits in template text: the
 * reviewer treats numbers that are not facts as untraceable claims.
 *
 * View names: greeting, firstName, fullName, company, title, founderRole (title of a founder / C-level
 * contact), blurb (what the company does, from its description, starting with its verb: "is a …", "offers …"), categories (first two), city, country,
 * senderName, senderCompany, pitch; plus every other profile field under its own name (e.g. `extra.Investors`).
 */
export const BUILTIN_TEMPLATES: DraftTemplate[] = [
  {
    id: 'founder-company',
    when: [],
    subject: 'Idea for {{company}}',
    body: [
      '{{greeting}},',
      '',
      '{{#blurb}}I noticed {{company}} {{blurb}}.{{/blurb}}{{^blurb}}I came across {{company}}{{#categories}} while looking at teams in {{categories}}{{/categories}}.{{/blurb}} As {{founderRole}} of {{company}}, you are probably still close to how new customers find you.',
      '',
      'At {{senderCompany}}, {{pitch}}.',
      '',
      'Would you be open to a short call next week to see if this could help {{company}}?',
    ].join('\n'),
  },
  {
    id: 'named-contact',
    when: [],
    subject: '{{firstName}}, a quick idea for {{company}}',
    body: [
      '{{greeting}},',
      '',
      '{{#title}}As {{title}} at {{company}}, you may be looking at how the team finds its next customers.{{/title}}{{^title}}I am reaching out to you at {{company}} with a quick idea.{{/title}}{{#blurb}} I noticed {{company}} {{blurb}}.{{/blurb}}',
      '',
      'At {{senderCompany}}, {{pitch}}.',
      '',
      'Would you be open to a short call next week to see whether this fits {{company}}?',
    ].join('\n'),
  },
  {
    id: 'generic',
    when: [],
    subject: '{{#company}}Idea for {{company}}{{/company}}{{^company}}A quick idea{{/company}}',
    body: [
      '{{greeting}},',
      '',
      '{{#company}}I am reaching out to the team at {{company}} with a quick idea.{{#blurb}} I noticed {{company}} {{blurb}}.{{/blurb}}{{/company}}{{^company}}I am reaching out with a quick idea that may be useful to you.{{/company}}',
      '',
      'At {{senderCompany}}, {{pitch}}.',
      '',
      'Would you be open to a short call next week to see whether it fits?',
    ].join('\n'),
  },
];
