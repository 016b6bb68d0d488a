import { ActionIcon, Button, Card, Code, Group, MultiSelect, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { ClassificationLabelSchema } from '@shared/domain/classification';
import { IconPlus, IconTrash } from '../../components/icons';
import { humanize } from '../../stores/format';
import { TID } from '../../testids';
import { edit, Section, useDraft } from './fields';
import classes from './settings.module.css';

const PLACEHOLDERS = ['greeting', 'firstName', 'fullName', 'company', 'title', 'founderRole', 'blurb', 'categories', 'senderName', 'senderCompany', 'pitch'];
const LABELS = ClassificationLabelSchema.options.map((l) => ({ value: l, label: humanize(l) }));

/** The pitch sentence and the draft templates ({{placeholders}}, {{#field}}…{{/field}} sections). */
export function TemplatesSection() {
  const s = useDraft();
  const setTemplate = (i: number, patch: Partial<(typeof s.templates)[number]>) =>
    edit((d) => ({ ...d, templates: d.templates.map((t, j) => (j === i ? { ...t, ...patch } : t)) }));
  const ids = s.templates.map((t) => t.id.trim());
  return (
    <>
      <Section title="Pitch" description={<>What you offer, in one sentence: drafts say “At {s.sender.company || 'your company'}, <i>pitch</i>.”</>}>
        <Textarea autosize minRows={2} value={s.pitch} onChange={(e) => edit((d) => ({ ...d, pitch: e.currentTarget.value }))} data-testid={TID.settings.pitch} />
      </Section>
      <Section
        title="Draft templates"
        description={s.templates.length ? 'Used before the built-in templates when the lead’s classification matches.' : 'None: the built-in templates are used. Add one to write your own.'}
      >
        <Text size="xs" c="dimmed">
          Placeholders: {PLACEHOLDERS.map((p) => <Code key={p} mr={4}>{`{{${p}}}`}</Code>)} and any profile field. Optional parts: <Code>{'{{#title}}…{{/title}}'}</Code>, fallbacks <Code>{'{{^title}}…{{/title}}'}</Code>. Signature and footer are added for you.
        </Text>
        {s.templates.map((t, i) => (
          <Card key={i} data-testid={TID.settings.template(i)}>
            <Stack gap="sm">
              <Group align="flex-end" gap="sm" wrap="nowrap">
                <TextInput label="Id" value={t.id} onChange={(e) => setTemplate(i, { id: e.currentTarget.value })} w={200} error={!t.id.trim() ? 'Required' : ids.indexOf(t.id.trim()) !== i ? 'Duplicate id' : undefined} />
                <MultiSelect label="Use for" placeholder="Any classification" data={LABELS} value={t.when} onChange={(when) => setTemplate(i, { when })} flex={1} clearable />
                <Tooltip label="Remove template">
                  <ActionIcon size="lg" color="red" aria-label="Remove template" onClick={() => edit((d) => ({ ...d, templates: d.templates.filter((_, j) => j !== i) }))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
              <TextInput label="Subject" value={t.subject} onChange={(e) => setTemplate(i, { subject: e.currentTarget.value })} error={!t.subject.trim() ? 'Required' : undefined} />
              <Textarea label="Body" autosize minRows={6} value={t.body} onChange={(e) => setTemplate(i, { body: e.currentTarget.value })} className={classes.mono} error={!t.body.trim() ? 'Required' : undefined} />
            </Stack>
          </Card>
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => edit((d) => ({
              ...d,
              templates: [...d.templates, {
                id: `custom-${d.templates.length + 1}`,
                when: ['high_intent'],
                subject: 'Idea for {{company}}',
                body: '{{greeting}},\n\nAt {{senderCompany}}, {{pitch}}.\n\nWould you be open to a short call next week?',
              }],
            }))}
            data-testid={TID.settings.templateAdd}
          >
            Add template
          </Button>
        </Group>
      </Section>
    </>
  );
}
