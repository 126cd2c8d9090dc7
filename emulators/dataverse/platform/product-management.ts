/**
 * Microsoft's Product Management solution (`msdynce_ProductManagement`): Product, Unit and Unit Group
 * are "Added by: Product Management Solution" [C] (Dynamics 365 Sales table reference), so an
 * environment without Dynamics 365 Sales or Customer Service lacks them. The emulator installs it as a
 * base solution by default; leaving it out (`productManagement: false`) reproduces such an environment.
 */
import { col, platformTable, to } from './define';

export const PRODUCT_MANAGEMENT_SOLUTION = 'msdynce_ProductManagement';

export const uomSchedule = platformTable({
  solution: PRODUCT_MANAGEMENT_SOLUTION,
  logicalName: 'uomschedule',
  schemaName: 'UoMSchedule',
  entitySetName: 'uomschedules',
  displayName: 'Unit Group',
  pluralDisplayName: 'Unit Groups',
  description: 'Grouping of units.',
  primaryName: 'name',
  columns: {
    name: col.string('name', 'Name', 200, { required: 'systemrequired' }),
    baseUomName: col.string('baseuomname', 'Primary Unit', 100, { required: 'systemrequired' }),
  },
});

export const uom = platformTable({
  solution: PRODUCT_MANAGEMENT_SOLUTION,
  logicalName: 'uom',
  schemaName: 'UoM',
  entitySetName: 'uoms',
  displayName: 'Unit',
  pluralDisplayName: 'Units',
  description: 'Unit of measure.',
  primaryName: 'name',
  states: [],
  columns: {
    name: col.string('name', 'Name', 100, { required: 'systemrequired' }),
    schedule: col.lookup(
      'uomscheduleid',
      'Unit Schedule',
      [to('uomschedule', 'uomscheduleid', 'unit_of_measure_schedule_conversions')],
      {
        required: 'systemrequired',
      },
    ),
    quantity: col.decimal('quantity', 'Quantity', { precision: 5, min: 0 }),
  },
});

export const product = platformTable({
  solution: PRODUCT_MANAGEMENT_SOLUTION,
  logicalName: 'product',
  schemaName: 'Product',
  entitySetName: 'products',
  displayName: 'Product',
  pluralDisplayName: 'Products',
  description: 'Information about products and their pricing information.',
  primaryName: 'name',
  states: [
    { value: 0, label: 'Active', invariantName: 'Active', defaultStatus: 1, statuses: [{ value: 1, label: 'Active' }] },
    {
      value: 1,
      label: 'Retired',
      invariantName: 'Retired',
      defaultStatus: 2,
      statuses: [{ value: 2, label: 'Retired' }],
    },
    { value: 2, label: 'Draft', invariantName: 'Draft', defaultStatus: 0, statuses: [{ value: 0, label: 'Draft' }] },
    {
      value: 3,
      label: 'Under Revision',
      invariantName: 'UnderRevision',
      defaultStatus: 3,
      statuses: [{ value: 3, label: 'Under Revision' }],
    },
  ],
  columns: {
    name: col.string('name', 'Name', 100, { required: 'systemrequired' }),
    productNumber: col.string('productnumber', 'Product ID', 100, { required: 'systemrequired' }),
    description: col.memo('description', 'Description', 2000),
    price: col.money('price', 'List Price', { min: 0 }),
    currentCost: col.money('currentcost', 'Current Cost', { min: 0 }),
    standardCost: col.money('standardcost', 'Standard Cost', { min: 0 }),
    // [I] The Web API requires the unit group, default unit and decimals supported on create; we
    // enforce it so that code written here also sets them.
    quantityDecimal: col.integer('quantitydecimal', 'Decimals Supported', {
      min: 0,
      max: 5,
      required: 'systemrequired',
    }),
    defaultUomSchedule: col.lookup(
      'defaultuomscheduleid',
      'Unit Group',
      [to('uomschedule', 'defaultuomscheduleid', 'unit_of_measurement_schedule_products')],
      { required: 'systemrequired' },
    ),
    defaultUom: col.lookup(
      'defaultuomid',
      'Default Unit',
      [to('uom', 'defaultuomid', 'unit_of_measurement_products')],
      {
        required: 'systemrequired',
      },
    ),
    currency: col.lookup('transactioncurrencyid', 'Currency', [
      to('transactioncurrency', 'transactioncurrencyid', 'transactioncurrency_product'),
    ]),
  },
});

export const PRODUCT_MANAGEMENT_TABLES = [uomSchedule, uom, product] as const;
