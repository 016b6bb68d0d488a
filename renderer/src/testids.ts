/**
 * Stable `data-testid`s of the renderer, for the Playwright e2e journeys (test/e2e) and the UI benchmark
 * (test/bench/ui*.ts). Change a value only together with the tests that use it.
 *
 * Conventions
 * - Static ids are strings; ids of repeated elements (rows, per-CRM panels) are functions of a stable key.
 * - Rows also carry state attributes a test can read without parsing text:
 *   `data-status` (task/queue/sync status), `data-selected="true"`, `data-seen="true"`, `data-stage` on stage cells.
 * - Screens carry `data-state` = `loading` | `empty` | `error` | `ready` on their root while they load.
 *
 * Performance marks (User Timing, harmless in production; read with `performance.getEntriesByName(name)`):
 * - `review:list-rendered`  — the review queue list committed a non-empty render after a list load or page (the
 *                             first page — the screenful the rep sees — comes first, the rest of the queue after;
 *                             detail: `{ count }`). First-render benchmark: navigate to Review → the first such mark.
 * - `review:item-rendered`  — the draft editor committed the full item for the selected draft (after `review:get`),
 *                             detail: `{ id }`. Next-draft benchmark: press `j` → the mark whose detail.id is the
 *                             next draft.
 * - `pipeline:table-rendered` — the pipeline lead table committed its first page of rows for a newly loaded run
 *                             (detail: `{ runId, count }`; the other pages follow).
 */
