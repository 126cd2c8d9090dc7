/**
 * The Work 365 command bar as data: which web resources exist, which buttons each table shows where,
 * which script function each button calls and which rules enable it. `render.ts` turns this into the
 * RibbonDiffXml the packer embeds; the webresources build reads `RIBBON_WEB_RESOURCES` to know what to
 * bundle under which name and namespace; the app shell reads the rendered XML back, so all three agree
 * by construction rather than by a convention someone has to remember.
 */
import { Tables, type TableDef } from '../schema';
import type { RibbonStringKey } from './strings';

/** One JavaScript web resource: a bundle with one namespaced global (`W365.ProviderRibbon`). */
export interface RibbonWebResource {
  /** Web resource unique name (publisher prefix + virtual path). */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** The global the bundle assigns, e.g. `W365.ProviderRibbon`; FunctionName attributes start with it. */
  readonly namespace: string;
  /** TypeScript entry point, relative to the repository root. */
  readonly entry: string;
  /** File name in the build output (and in the packer's manifest). */
  readonly file: string;
}

export const PROVIDER_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/providerribbon.js',
  displayName: 'Work 365 Provider commands',
  description:
    'Verify Connectivity, Sync Provider Accounts, Sync Subscriptions and Migrate Manual Subscriptions on the Provider form and list.',
  namespace: 'W365.ProviderRibbon',
  entry: 'webresources/src/provider-ribbon.ts',
  file: 'providerribbon.js',
};

export const BILLING_CONTRACT_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/billingcontractribbon.js',
  displayName: 'Work 365 Billing Contract commands',
  description: 'Sync Subscriptions on the Billing Contract form.',
  namespace: 'W365.BillingContractRibbon',
  entry: 'webresources/src/billing-contract-ribbon.ts',
  file: 'billingcontractribbon.js',
};

export const SYNC_JOB_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/syncjobribbon.js',
  displayName: 'Work 365 Sync Job commands',
  description: 'Cancel Job on the Sync Job form and list.',
  namespace: 'W365.SyncJobRibbon',
  entry: 'webresources/src/syncjob-ribbon.ts',
  file: 'syncjobribbon.js',
};

export const INVOICE_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/invoiceribbon.js',
  displayName: 'Work 365 Distributor Invoice commands',
  description: 'Reconcile on the Distributor Invoice form.',
  namespace: 'W365.InvoiceRibbon',
  entry: 'webresources/src/invoice-ribbon.ts',
  file: 'invoiceribbon.js',
};

export const IMPORT_INVOICE_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/importinvoiceribbon.js',
  displayName: 'Work 365 Import Invoice command',
  description: 'Import Invoice on the Provider form: the invoice CSV as a note on the provider, then the import job.',
  namespace: 'W365.ImportInvoiceRibbon',
  entry: 'webresources/src/import-invoice-ribbon.ts',
  file: 'importinvoiceribbon.js',
};

export const VARIANCE_RIBBON_JS: RibbonWebResource = {
  name: 'w365_/js/varianceribbon.js',
  displayName: 'Work 365 Variance commands',
  description: 'Accept on the Variance form and list (the selected rows).',
  namespace: 'W365.VarianceRibbon',
  entry: 'webresources/src/variance-ribbon.ts',
  file: 'varianceribbon.js',
};

export const RIBBON_WEB_RESOURCES: readonly RibbonWebResource[] = [
  PROVIDER_RIBBON_JS,
  BILLING_CONTRACT_RIBBON_JS,
  SYNC_JOB_RIBBON_JS,
  INVOICE_RIBBON_JS,
  IMPORT_INVOICE_RIBBON_JS,
  VARIANCE_RIBBON_JS,
];

/**
 * How long a command follows its job before it hands over to the Sync Jobs list. Passed to every
 * command as an IntParameter, so a customiser can change it in the ribbon without rebuilding scripts.
 */
export const POLL_TIMEOUT_IN_SECONDS = 180;

/** RibbonTypes.xsd CrmParameter values we use. */
export type CrmParameterValue = 'PrimaryControl' | 'SelectedControl' | 'SelectedControlSelectedItemIds';
export type RibbonParameter = { readonly crm: CrmParameterValue } | { readonly int: number };

