/**
 * The model-driven app "Work 365 Provider Sync" and its site map: one area, "Work 365 Providers", with
 * the tables a billing or operations person works in, grouped by task.
 */
import { administratorRole, PUBLISHER, Tables, userRole } from '../schema';
import type { AppDef } from './types';

const name = (suffix: string) => `${PUBLISHER.prefix}_${suffix}`;

export const APP: AppDef = {
  uniqueName: name('ProviderSync'),
  displayName: 'Work 365 Provider Sync',
  description: 'Distributor connections, provider accounts, subscriptions and sync jobs.',
  siteMapUniqueName: name('ProviderSync'),
  areas: [
    {
      id: name('area_providers'),
      title: 'Work 365 Providers',
      groups: [
        {
          id: name('group_setup'),
          title: 'Setup',
          subAreas: [
            { id: name('subarea_providers'), table: Tables.provider, title: 'Providers' },
            { id: name('subarea_productmappings'), table: Tables.productMapping, title: 'Product Mappings' },
          ],
        },
        {
          id: name('group_customers'),
          title: 'Customers',
          subAreas: [
            { id: name('subarea_provideraccounts'), table: Tables.providerAccount, title: 'Provider Accounts' },
            { id: name('subarea_billingcontracts'), table: Tables.billingContract, title: 'Billing Contracts' },
          ],
        },
        {
          id: name('group_subscriptions'),
          title: 'Subscriptions',
          subAreas: [
            { id: name('subarea_subscriptions'), table: Tables.subscription, title: 'Subscriptions' },
            { id: name('subarea_licensechangelogs'), table: Tables.licenseChangeLog, title: 'License Change Logs' },
          ],
        },
        {
          id: name('group_billing'),
          title: 'Billing',
          subAreas: [
            { id: name('subarea_invoices'), table: Tables.distributorInvoice, title: 'Distributor Invoices' },
            { id: name('subarea_variances'), table: Tables.variance, title: 'Variances' },
          ],
        },
        {
          id: name('group_operations'),
          title: 'Operations',
          subAreas: [
            { id: name('subarea_syncjobs'), table: Tables.syncJob, title: 'Sync Jobs' },
            { id: name('subarea_alerts'), table: Tables.alert, title: 'Alerts' },
          ],
        },
      ],
    },
  ],
  // Opened from lookups and subgrids rather than from the site map.
  extraTables: [Tables.providerProperty, Tables.syncJobItem, Tables.invoiceLine, Tables.account, Tables.product],
  // The sync service's application user never opens the app.
  roleKeys: [administratorRole.key, userRole.key],
};
