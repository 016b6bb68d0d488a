import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Page } from '../../components/page';
import { ErrorState } from '../../components/states';
import { IconFile, IconRefresh } from '../../components/icons';
import { useImport } from '../../stores/import';
import { TID } from '../../testids';
import { FilePicker } from './FilePicker';
import { ImportPreviewView } from './ImportPreviewView';
import { ImportResultView } from './ImportResultView';

/**
 * Import: choose a list (drop or OS picker) → import:preview (columns, auto-mapping editable, first rows with
 * would-be rejections) → import:run (counts, per-row errors, CSV export) → runs:start → Pipeline.
 */
export function ImportScreen() {
  const step = useImport((s) => s.step);
  const error = useImport((s) => s.error);
  const path = useImport((s) => s.path);
  const previewing = useImport((s) => s.previewing);
  const reset = useImport((s) => s.reset);
  const open = useImport((s) => s.open);
  const fileName = useImport((s) => s.preview?.fileName);

  const subtitle =
    step === 'choose' ? 'Drop a CSV, TSV or Excel list of companies or contacts. Nothing leaves your machine.'
      : step === 'preview' ? 'Check how each column maps onto lead fields, then import.'
        : 'Imported. Review the errors, then start processing.';

  const actions = step === 'preview' && (
    <Group gap="xs">
      {fileName && (
        <Button variant="subtle" color="gray" leftSection={<IconFile size={15} />} onClick={reset} data-testid={TID.import.reset}>
          Choose another file
        </Button>
      )}
    </Group>
  );

  return (
    <Page title="Import" subtitle={subtitle} actions={actions} testId={TID.import.screen} state={error ? 'error' : previewing ? 'loading' : 'ready'}>
      {error && (
        <ErrorState
          title={step === 'result' ? 'Could not start processing' : 'Could not read this file'}
          message={error}
          testId={TID.import.error}
          retryTestId={TID.import.retry}
          onRetry={path ? () => void open(path) : undefined}
        />
      )}
      {step === 'choose' && <FilePicker />}
      {step === 'preview' && <ImportPreviewView />}
      {step === 'result' && <ImportResultView />}
      {step === 'choose' && error && (
        <Group mt="sm">
          <Button variant="default" leftSection={<IconRefresh size={14} />} onClick={() => { reset(); notifications.clean(); }}>
            Start over
          </Button>
        </Group>
      )}
    </Page>
  );
}
