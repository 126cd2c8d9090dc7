/**
 * A small, readable world for the reconciliation tests: one provider, three customers (two mapped, one
 * not), a catalogue of two SKUs and a June 2025 invoice (30 days, AUD) that matches the CRM exactly.
 * Each test changes what it is about and nothing else.
 */
import type {
  InvoiceLineFacts,
  LicenseChangeFacts,
  ReconcileInput,
  SubscriptionFacts,
} from '../../../../plugins/sync/reconcile';

export const PROVIDER = '6a0f3a4e-0000-4000-8000-000000000001';
export const E3 = 'CFQ7TTC0LFLX:0001:P1M:M';
export const BASIC = 'CFQ7TTC0LH18:0001:P1M:M';

export function line(overrides: Partial<InvoiceLineFacts> & { lineNumber: number }): InvoiceLineFacts {
  return {
    customerId: 'cust-a',
    providerSubscriptionId: 'sub-a1',
    sku: E3,
    description: 'Microsoft 365 E3',
    quantity: 10,
    unitCost: 30,
    unitPrice: 36,
    amount: 300,
    chargeType: 'recurring',
    periodStart: '2025-06-01',
    periodEnd: '2025-06-30',
    ...overrides,
  };
}

export function sub(overrides: Partial<SubscriptionFacts> & { id: string }): SubscriptionFacts {
  return {
    providerSubscriptionId: overrides.id.replace(/^s-/, 'sub-'),
    providerAccountId: 'pa-a',
    sku: E3,
    quantity: 10,
    status: 'active',
    unitPrice: 36,
    unitCost: 30,
    billingContractId: 'bc-a',
    startDate: '2025-01-10',
    ...overrides,
  };
}

export function created(subscriptionId: string, quantity: number, effectiveDate = '2025-01-10'): LicenseChangeFacts {
  return { subscriptionId, effectiveDate, changeType: 'create', quantityDelta: quantity, quantityAfter: quantity };
}

export function changed(
  subscriptionId: string,
  effectiveDate: string,
  quantityDelta: number,
  quantityAfter: number,
): LicenseChangeFacts {
  return {
    subscriptionId,
    effectiveDate,
    changeType: quantityDelta > 0 ? 'increase' : 'decrease',
    quantityDelta,
    quantityAfter,
  };
}

/** Customer A: one E3 subscription of 10 seats and one Basic of 5; customer B: one E3 of 4. All billed in June. */
export function world(): ReconcileInput {
  return {
    invoice: {
      id: '6a0f3a4e-0000-4000-8000-0000000000f1',
      providerId: PROVIDER,
      number: 'INV-2025-06',
      currencyCode: 'AUD',
      periodStart: '2025-06-01',
      periodEnd: '2025-06-30',
      lines: [
        line({ lineNumber: 1 }),
        line({
          lineNumber: 2,
          providerSubscriptionId: 'sub-a2',
          sku: BASIC,
          quantity: 5,
          unitCost: 8,
          unitPrice: 10,
          amount: 40,
        }),
        line({ lineNumber: 3, customerId: 'cust-b', providerSubscriptionId: 'sub-b1', quantity: 4, amount: 120 }),
      ],
    },
    providerAccounts: [
      { id: 'pa-a', providerSpecificId: 'cust-a', accountId: 'acc-a', name: 'Contoso' },
      { id: 'pa-b', providerSpecificId: 'cust-b', accountId: 'acc-b', name: 'Fabrikam' },
      { id: 'pa-c', providerSpecificId: 'cust-c', name: 'Unmapped Pty' },
    ],
    subscriptions: [
      sub({ id: 's-a1' }),
      sub({ id: 's-a2', sku: BASIC, quantity: 5, unitCost: 8, unitPrice: 10 }),
      sub({ id: 's-b1', providerAccountId: 'pa-b', quantity: 4, billingContractId: 'bc-b' }),
    ],
    licenseChanges: [created('s-a1', 10), created('s-a2', 5), created('s-b1', 4)],
    catalog: [
      { sku: E3, productId: 'prod-e3', unitPrice: 36, unitCost: 30 },
      { sku: BASIC, productId: 'prod-basic', unitPrice: 10, unitCost: 8 },
    ],
    billingContracts: [
      { id: 'bc-a', currencyCode: 'AUD', startDate: '2025-01-01' },
      { id: 'bc-b', currencyCode: 'AUD' },
    ],
    tolerance: { amount: 0.01, percent: 0 },
  };
}