export type EnableRuleDef =
  | {
      readonly kind: 'custom';
      /** Unique within the table's ribbon; becomes `w365.<table>.<key>.EnableRule`. */
      readonly key: string;
      readonly library: RibbonWebResource;
      /** Function name within the library's namespace. */
      readonly functionName: string;
      readonly parameters: readonly RibbonParameter[];
      /** What the button shows while the rule has not answered (Dataverse's CustomRule `Default`). */
      readonly defaultValue: boolean;
    }
  | {
      readonly kind: 'selectionCount';
      readonly key: string;
      readonly minimum: number;
      /** Absent: any number of rows (a bulk command). */
      readonly maximum?: number;
    };

export interface ButtonDef {
  /** Unique within a location: `VerifyConnectivity`. */
  readonly key: string;
  readonly text: RibbonStringKey;
  readonly library: RibbonWebResource;
  readonly functionName: string;
  readonly parameters: readonly RibbonParameter[];
  readonly enableRules: readonly EnableRuleDef[];
  readonly modernImage?: string;
}

/** `Form`: the record's form; `HomepageGrid`: the table's main list. */
export type RibbonSurface = 'Form' | 'HomepageGrid';

export interface LocationDef {
  readonly surface: RibbonSurface;
  /**
   * The group the Work 365 flyout joins, after the table and tab in the Location id
   * (`Mscrm.Form.<table>.MainTab.Save.Controls._children`). Custom tables' form and homepage ribbons
   * carry these groups [I] (the ids exports show for custom tables; dataverse.md §3.3).
   */
  readonly group: 'MainTab.Save' | 'MainTab.Management';
  readonly sequence: number;
  readonly buttons: readonly ButtonDef[];
}

export interface TableRibbonDef {
  readonly table: TableDef;
  readonly locations: readonly LocationDef[];
}

const timeout: RibbonParameter = { int: POLL_TIMEOUT_IN_SECONDS };
const primaryControl: RibbonParameter = { crm: 'PrimaryControl' };
const selectedIds: RibbonParameter = { crm: 'SelectedControlSelectedItemIds' };

function customRule(
  library: RibbonWebResource,
  key: string,
  functionName: string,
  parameters: RibbonParameter[],
  defaultValue = false,
): EnableRuleDef {
  return { kind: 'custom', key, library, functionName, parameters, defaultValue };
}

// Provider: the form's buttons need a saved record, the grid's one selected row. A Manual or Do Nothing
// provider's buttons stay enabled on purpose: a disabled button cannot say why, so the script answers
// the click with the reason ("works only for automatic providers ...").
const providerSaved = customRule(PROVIDER_RIBBON_JS, 'ProviderIsSaved', 'isRecordSaved', [primaryControl]);
const singleSelection: EnableRuleDef = { kind: 'selectionCount', key: 'SingleSelection', minimum: 1, maximum: 1 };

function providerButton(key: string, text: RibbonStringKey, functionName: string, surface: RibbonSurface): ButtonDef {
  const onGrid = surface === 'HomepageGrid';
  return {
    key,
    text,
    library: PROVIDER_RIBBON_JS,
    functionName,
    // The grid passes the selection as a third argument; the form has none, so the script tells the two apart by it.
    parameters: onGrid ? [primaryControl, timeout, selectedIds] : [primaryControl, timeout],
    enableRules: onGrid ? [singleSelection] : [providerSaved],
    modernImage: 'Refresh',
  };
}

export const PROVIDER_RIBBON: TableRibbonDef = {
  table: Tables.provider,
  locations: [
    {
      surface: 'Form',
      group: 'MainTab.Save',
      sequence: 75,
      buttons: [
        providerButton('VerifyConnectivity', 'verifyConnectivity', 'verifyConnectivity', 'Form'),
        providerButton('SyncProviderAccounts', 'syncProviderAccounts', 'syncProviderAccounts', 'Form'),
        providerButton('SyncSubscriptions', 'syncProviderSubscriptions', 'syncSubscriptions', 'Form'),
        providerButton(
          'MigrateManualSubscriptions',
          'migrateManualSubscriptions',
          'migrateManualSubscriptions',
          'Form',
        ),
        // Its own library (importinvoiceribbon.js), so that the provider library stays under its size aim.
        {
          ...providerButton('ImportInvoice', 'importInvoice', 'importInvoice', 'Form'),
          library: IMPORT_INVOICE_RIBBON_JS,
          modernImage: 'Import',
        },
      ],
    },
    {
      surface: 'HomepageGrid',
      group: 'MainTab.Management',
      sequence: 75,
      buttons: [
        providerButton('VerifyConnectivity', 'verifyConnectivity', 'verifyConnectivity', 'HomepageGrid'),
        providerButton('SyncProviderAccounts', 'syncProviderAccounts', 'syncProviderAccounts', 'HomepageGrid'),
        providerButton('SyncSubscriptions', 'syncProviderSubscriptions', 'syncSubscriptions', 'HomepageGrid'),
      ],
    },
  ],
};

