/** Every user-visible string of the Import Invoice job. */
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const ImportMessages = {
  badParameter: (field: string, expected: string) =>
    `The job's parameter ${field} is not valid: expected ${expected}. Nothing was imported.`,
  noSource: (provider: string, distributor: string) =>
    `Nothing to import for ${provider}: ${distributor} has no invoice API, so its invoices come from a file. Use Import Invoice on the Provider and choose the distributor's invoice file (docs/invoice-csv.md).`,
  attachmentNotFound: (id: string) =>
    `The invoice file of this job (note ${id}) was not found on the provider, or it has no file attached. Upload the file again with Import Invoice.`,
  attachmentTooLarge: (name: string, bytes: number, maxBytes: number) =>
    `${name} is ${plural(bytes, 'byte')}; the service reads invoice files of up to ${plural(maxBytes, 'byte')}. Compress it (gzip) or split it by invoice number.`,
  changed: (number: string, status: string) =>
    `Invoice ${number} was imported before (${status}) with other content, so it was not imported over it: its lines may already have been reconciled. If the distributor reissued it, import the reissue under its own number; if the earlier import was wrong, ask an administrator to deactivate it first.`,
  linesUnreadable: (number: string, count: number) =>
    `Invoice ${number} was not imported: ${plural(count, 'line')} of it could not be read (see the items), and an invoice with lines missing would reconcile wrongly. Once the distributor's data reads cleanly, import it again.`,
  lineUnreadable: (record: string, message: string) => `${record}: ${message}`,
  noneForPeriod: (provider: string, start: string, end: string) => `${provider} has no invoice for ${start} to ${end}.`,
  customerUnknown: (customerId: string, lines: number) =>
    `The invoice bills customer ${customerId} (${plural(lines, 'line')}), which no provider account of this provider has: the lines were imported, and reconciliation reports them until Sync Provider Accounts brings the customer in and it is mapped.`,
  writeFailed: (number: string, what: string, message: string) =>
    `Could not save ${what} of invoice ${number}: ${message}. The invoice stays Importing (not reconciled); import it again to complete it.`,
} as const;

export const ImportSummary = {
  imported: (number: string, lines: number, currency: string, total: number, start: string, end: string) =>
    `Imported invoice ${number}: ${plural(lines, 'line')}, ${currency} ${money(total)}, billing period ${start} to ${end}.`,
  resumed: (number: string, lines: number) =>
    `Completed the import of invoice ${number} that had stopped part-way (${plural(lines, 'line')} written now).`,
  unchanged: (number: string) => `Invoice ${number} was imported before with the same content: nothing changed.`,
  refused: (number: string) => `Invoice ${number} was not imported (see the items).`,
  incomplete: (number: string, failed: number) =>
    `Invoice ${number} is not complete: ${plural(failed, 'row')} could not be written. It stays Importing; import it again to complete it.`,
  none: 'Nothing was imported.',
} as const;

/** Import Status labels for messages. */
export const StatusWords = { importing: 'its import had not completed', imported: 'imported' } as const;