export const TID = {
  app: {
    /** AppShell root; `data-screen` = current screen key. */
    shell: 'app-shell',
    /** Full-page error shown when window.leadforge is missing. */
    bridgeMissing: 'app-bridge-missing',
    /** Light/dark toggle in the navbar footer. */
    colorScheme: 'app-color-scheme',
    /** App version / data folder line in the navbar footer. */
    version: 'app-version',
  },
  nav: {
    /** Navbar links, one per screen: `nav-import`, `nav-pipeline`, `nav-review`, `nav-outbox`, `nav-crm`, `nav-settings`. */
    link: (screen: 'import' | 'pipeline' | 'review' | 'outbox' | 'crm' | 'settings') => `nav-${screen}`,
    /** Pending (pending + flagged) drafts count on the Review link; text = number. Hidden when 0. */
    reviewBadge: 'nav-review-badge',
  },
  import: {
    screen: 'import-screen',
    /** Drop area (Mantine Dropzone); drop a file here. */
    dropzone: 'import-dropzone',
    /** "Choose file…" button (OS picker via import:pickFile). */
    pickFile: 'import-pick-file',
    /** File name + format/encoding/delimiter line once a file is previewed. */
    fileInfo: 'import-file-info',
    encoding: 'import-encoding',
    delimiter: 'import-delimiter',
    /** Mapping editor table. */
    mappingTable: 'import-mapping-table',
    /** The mapping Select of one column (by header text): a Mantine Select input; click, then pick an option. */
    mappingSelect: (header: string) => `import-mapping-${header}`,
    /** Auto-detected badge next to a column's Select (present only when the current choice = auto-mapping). */
    mappingAuto: (header: string) => `import-mapping-auto-${header}`,
    /** Preview table of the first rows; rows carry `data-rejected="true"` when they would be refused. */
    previewTable: 'import-preview-table',
    previewRow: (row: number) => `import-preview-row-${row}`,
    /** Header warnings (renamed blank/duplicate headers) alert. */
    headerWarnings: 'import-header-warnings',
    /** "Import N rows" button (import:run). */
    run: 'import-run',
    /** Back to file choice / start over. */
    reset: 'import-reset',
    /** Result panel after import:run and its counters (text = number). */
    result: 'import-result',
    resultImported: 'import-result-imported',
    resultDuplicates: 'import-result-duplicates',
    resultRejected: 'import-result-rejected',
    resultRows: 'import-result-rows',
    /** Virtualised list of per-row errors (rejected + warnings); each row `import-error-row-<index>`. */
    errorList: 'import-error-list',
    errorRow: (index: number) => `import-error-row-${index}`,
    /** "Download errors as CSV" (import:exportErrors). */
    exportErrors: 'import-export-errors',
    /** "Start processing" (runs:start) → Pipeline. */
    startRun: 'import-start-run',
    /** Error alert of the import screen (bad file, failed call) and its retry button. */
    error: 'import-error',
    retry: 'import-retry',
  },
  pipeline: {
    screen: 'pipeline-screen',
    /** Empty state when there are no runs ("Import a list" button inside: `pipeline-go-import`). */
    empty: 'pipeline-empty',
    goImport: 'pipeline-go-import',
    /** Runs list; each run row `pipeline-run-<runId>` with `data-status` (run status) and `data-selected`. */
    runList: 'pipeline-run-list',
    run: (runId: string) => `pipeline-run-${runId}`,
    /** Selected run's progress panel and its figures (text content). */
    progress: 'pipeline-progress',
    /** "412 / 688" leads done / total. */
    leadsDone: 'pipeline-leads-done',
    /** Percentage of leads done ("47%"). */
    percent: 'pipeline-percent',
    leadsFailed: 'pipeline-leads-failed',
    throughput: 'pipeline-throughput',
    eta: 'pipeline-eta',
    elapsed: 'pipeline-elapsed',
    /** Run status badge; `data-status` = run status. */
    status: 'pipeline-status',
    /** Per-stage counters; `pipeline-stage-<stage>` with `data-done`, `data-failed`, `data-total` attributes. */
    stage: (stage: string) => `pipeline-stage-${stage}`,
    /** Run controls (runs:control). */
    pause: 'pipeline-pause',
    resume: 'pipeline-resume',
    cancel: 'pipeline-cancel',
    retryFailed: 'pipeline-retry-failed',
    /** Confirm button of the cancel-run confirmation modal. */
    cancelConfirm: 'pipeline-cancel-confirm',
    /** Lead table filters: text search and status filter (SegmentedControl: all | failed | running | done). */
    leadSearch: 'pipeline-lead-search',
    leadFilter: 'pipeline-lead-filter',
    /** Virtualised lead table (scroll container); rows `pipeline-lead-<leadId>` with `data-status` = overall status. */
    leadTable: 'pipeline-lead-table',
    leadRow: (leadId: string) => `pipeline-lead-${leadId}`,
    /** (The stage cells of a lead row carry no test id, to keep rows light: select them as `[data-stage]` inside the
     *  row; each has `data-status`, and its title the timing.) */
    /** Lead detail drawer (leads:detail) and its parts. */
    detail: 'lead-detail',
    detailClose: 'lead-detail-close',
    detailTab: (tab: 'profile' | 'score' | 'classification' | 'tasks' | 'audit') => `lead-detail-tab-${tab}`,
    /** Profile field row: `lead-field-<field>` (value, source, confidence, conflicts). */
    detailField: (field: string) => `lead-field-${field}`,
    detailScore: 'lead-detail-score',
    detailFactor: (index: number) => `lead-detail-factor-${index}`,
    detailClassification: 'lead-detail-classification',
    detailTask: (stage: string) => `lead-detail-task-${stage}`,
    detailAudit: 'lead-detail-audit',
  },
  review: {
    screen: 'review-screen',
    /** Empty queue state (nothing to review / nothing matches the filters). */
    empty: 'review-empty',
    /**
     * Filters: status chips (group + one chip per status: pending, flagged, approved, rejected; default pending +
     * flagged), classification chips (group + one per label), score RangeSlider, text search, reset.
     */
    filterStatus: 'review-filter-status',
    filterStatusChip: (status: 'pending' | 'flagged' | 'approved' | 'rejected') => `review-filter-status-${status}`,
    /** Classification filter: the button opens a popover holding one checkbox per label. */
    filterLabelButton: 'review-filter-label-button',
    filterLabel: 'review-filter-label',
    filterLabelChip: (label: 'high_intent' | 'low_intent' | 'spam' | 'wrong_fit') => `review-filter-label-${label}`,
    /** Score filter: the button opens a popover holding the RangeSlider (`review-filter-score`). */
    filterScoreButton: 'review-filter-score-button',
    filterScore: 'review-filter-score',
    filterText: 'review-filter-text',
    filterReset: 'review-filter-reset',
    /** Count line ("124 drafts"). */
    count: 'review-count',
    /** Virtualised queue list (scroll container); rows `review-row-<id>` with data-status, data-selected, data-seen. */
    list: 'review-list',
    row: (id: string) => `review-row-${id}`,
    /** Bulk-select checkbox of a row (enabled only when the draft was shown). */
    rowCheck: (id: string) => `review-row-check-${id}`,
    /** "Select all shown" and "Approve N selected" (review:bulkApprove). */
    selectSeen: 'review-select-seen',
    bulkApprove: 'review-bulk-approve',
    /** Confirm button of the bulk-approve modal. */
    bulkConfirm: 'review-bulk-confirm',
    /** Draft panel: `data-id` = the item shown, `data-status` its status. */
    editor: 'review-editor',
    /** Read-only subject/body while not editing; inputs while editing. */
    subject: 'review-subject',
    body: 'review-body',
    subjectInput: 'review-subject-input',
    bodyInput: 'review-body-input',
    /** Status badge of the shown item (`data-status`). */
    itemStatus: 'review-item-status',
    /** Actions. */
    approve: 'review-approve',
    edit: 'review-edit',
    saveApprove: 'review-save-approve',
    cancelEdit: 'review-cancel-edit',
    reject: 'review-reject',
    regenerate: 'review-regenerate',
    reopen: 'review-reopen',
    /** Reject modal: reason textarea and confirm. */
    rejectModal: 'review-reject-modal',
    rejectReason: 'review-reject-reason',
    rejectConfirm: 'review-reject-confirm',
    /** Review-agent issues list; each `review-issue-<index>` with `data-severity`. */
    issues: 'review-issues',
    issue: (index: number) => `review-issue-${index}`,
    /** Lead context column: profile summary and score explanation. */
    profile: 'review-profile',
    score: 'review-score',
    /** Keyboard help overlay (`?`). */
    help: 'review-help',
    helpButton: 'review-help-button',
  },
  outbox: {
    screen: 'outbox-screen',
    empty: 'outbox-empty',
    /** "Sending arrives later" note. */
    note: 'outbox-note',
    count: 'outbox-count',
    list: 'outbox-list',
    row: (id: string) => `outbox-row-${id}`,
  },
  crm: {
    screen: 'crm-screen',
    /** CRM switcher (SegmentedControl hubspot | salesforce). */
    kind: 'crm-kind',
    /** Error alert when the CRM backend is unavailable / a call failed, and retry. */
    error: 'crm-error',
    retry: 'crm-retry',
    /** Connection card of the shown CRM; `data-connected` = "true" | "false". */
    connection: 'crm-connection',
    connectionStatus: 'crm-connection-status',
    /** Token connect form. */
    tokenInput: 'crm-token-input',
    instanceUrlInput: 'crm-instance-url-input',
    connectToken: 'crm-connect-token',
    /** OAuth: client id (settings), client secret (vault), connect. */
    clientIdInput: 'crm-client-id-input',
    clientSecretInput: 'crm-client-secret-input',
    saveClientSecret: 'crm-save-client-secret',
    connectOAuth: 'crm-connect-oauth',
    disconnect: 'crm-disconnect',
    test: 'crm-test',
    testResult: 'crm-test-result',
    /** Salesforce mode SegmentedControl (lead | contact_account). */
    sfMode: 'crm-sf-mode',
    /** Tabs of the CRM page. */
    tab: (tab: 'connection' | 'mapping' | 'sync' | 'leads') => `crm-tab-${tab}`,
    /** Mapping editor rows `crm-mapping-row-<index>`; per row: app field, role, CRM field Select, policy Select, remove. */
    mappingTable: 'crm-mapping-table',
    mappingRow: (index: number) => `crm-mapping-row-${index}`,
    mappingCrmField: (index: number) => `crm-mapping-crm-field-${index}`,
    mappingPolicy: (index: number) => `crm-mapping-policy-${index}`,
    mappingIssue: (index: number) => `crm-mapping-issue-${index}`,
    mappingAdd: 'crm-mapping-add',
    mappingSave: 'crm-mapping-save',
    mappingReset: 'crm-mapping-reset',
    /** Sync preview (crm:preview) and sync now (crm:sync). */
    preview: 'crm-preview',
    previewTable: 'crm-preview-table',
    previewCounts: 'crm-preview-counts',
    syncNow: 'crm-sync-now',
    syncProgress: 'crm-sync-progress',
    syncResult: 'crm-sync-result',
    /** Per-lead sync states table; rows `crm-lead-<leadId>` with `data-status`. */
    leadStates: 'crm-lead-states',
    leadState: (leadId: string) => `crm-lead-${leadId}`,
  },
  settings: {
    screen: 'settings-screen',
    /** Section tabs: sender, templates, icp, pipeline, crm, data. */
    tab: (tab: 'sender' | 'templates' | 'icp' | 'pipeline' | 'crm' | 'data') => `settings-tab-${tab}`,
    /** Sender identity and footer inputs. */
    senderName: 'settings-sender-name',
    senderCompany: 'settings-sender-company',
    senderEmail: 'settings-sender-email',
    senderAddress: 'settings-sender-address',
    unsubscribeText: 'settings-unsubscribe-text',
    requireUnsubscribe: 'settings-require-unsubscribe',
    requireAddress: 'settings-require-address',
    pitch: 'settings-pitch',
    /** ICP: qualify threshold, base; table rows `settings-icp-<table>-<index>`. */
    qualifyThreshold: 'settings-qualify-threshold',
    icpBase: 'settings-icp-base',
    icpRow: (table: string, index: number) => `settings-icp-${table}-${index}`,
    icpAdd: (table: string) => `settings-icp-${table}-add`,
    /** Templates: one card per template `settings-template-<index>`; add. */
    template: (index: number) => `settings-template-${index}`,
    templateAdd: 'settings-template-add',
    /** Pipeline. */
    concurrency: 'settings-concurrency',
    dnsEnabled: 'settings-dns-enabled',
    dnsTimeout: 'settings-dns-timeout',
    /** CRM. */
    crmActive: 'settings-crm-active',
    crmSyncInPipeline: 'settings-crm-sync-in-pipeline',
    crmLogActivity: 'settings-crm-log-activity',
    /** Data folder path (app:info) and "Change…" (settings:chooseDataDir). */
    dataDir: 'settings-data-dir',
    chooseDataDir: 'settings-choose-data-dir',
    /** Save bar: Save (settings:save), Discard, and the validation error list. */
    save: 'settings-save',
    discard: 'settings-discard',
    errors: 'settings-errors',
  },
} as const;
