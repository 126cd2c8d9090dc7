/**
 * How the sandbox puts its records on the wire, and how it breaks some of them on purpose.
 * Envelope `{"Result":"Success"|"Failed","BodyText":...}` and the subscription shape (an array of
 * single-key objects keyed by subscription id) are [C-3p]; the customer shape, `endCustomerId` on a
 * subscription line, the additionalData fields and the failure body are our design [I]
 * (see plugins/providers/techdata/wire.ts for the same description from the reader's side).
 * Optional fields are omitted, never null.
 */
import type { SandboxCustomer, SandboxSubscription } from './dataset';

export type CustomerMalformation = 'missingId' | 'emptyName' | 'nullName';
export type SubscriptionMalformation =
  'missingSku' | 'negativeQuantity' | 'textQuantity' | 'unknownStatus' | 'missingCustomer';

export const CUSTOMER_MALFORMATIONS: readonly CustomerMalformation[] = ['missingId', 'emptyName', 'nullName'];
export const SUBSCRIPTION_MALFORMATIONS: readonly SubscriptionMalformation[] = [
  'missingSku',
  'negativeQuantity',
  'textQuantity',
  'unknownStatus',
  'missingCustomer',
];

export function success(body: unknown): { Result: 'Success'; BodyText: unknown } {
  return { Result: 'Success', BodyText: body };
}

/** TechData's failure body is undocumented [?]; this one carries a code and a message [I]. */
export function failure(
  errorCode: string,
  errorMessage: string,
): { Result: 'Failed'; BodyText: { errorCode: string; errorMessage: string } } {
  return { Result: 'Failed', BodyText: { errorCode, errorMessage } };
}

export function customerToWire(c: SandboxCustomer, malformation?: CustomerMalformation): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    endCustomerId: c.endCustomerId,
    companyName: c.companyName,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    address: { city: c.city, country: c.country },
    status: c.status,
  };
  const additional: Record<string, unknown> = {};
  if (c.microsoftTenantId) additional.microsoftTenantId = c.microsoftTenantId;
  if (c.microsoftDomain) additional.microsoftDomain = c.microsoftDomain;
  if (Object.keys(additional).length > 0) wire.additionalData = additional;
  if (malformation === 'missingId') delete wire.endCustomerId;
  else if (malformation === 'emptyName') wire.companyName = '';
  else if (malformation === 'nullName') wire.companyName = null;
  return wire;
}

export function subscriptionToWire(
  s: SandboxSubscription,
  customer: SandboxCustomer | undefined,
  malformation?: SubscriptionMalformation,
): Record<string, unknown> {
  const line: Record<string, unknown> = {
    orderNumber: s.orderNumber,
    sku: s.sku,
    productType: s.productType,
    name: s.name,
    quantity: s.quantity,
    unitPrice: s.unitPrice,
    lineStatus: s.lineStatus,
    endCustomerId: s.endCustomerId,
    endCustomerEmail: customer?.email ?? '',
    company: customer?.companyName ?? '',
    endCustomerName: customer ? `${customer.firstName} ${customer.lastName}`.trim() : '',
    additionalData: {
      microsoftSubscriptionId: s.microsoftSubscriptionId,
      microsoftOfferId: s.microsoftOfferId,
      billingFrequency: s.billingFrequency,
      termDuration: s.termDuration,
      startDate: s.startDate,
      endDate: s.endDate,
      autoRenew: s.autoRenew,
      unitCost: s.unitCost,
    },
  };
  if (s.endCustomerPO) line.endCustomerPO = s.endCustomerPO;
  if (malformation === 'missingSku') delete line.sku;
  else if (malformation === 'negativeQuantity') line.quantity = -3;
  else if (malformation === 'textQuantity') line.quantity = 'ten';
  else if (malformation === 'unknownStatus') line.lineStatus = 'frozen';
  else if (malformation === 'missingCustomer') delete line.endCustomerId;
  return { [s.subscriptionId]: line };
}
