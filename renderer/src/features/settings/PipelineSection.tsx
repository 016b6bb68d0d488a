import { NumberInput, SimpleGrid, Stack, Switch } from '@mantine/core';
import { TID } from '../../testids';
import { edit, Section, useDraft } from './fields';

/** Pipeline concurrency and the DNS enrichment source. */
export function PipelineSection() {
  const p = useDraft().pipeline;
  const set = (patch: Partial<typeof p>) => edit((d) => ({ ...d, pipeline: { ...d.pipeline, ...patch } }));
  return (
    <Section title="Pipeline" description="Applies to runs started or resumed after saving.">
      <Stack gap="md">
        <SimpleGrid cols={2} spacing="sm">
          <NumberInput label="Leads in parallel" description="Higher is faster; lower is gentler on your machine." min={1} max={64} allowDecimal={false} value={p.concurrency} onChange={(v) => set({ concurrency: typeof v === 'number' ? v : p.concurrency })} data-testid={TID.settings.concurrency} />
          <NumberInput label="DNS lookup timeout (ms)" min={100} max={30_000} step={100} allowDecimal={false} value={p.dnsTimeoutMs} disabled={!p.dnsEnabled} onChange={(v) => set({ dnsTimeoutMs: typeof v === 'number' ? v : p.dnsTimeoutMs })} data-testid={TID.settings.dnsTimeout} />
        </SimpleGrid>
        <Switch label="Check each email domain’s mail servers (DNS MX lookup)" checked={p.dnsEnabled} onChange={(e) => set({ dnsEnabled: e.currentTarget.checked })} data-testid={TID.settings.dnsEnabled} />
      </Stack>
    </Section>
  );
}
