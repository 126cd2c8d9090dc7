/**
 * TechData wire shapes as the connector reads them (BodyText of each page). Field names follow
 * distributor-apis.md §2 where it knows them [C-3p]; everything else is our design and marked [I].
 * Types are "as received": every field is unknown until a parser has checked it.
 */

/**
 * `GET endCustomer/details/{page}` BodyText [I]: the legacy customer detail shape is undocumented [?].
 * Designed from what is known (the subscription lines carry endCustomerEmail/company/endCustomerName,
 * and the customer endpoints are keyed by endCustomerId):
 *   { "totalPages": 50, "endCustomers": [ {
 *       "endCustomerId": "1034521", "companyName": "Contoso Ltd", "email": "it@contoso.co.uk",
 *       "firstName": "Jane", "lastName": "Doe", "phone": "+44 20 7946 0000",
 *       "address": { "line1", "city", "state", "postalCode", "country" },
 *       "status": "Active",
 *       "additionalData": { "microsoftTenantId": "<GUID>", "microsoftDomain": "contoso.onmicrosoft.com" } } ] }
 * Tenant id and domain are only there when TechData knows them (the customer was linked in Partner Center).
 */
export interface CustomerWire {
  endCustomerId?: unknown;
  companyName?: unknown;
  email?: unknown;
  status?: unknown;
  additionalData?: { microsoftTenantId?: unknown; microsoftDomain?: unknown } | unknown;
}

export interface CustomerPageWire {
  totalPages?: unknown;
  endCustomers?: unknown;
}

/**
 * `GET order/subscriptions/{page}` and `.../endCustomerIds/{id}/{page}` BodyText [C-3p]:
 *   { "totalPages": 4, "subscriptions": [ { "<subscriptionId>": { "orderNumber", "sku", "productType",
 *       "name", "quantity", "unitPrice", "lineStatus", "endCustomerEmail", "company", "endCustomerName",
 *       "endCustomerPO", "additionalData": {...} } } ] }
 * Each element is a single-key object keyed by the subscription id [C-3p]. Added by us [I]:
 * `endCustomerId` on the line (the customer it belongs to), and inside additionalData:
 * microsoftSubscriptionId, microsoftOfferId ("CFQ7TTC0LF8Q:0001"), billingFrequency ("Monthly" |
 * "Annual" | "Triennial" | "OneTime"), termDuration ("P1M" | "P1Y" | "P3Y"), startDate, endDate,
 * renewalDate (ISO dates), autoRenew (boolean), unitCost.
 */
export interface SubscriptionLineWire {
  orderNumber?: unknown;
  sku?: unknown;
  name?: unknown;
  quantity?: unknown;
  unitPrice?: unknown;
  lineStatus?: unknown;
  endCustomerId?: unknown;
  additionalData?: unknown;
}

export interface SubscriptionPageWire {
  totalPages?: unknown;
  subscriptions?: unknown;
}
