import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

/**
 * (provider, distributor SKU / stock code, Microsoft offer) -> CRM product. Made once per SKU and
 * reused for every customer: the CSP Portal seed's three parts (Microsoft licence, distributor stock
 * item, CRM product).
 */
export const productMapping = defineTable({
  logicalName: 'w365_productmapping',
  entitySetName: 'w365_productmappings',
  displayName: 'Product Mapping',
  pluralDisplayName: 'Product Mappings',
  description: 'Maps a distributor SKU (and its Microsoft licence) to a CRM product, once for every customer.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_productmapping',
      {
        required: 'required',
      },
    ),
    providerSku: col.string('w365_providersku', 'Distributor SKU', 200, {
      required: 'required',
      schemaName: 'w365_ProviderSku',
    }),
    microsoftOfferId: col.string('w365_microsoftofferid', 'Microsoft Licence', 200, {
      schemaName: 'w365_MicrosoftOfferId',
      description: 'Microsoft product and SKU (e.g. CFQ7TTC0LCHC:0002) where the distributor tells it.',
    }),
    description: col.string('w365_description', 'Distributor Description', 500),
    product: customLookup('w365_productid', 'w365_ProductId', 'Product', 'product', 'w365_product_productmapping'),
    mappingStatus: col.choice('w365_mappingstatus', 'Mapping Status', Choices.productMappingStatus, {
      required: 'required',
      defaultValue: Choices.productMappingStatus.NotMapped,
    }),
    term: col.string('w365_term', 'Term', 20),
    billingCycle: col.choice('w365_billingcycle', 'Billing Cycle', Choices.billingCycle),
    lastUnitPrice: col.decimal('w365_lastunitprice', 'Distributor Unit Price', {
      precision: 4,
      min: 0,
      schemaName: 'w365_LastUnitPrice',
    }),
    lastUnitCost: col.decimal('w365_lastunitcost', 'Distributor Unit Cost', {
      precision: 4,
      min: 0,
      schemaName: 'w365_LastUnitCost',
    }),
    currencyCode: col.string('w365_currencycode', 'Currency Code', 10),
  },
  keys: [
    { logicalName: 'w365_productmapping_sku', displayName: 'Provider and SKU', columns: ['provider', 'providerSku'] },
  ],
});
