/**
 * StreamOne Ion v3 wire shapes as the connector reads them. Field names are [C] from TD SYNNEX's
 * OpenAPI document (../shared/reference/tdsynnex-ion-v3/openapi.yaml) and the real anonymised response
 * beside it; how values look where the two differ is noted. Types are "as received": every field is
 * unknown until a parser has checked it.
 */

/**
 * `GET /api/v3/accounts/{accountId}/customers?pageSize=&pageToken=` (schema ListCustomers) [C]:
 *   { "customers": [ { "name": "accounts/17017/customers/306870", "customerOrganization": "Contoso AB",
 *       "customerEmail", "customerName", "customerStatus": "ACTIVE" | "INACTIVE", ... } ],
 *     "nextPageToken": "..." }
 * There is no id field: the customer id is the last segment of `name` [C].
 */
export interface CustomerWire {
  name?: unknown;
  customerOrganization?: unknown;
  customerEmail?: unknown;
  customerStatus?: unknown;
}

/**
 * `GET .../customers/{customerId}/cloudProfiles?providerId=30` (schema CustomerCloudProfiles) [C]:
 *   { "customerId": "306870", "customerOrganization": "...", "customerCloudProfiles": [ {
 *       "providerId": "30", "displayName": "Microsoft", "enabled": true,
 *       "customerTenantId": "<AAD tenant GUID>", "customerDomain": "contoso.onmicrosoft.com", ... } ] }
 * The Microsoft tenant id is only here, never on the customer [C].
 */
export interface CloudProfileWire {
  providerId?: unknown;
  customerTenantId?: unknown;
  customerDomain?: unknown;
  enabled?: unknown;
}

/**
 * `GET /api/v3/accounts/{accountId}/subscriptions?providerId=&customerId=&pagination.limit=&pagination.offset=`
 * (schema ListSubscriptions) [C]: { "items": [ ... ], "paginationResponse": { "totalSize": 7 } }.
 * Quirks [C sample]: quantities are strings ("subscriptionTotalLicenses": "3"), statuses lower case
 * ("active", the spec's enum is upper case), optional fields are omitted (never null), and
 * `mfgPartNumber` ("CFQ7TTC0LH18:000D:P1M:M", {product}:{sku}:{term}:{billing}) and `total` appear in
 * real answers although the spec does not list them. `subscriptionOfferId` comes as
 * "CFQ7TTC0LFLZ:0002:CFQ7TTC0RN98" or "NL,CFQ7TTC0LH18,0001".
 */
export interface SubscriptionWire {
  id?: unknown;
  customerId?: unknown;
  cloudProviderId?: unknown;
  subscriptionId?: unknown;
  subscriptionName?: unknown;
  ccpProductId?: unknown;
  ccpSkuId?: unknown;
  ccpPlanId?: unknown;
  subscriptionProductId?: unknown;
  subscriptionSkuId?: unknown;
  subscriptionOfferId?: unknown;
  subscriptionTotalLicenses?: unknown;
  subscriptionStatus?: unknown;
  subscriptionStartDate?: unknown;
  subscriptionEndDate?: unknown;
  cancellationAllowedUntilDate?: unknown;
  subscriptionBillingCycle?: unknown;
  subscriptionBillingTerm?: unknown;
  autoRenew?: unknown;
  ccpProductInfo?: unknown;
  price?: unknown;
  cost?: unknown;
  currency?: unknown;
  billingCurrency?: unknown;
  renewalDate?: unknown;
  mfgPartNumber?: unknown;
}
