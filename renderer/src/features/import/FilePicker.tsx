import { Button, Group, Kbd, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone, type FileWithPath } from '@mantine/dropzone';
import { useState } from 'react';
import { api, errorMessage } from '../../bridge';
import { IconFile, IconUpload, IconX } from '../../components/icons';
import { useImport } from '../../stores/import';
import { TID } from '../../testids';
import classes from './import.module.css';

const EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'];

/** Step 1: drop a file (path via window.leadforge.pathForFile) or pick one with the OS dialog (import:pickFile). */
export function FilePicker() {
  const open = useImport((s) => s.open);
  const previewing = useImport((s) => s.previewing);
  const [problem, setProblem] = useState<string | null>(null);

  const onDrop = (files: FileWithPath[]) => {
    setProblem(null);
    const file = files[0];
    if (!file) return;
    if (!EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext))) {
      setProblem(`${file.name} is not a CSV, TSV or XLSX file.`);
      return;
    }
    let path = '';
    try {
      path = api().pathForFile(file);
    } catch {
      path = '';
    }
    if (!path) {
      setProblem(`Could not read the location of ${file.name}. Use “Choose file…” instead.`);
      return;
    }
    void open(path);
  };

  const pick = async () => {
    setProblem(null);
    try {
      const { path } = await api().importPickFile({});
      if (path) await open(path);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  return (
    <Stack gap="md" maw={880}>
      <Dropzone
        onDrop={onDrop}
        onReject={() => setProblem('Drop a single CSV, TSV or XLSX file.')}
        multiple={false}
        activateOnClick={false}
        loading={previewing}
        className={classes.dropzone}
        data-testid={TID.import.dropzone}
        radius="lg"
      >
        <Stack align="center" gap="sm" py={56} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <ThemeIcon size={56} radius="xl" variant="light"><IconUpload size={28} /></ThemeIcon>
          </Dropzone.Accept>
          <Dropzone.Reject>
            <ThemeIcon size={56} radius="xl" variant="light" color="red"><IconX size={28} /></ThemeIcon>
          </Dropzone.Reject>
          <Dropzone.Idle>
            <ThemeIcon size={56} radius="xl" variant="light" color="gray"><IconFile size={28} /></ThemeIcon>
          </Dropzone.Idle>
          <Text fw={600} size="lg">Drop a lead list here</Text>
          <Text size="sm" c="dimmed" ta="center" maw={460}>
            CSV, TSV or XLSX with a header row. Encoding and delimiter are detected, columns are matched to lead fields,
            and duplicates are skipped.
          </Text>
        </Stack>
      </Dropzone>
      <Group justify="space-between">
        <Group gap="xs">
          <Button onClick={() => void pick()} loading={previewing} leftSection={<IconUpload size={15} />} data-testid={TID.import.pickFile}>
            Choose file…
          </Button>
          <Text size="sm" c="dimmed">or drop it above</Text>
        </Group>
        <Text size="xs" c="dimmed">
          Tip: <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">2</Kbd> opens the Pipeline
        </Text>
      </Group>
      {problem && <Text size="sm" c="red" role="alert">{problem}</Text>}
    </Stack>
  );
}