export const BILLING_CONTRACT_RIBBON: TableRibbonDef = {
  table: Tables.billingContract,
  locations: [
    {
      surface: 'Form',
      group: 'MainTab.Save',
      sequence: 75,
      buttons: [
        {
          key: 'SyncSubscriptions',
          text: 'syncSubscriptions',
          library: BILLING_CONTRACT_RIBBON_JS,
          functionName: 'syncSubscriptions',
          parameters: [primaryControl, timeout],
          enableRules: [customRule(BILLING_CONTRACT_RIBBON_JS, 'ContractIsSaved', 'isRecordSaved', [primaryControl])],
          modernImage: 'Refresh',
        },
      ],
    },
  ],
};

/** Sync Job: Cancel Job, enabled while the job runs (the grid asks Dataverse about the selected row). */
export const SYNC_JOB_RIBBON: TableRibbonDef = {
  table: Tables.syncJob,
  locations: [
    {
      surface: 'Form',
      group: 'MainTab.Save',
      sequence: 75,
      buttons: [
        {
          key: 'CancelJob',
          text: 'cancelJob',
          library: SYNC_JOB_RIBBON_JS,
          functionName: 'cancelJob',
          parameters: [primaryControl, timeout],
          enableRules: [customRule(SYNC_JOB_RIBBON_JS, 'JobIsRunning', 'isJobRunning', [primaryControl])],
          modernImage: 'Cancel',
        },
      ],
    },
    {
      surface: 'HomepageGrid',
      group: 'MainTab.Management',
      sequence: 75,
      buttons: [
        {
          key: 'CancelJob',
          text: 'cancelJob',
          library: SYNC_JOB_RIBBON_JS,
          functionName: 'cancelJob',
          parameters: [primaryControl, timeout, selectedIds],
          enableRules: [
            singleSelection,
            customRule(SYNC_JOB_RIBBON_JS, 'SelectedJobIsRunning', 'isSelectedJobRunning', [selectedIds]),
          ],
          modernImage: 'Cancel',
        },
      ],
    },
  ],
};

/** Distributor Invoice: Reconcile, on a saved invoice. */
export const INVOICE_RIBBON: TableRibbonDef = {
  table: Tables.distributorInvoice,
  locations: [
    {
      surface: 'Form',
      group: 'MainTab.Save',
      sequence: 75,
      buttons: [
        {
          key: 'Reconcile',
          text: 'reconcile',
          library: INVOICE_RIBBON_JS,
          functionName: 'reconcile',
          parameters: [primaryControl, timeout],
          enableRules: [customRule(INVOICE_RIBBON_JS, 'InvoiceIsSaved', 'isRecordSaved', [primaryControl])],
          modernImage: 'Refresh',
        },
      ],
    },
  ],
};

/**
 * Variance: Accept, on the form's record or on every selected row of the list (no maximum: a bulk
 * command). ModernImage `CheckMark` is a Fluent icon name the modern command bar maps [I].
 */
export const VARIANCE_RIBBON: TableRibbonDef = {
  table: Tables.variance,
  locations: [
    {
      surface: 'Form',
      group: 'MainTab.Save',
      sequence: 75,
      buttons: [
        {
          key: 'Accept',
          text: 'acceptVariance',
          library: VARIANCE_RIBBON_JS,
          functionName: 'accept',
          parameters: [primaryControl],
          enableRules: [customRule(VARIANCE_RIBBON_JS, 'VarianceIsSaved', 'isRecordSaved', [primaryControl])],
          modernImage: 'CheckMark',
        },
      ],
    },
    {
      surface: 'HomepageGrid',
      group: 'MainTab.Management',
      sequence: 75,
      buttons: [
        {
          key: 'Accept',
          text: 'acceptVariances',
          library: VARIANCE_RIBBON_JS,
          functionName: 'accept',
          parameters: [primaryControl, selectedIds],
          enableRules: [{ kind: 'selectionCount', key: 'AnySelection', minimum: 1 }],
          modernImage: 'CheckMark',
        },
      ],
    },
  ],
};

export const TABLE_RIBBONS: readonly TableRibbonDef[] = [
  PROVIDER_RIBBON,
  BILLING_CONTRACT_RIBBON,
  SYNC_JOB_RIBBON,
  INVOICE_RIBBON,
  VARIANCE_RIBBON,
];
