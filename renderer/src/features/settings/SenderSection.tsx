import { SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { TID } from '../../testids';
import { edit, Section, useDraft } from './fields';

/** Sender identity (name, company, email, physical address) and the compliance footer. */
export function SenderSection() {
  const s = useDraft();
  const sender = (patch: Partial<typeof s.sender>) => edit((d) => ({ ...d, sender: { ...d.sender, ...patch } }));
  const footer = (patch: Partial<typeof s.footer>) => edit((d) => ({ ...d, footer: { ...d.footer, ...patch } }));
  return (
    <>
      <Section title="Sender" description="Who the drafts come from; used in the signature.">
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label="Name" value={s.sender.name} onChange={(e) => sender({ name: e.currentTarget.value })} error={!s.sender.name.trim() ? 'Required' : undefined} data-testid={TID.settings.senderName} />
          <TextInput label="Company" value={s.sender.company} onChange={(e) => sender({ company: e.currentTarget.value })} error={!s.sender.company.trim() ? 'Required' : undefined} data-testid={TID.settings.senderCompany} />
          <TextInput label="Email" type="email" value={s.sender.email ?? ''} onChange={(e) => sender({ email: e.currentTarget.value || undefined })} placeholder="you@company.com" data-testid={TID.settings.senderEmail} />
          <TextInput label="Physical address" value={s.sender.address ?? ''} onChange={(e) => sender({ address: e.currentTarget.value || undefined })} placeholder="Street, city, postcode" description="Required by anti-spam law in many countries" data-testid={TID.settings.senderAddress} />
        </SimpleGrid>
      </Section>
      <Section title="Footer" description="Appended to every draft; the review agent checks it is there.">
        <Stack gap="sm">
          <Textarea label="Unsubscribe text" autosize minRows={2} value={s.footer.unsubscribeText} onChange={(e) => footer({ unsubscribeText: e.currentTarget.value })} data-testid={TID.settings.unsubscribeText} />
          <Switch label="Require the unsubscribe line (drafts without it fail review)" checked={s.footer.requireUnsubscribe} onChange={(e) => footer({ requireUnsubscribe: e.currentTarget.checked })} data-testid={TID.settings.requireUnsubscribe} />
          <Switch label="Require the physical address" checked={s.footer.requireAddress} onChange={(e) => footer({ requireAddress: e.currentTarget.checked })} data-testid={TID.settings.requireAddress} />
        </Stack>
      </Section>
    </>
  );
}
