/**
 * Every word the app shell itself shows (its page, lists, forms, dialogs' default buttons). The ribbon
 * commands bring their own words (webresources/src/strings.ts); table, column and view names come from
 * solution/schema and solution/ui, as they would in Dynamics.
 */
export const ShellStrings = {
  pageTitle: 'Work 365 Provider Sync — local app shell',
  productName: 'Work 365 Provider Sync',
  harnessBadge: 'Development harness',
  harnessNote:
    'A local stand-in for the Dynamics 365 app, on the embedded Dataverse emulator. The Work 365 buttons run the real ribbon web resources; data goes through this server’s Web API with an account that cannot read secrets.',
  loading: 'Loading…',
  navigationLabel: 'Site map',
  commandBarLabel: (where: string) => `Commands for ${where}`,
  save: 'Save',
  saved: 'Saved.',
  refresh: 'Refresh',
  back: 'Back to the list',
  search: (plural: string) => `Search ${plural}`,
  searchButton: 'Search',
  firstRows: (shown: number) => `Showing the first ${shown} rows.`,
  rowCount: (count: number) => (count === 1 ? '1 row' : `${count} rows`),
  noRows: 'No rows.',
  selectRow: (name: string) => `Select ${name}`,
  selectAll: 'Select all rows',
  unnamed: '(no name)',
  secured: 'Secured: not readable here',
  yes: 'Yes',
  no: 'No',
  none: '—',
  lookupSearch: (label: string) => `Search ${label}`,
  lookupClear: 'Clear',
  lookupChange: 'Change',
  lookupResults: (label: string) => `${label} results`,
  lookupNoResults: 'No matches.',
  pcfSlot: (control: string) => `${control} (PCF control) is mounted here when the PCF host is built.`,
  pcfFailed: (control: string, reason: string) =>
    `${control} (PCF control) could not be shown: ${reason} The rows are listed below.`,
  subgridEmpty: 'No related rows.',
  notFound: (what: string) => `${what} was not found. It may have been deleted.`,
  loadFailed: (reason: string) => `Could not load: ${reason}`,
  saveFailed: (reason: string) => `Could not save: ${reason}`,
  commandFailed: (reason: string) => `The command failed: ${reason}`,
  unknownTable: (name: string) => `There is no table “${name}” in this app.`,
  viewLabel: 'View:',
  viewSwitcher: 'Choose a view',
  sortBy: (column: string) => `Sort by ${column}`,
  filterBy: (column: string) => `Filter ${column}`,
  filterAll: 'All',
  filterContains: 'Contains…',
  filterEquals: 'Equals…',
  required: (label: string) => `${label} is required. Enter a value.`,
  tooLong: (label: string, max: number, length: number) =>
    `${label} can be at most ${max.toLocaleString('en-US')} characters; this is ${length.toLocaleString('en-US')}.`,
  notUrl: (label: string) => `${label} must be a web address, such as https://example.com/path.`,
  notEmail: (label: string) => `${label} must be an e-mail address, such as name@example.com.`,
  notNumber: (label: string) => `${label} must be a number.`,
  notWhole: (label: string) => `${label} must be a whole number.`,
  tooManyDecimals: (label: string, digits: number) =>
    `${label} can have at most ${digits} ${digits === 1 ? 'digit' : 'digits'} after the decimal point.`,
  outOfRange: (label: string, min?: number, max?: number) =>
    min !== undefined && max !== undefined
      ? `${label} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}.`
      : min !== undefined
        ? `${label} must be at least ${min.toLocaleString('en-US')}.`
        : `${label} must be at most ${(max ?? 0).toLocaleString('en-US')}.`,
  fixFirst: (count: number) =>
    count === 1
      ? 'Not saved: one field needs a fix (see below).'
      : `Not saved: ${count} fields need a fix (see below).`,
  unsavedTitle: 'Unsaved changes',
  unsavedText: (record: string) =>
    `Your changes to ${record} are not saved. Leave this page and lose them, or stay and save them?`,
  leave: 'Leave and discard',
  stay: 'Stay on this page',
  requiredMark: 'Required',
  resultItems: 'Items',
  blank: '(blank)',
  weekOf: (day: string) => `Week of ${day}`,
  dashboard: 'Dashboard',
  dashboards: 'Dashboards',
  noDashboard: 'This app has no dashboard.',
  chartShowData: 'Show the numbers',
  chartDataLabel: (chart: string) => `${chart}: the numbers`,
  chartNoData: 'No rows to chart yet.',
  chartImage: (chart: string, rows: number) => `${chart}, from ${rows === 1 ? '1 row' : `${rows} rows`}`,
  chartOpen: (plural: string) => `Open ${plural}`,
  ok: 'OK',
  cancel: 'Cancel',
  pickFile: 'Choose a file',
  fileTooLarge: (file: string, maxKb: number) => `${file} is larger than the ${maxKb} KB allowed.`,
  close: 'Close',
  newRecord: 'New',
} as const;
