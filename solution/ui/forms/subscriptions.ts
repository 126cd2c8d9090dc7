/** Subscription and Billing Contract main forms (product.md flows 5 to 8). */
import { Tables } from '../../schema';
import type { FormDef } from '../types';
import { field, readOnly, section, subgrid, tab } from './helpers';

const s = Tables.subscription.col;
const bc = Tables.billingContract.col;

export const subscriptionForm: FormDef = {
  key: `${Tables.subscription.logicalName}.main`,
  table: Tables.subscription,
  name: 'Subscription',
  description: 'One licence subscription with its License Change Log.',
  header: [s.subscriptionStatus, s.quantity, s.customer, s.isSynced],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        field(s.name),
        field(s.provider),
        field(s.providerAccount),
        field(s.customer),
        field(s.billingContract),
        field(s.product),
        readOnly(s.channel),
        readOnly(s.isSynced),
      ]),
      section('licence', 'Licence', [
        readOnly(s.providerSubscriptionId),
        readOnly(s.microsoftSubscriptionId),
        readOnly(s.providerPartNumber),
        readOnly(s.productDescription),
        field(s.quantity),
        field(s.subscriptionStatus),
        field(s.billingCycle),
        field(s.term),
        field(s.startDate),
        field(s.endDate),
        field(s.renewalDate),
        field(s.autoRenew),
      ]),
      section('pricing', 'Pricing', [field(s.unitPrice), field(s.unitCost), field(s.currency)]),
      section('sync', 'Sync', [readOnly(s.lastSyncedOn), readOnly(s.removedAtProvider)]),
    ]),
    tab('licensechangelog', 'License Change Log', [
      section(
        'licensechangelog',
        'License Change Log',
        [
          subgrid(
            'licensechangelog',
            'License Change Log',
            Tables.licenseChangeLog,
            Tables.licenseChangeLog.col.subscription,
            {
              recordsPerPage: 25,
            },
          ),
        ],
        1,
      ),
    ]),
  ],
};

export const billingContractForm: FormDef = {
  key: `${Tables.billingContract.logicalName}.main`,
  table: Tables.billingContract,
  name: 'Billing Contract',
  description: 'How a customer is billed, with the subscriptions billed on it.',
  header: [bc.customer, bc.isDefault, bc.billingFrequency],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        field(bc.name),
        field(bc.customer),
        field(bc.isDefault),
        field(bc.billingFrequency),
        field(bc.billingPolicy),
        field(bc.startDate),
        field(bc.endDate),
      ]),
      section(
        'subscriptions',
        'Subscriptions',
        [
          subgrid('subscriptions', 'Subscriptions', Tables.subscription, Tables.subscription.col.billingContract, {
            recordsPerPage: 25,
          }),
        ],
        1,
      ),
    ]),
    tab('syncjobs', 'Sync Jobs', [
      section(
        'syncjobs',
        'Sync Jobs',
        [subgrid('syncjobs', 'Sync Jobs', Tables.syncJob, Tables.syncJob.col.billingContract)],
        1,
      ),
    ]),
  ],
};
