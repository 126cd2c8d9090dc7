/**
 * Every label and tooltip of the Work 365 command bar buttons (English, 1033). They reach Dynamics as
 * the RibbonDiffXml's LocLabels, which is how a translation would be added later: one more Title per
 * LocLabel, nothing else changes.
 */
export const RIBBON_LANGUAGE_CODE = 1033;

export const RibbonStrings = {
  work365: { label: 'Work 365', tooltip: 'Work 365 Provider Sync commands' },
  verifyConnectivity: {
    label: 'Verify Connectivity',
    tooltip: 'Check that the distributor accepts this provider’s credentials and settings.',
  },
  syncProviderAccounts: {
    label: 'Sync Provider Accounts',
    tooltip: 'Bring in the distributor’s customers as provider accounts and map the ones that match a CRM account.',
  },
  migrateManualSubscriptions: {
    label: 'Migrate Manual Subscriptions',
    tooltip: 'Move the history of subscriptions kept by hand onto the synced ones. Shows the plan first.',
  },
  syncSubscriptions: {
    label: 'Sync Subscriptions',
    tooltip: 'Bring in this billing contract customer’s subscriptions from its distributors now.',
  },
  syncProviderSubscriptions: {
    label: 'Sync Subscriptions',
    tooltip: 'Bring in the subscriptions of every mapped customer of this provider now (as the nightly sync does).',
  },
  cancelJob: {
    label: 'Cancel Job',
    tooltip: 'Ask the sync service to stop this running job at its next checkpoint; what it wrote so far stays.',
  },
  importInvoice: {
    label: 'Import Invoice',
    tooltip:
      'Attach the distributor’s invoice (a CSV file) to this provider and import it; a file whose lines do not add up is refused whole.',
  },
  reconcile: {
    label: 'Reconcile',
    tooltip:
      'Compare this invoice line by line with the synced subscriptions, their changes over the period and the billing contracts; differences become variances to review.',
  },
  acceptVariance: {
    label: 'Accept',
    tooltip: 'Accept this variance as it is (an open variance only); a rerun of the reconciliation keeps the verdict.',
  },
  acceptVariances: {
    label: 'Accept',
    tooltip: 'Accept the selected open variances as they are; rows no longer open are left as they are.',
  },
} as const;

export type RibbonStringKey = keyof typeof RibbonStrings;
