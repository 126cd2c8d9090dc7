/**
 * How the Ion sandbox puts its records on the wire, and how it breaks some of them on purpose. Every
 * shape here is checked against TD SYNNEX's OpenAPI document by tests/plugins/providers/ion/openapi.test.ts.
 * As in real answers [C sample]: ids and quantities are strings, statuses lower case, optional fields
 * omitted (never null), and `mfgPartNumber` and `total` present although the spec does not list them.
 */
import type { IonSandboxCustomer, IonSandboxSubscription } from './dataset';

export type CustomerMalformation = 'missingName' | 'badName' | 'emptyOrganization';
export type SubscriptionMalformation =
  'missingId' | 'textQuantity' | 'negativeQuantity' | 'unknownStatus' | 'missingCustomer' | 'noPartNumber';

export const CUSTOMER_MALFORMATIONS: readonly CustomerMalformation[] = ['missingName', 'badName', 'emptyOrganization'];
export const SUBSCRIPTION_MALFORMATIONS: readonly SubscriptionMalformation[] = [
  'missingId',
  'textQuantity',
  'negativeQuantity',
  'unknownStatus',
  'missingCustomer',
  'noPartNumber',
];

export interface RpcError {
  error: string;
  message: string;
  code: number;
  details: Array<{ '@type': string; requestId: string }>;
}

/** Ion's Google-RPC error body [C spec]. */
export function rpcError(error: string, message: string, code: number, requestId: string): RpcError {
  return { error, message, code, details: [{ '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId }] };
}

export function customerToWire(
  accountId: string,
  c: IonSandboxCustomer,
  malformation?: CustomerMalformation,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    name: `accounts/${accountId}/customers/${c.customerId}`,
    customerOrganization: c.organization,
    customerAddress: { street: c.street, suite: '', city: c.city, state: c.state, zip: c.zip, country: c.country },
    customerName: c.contactName,
    customerEmail: c.email,
    customerPhone: c.phone,
    createTime: c.createTime,
    updateTime: c.updateTime,
    languageCode: c.languageCode,
    uid: String(Number(c.customerId) + 286_000),
    customerStatus: c.status,
  };
  if (malformation === 'missingName') delete wire.name;
  else if (malformation === 'badName') wire.name = `customers/${c.customerId}`;
  else if (malformation === 'emptyOrganization') wire.customerOrganization = '';
  return wire;
}

/** `GET .../cloudProfiles?providerId=&enabledOnly=`: Microsoft's profile (providerId "30" [I]) when the customer has one. */
export function cloudProfilesToWire(
  c: IonSandboxCustomer,
  providerId: string | undefined,
  enabledOnly: boolean,
): Record<string, unknown> {
  const profiles: Record<string, unknown>[] = [];
  const ms = c.microsoft;
  if (ms && (providerId === undefined || providerId === '30') && (!enabledOnly || ms.enabled)) {
    const profile: Record<string, unknown> = {
      providerId: '30',
      displayName: 'Microsoft',
      shortName: 'MS',
      enabled: ms.enabled,
    };
    if (ms.tenantId) {
      profile.customerTenantId = ms.tenantId;
      profile.allowDelegatedAccess = true;
      profile.gdapStatus = 'ACTIVE';
      profile.gdapLevel = 'FULL';
      profile.gdapRoles = ['Global Reader', 'User Administrator'];
      profile.agreementStatus = 'ACCEPTED';
    }
    if (ms.domain) profile.customerDomain = ms.domain;
    profiles.push(profile);
  }
  return { customerId: c.customerId, customerOrganization: c.organization, customerCloudProfiles: profiles };
}

export function subscriptionToWire(
  s: IonSandboxSubscription,
  customer: IonSandboxCustomer | undefined,
  context: { resellerId: string; partnerName: string; currency: string },
  malformation?: SubscriptionMalformation,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: s.id,
    customerId: s.customerId,
    resellerId: context.resellerId,
    isvId: '15718',
    cloudProviderId: s.cloudProviderId,
    subscriptionId: s.subscriptionId,
    subscriptionName: s.subscriptionName,
    resourceType: s.resourceType,
    ccpProductId: s.ccpProductId,
    ccpSkuId: s.ccpSkuId,
    ccpPlanId: s.ccpPlanId,
    subscriptionProductId: s.subscriptionProductId,
    subscriptionSkuId: s.subscriptionSkuId,
    subscriptionOfferId: s.subscriptionOfferId,
    subscriptionTotalLicenses: String(s.quantity),
    unitType: s.unitType,
    subscriptionStatus: s.status,
    subscriptionPurchasedDate: s.purchasedDate,
    subscriptionStartDate: s.startDate,
    subscriptionEndDate: s.endDate,
    cancellationAllowedUntilDate: s.cancellationAllowedUntilDate,
    subscriptionBillingType: s.billingType,
    subscriptionBillingCycle: s.billingCycle,
    subscriptionRenewStatus: s.renewStatus,
    ccpProductInfo: {
      productId: s.ccpProductId,
      productDisplayName: s.productDisplayName,
      skuId: s.ccpSkuId,
      skuDisplayName: s.skuDisplayName,
      planId: s.ccpPlanId,
      planDisplayName: s.planDisplayName,
    },
    isTrial: s.isTrial,
    autoRenew: s.autoRenew,
    customerName: customer?.organization ?? '',
    partnerName: context.partnerName,
    lastUpdatedDate: s.lastUpdatedDate,
    price: s.price,
    cost: s.cost,
    currency: context.currency,
    margin: Math.round((s.price - s.cost) * 100) / 100,
    // total = price x quantity [I from the sample's arithmetic].
    total: Math.round(s.price * s.quantity * 100) / 100,
    msrp: s.msrp,
    renewalDate: s.endDate,
  };
  if (s.billingTerm) wire.subscriptionBillingTerm = s.billingTerm;
  if (s.resellerPO) wire.resellerPO = s.resellerPO;
  if (s.customerPO) wire.customerPO = s.customerPO;
  if (s.mfgPartNumber) wire.mfgPartNumber = s.mfgPartNumber;
  if (malformation === 'missingId') delete wire.id;
  else if (malformation === 'textQuantity') wire.subscriptionTotalLicenses = 'ten';
  else if (malformation === 'negativeQuantity') wire.subscriptionTotalLicenses = '-2';
  else if (malformation === 'unknownStatus') wire.subscriptionStatus = 'frozen';
  else if (malformation === 'missingCustomer') delete wire.customerId;
  else if (malformation === 'noPartNumber') {
    delete wire.mfgPartNumber;
    delete wire.ccpSkuId;
  }
  return wire;
}
