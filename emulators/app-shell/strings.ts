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
  ok: 'OK',
  cancel: 'Cancel',
  close: 'Close',
  newRecord: 'New',
} as const;
