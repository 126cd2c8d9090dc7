import {
  ALL_TABLES,
  Choices,
  RELATIONSHIPS,
  schemaProblems,
  Tables,
  validateSchema,
  SchemaErrorCodes,
} from '../../solution/schema';
import { col, customLookup, defineTable, defineChoice } from '../../solution/schema/define';

describe('schema module', () => {
  it('has no problems as shipped', () => {
    expect(schemaProblems()).toEqual([]);
  });

  it('exposes logical names, lookup value names and navigation properties by short name', () => {
    expect(Tables.provider.col.internalName).toBe('w365_internalname');
    expect(Tables.providerAccount.val.account).toBe('_w365_accountid_value');
    expect(Tables.subscription.nav.billingContract).toBe('w365_BillingContractId');
    expect(Tables.syncJob.col.id).toBe('w365_syncjobid');
    expect(Choices.syncJobStatus.SucceededWithWarnings).toBe(365000003);
    expect(Choices.syncJobStatus.label(Choices.syncJobStatus.NoChange)).toBe('No Change');
  });

  it('keys provider accounts by (provider, provider-specific id) and by (provider, CRM account)', () => {
    expect(Tables.providerAccount.keys.map((k) => k.columns)).toEqual([
      ['w365_providerid', 'w365_providerspecificid'],
      ['w365_providerid', 'w365_accountid'],
    ]);
  });

  it('secures the provider secret and keeps it out of every key', () => {
    const secured = ALL_TABLES.flatMap((t) =>
      t.columns.filter((c) => c.secured).map((c) => `${t.logicalName}.${c.logicalName}`),
    );
    expect(secured).toEqual(['w365_provider.w365_password', 'w365_provider.w365_tokenstate']);
  });

  it('derives one relationship per lookup target with unique names', () => {
    const names = RELATIONSHIPS.map((r) => r.schemaName.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(RELATIONSHIPS.find((r) => r.referencingAttribute === 'w365_subscriptionid')?.referencedTable).toBe(
      'w365_subscription',
    );
  });
});

describe('schema validation names each mistake', () => {
  const choice = defineChoice('w365_colour', 'Colour', { Red: [365000000, 'Red'], Blue: [365000001, 'Blue'] });
  const base = () =>
    defineTable({
      logicalName: 'w365_thing',
      entitySetName: 'w365_things',
      displayName: 'Thing',
      pluralDisplayName: 'Things',
      description: 'test',
      primaryName: 'name',
      columns: {
        name: col.string('w365_name', 'Name', 100),
        colour: col.choice('w365_colour', 'Colour', choice),
        secret: col.string('w365_secret', 'Secret', 100, { secured: true }),
        notes: col.memo('w365_notes', 'Notes', 2000),
        provider: customLookup(
          'w365_providerid',
          'w365_ProviderId',
          'Provider',
          'w365_provider',
          'w365_provider_thing',
        ),
      },
    });
  const check = (tables: Parameters<typeof validateSchema>[0]) =>
    validateSchema([...ALL_TABLES, ...tables], RELATIONSHIPS);

  it('accepts a correct table', () => {
    expect(check([base()])).toEqual([]);
  });

  it('refuses a duplicate logical name', () => {
    const t = base();
    const problems = check([{ ...t, columns: [...t.columns, col.string('w365_name', 'Name again', 100)] }]);
    expect(problems).toEqual([
      expect.objectContaining({
        code: SchemaErrorCodes.DuplicateName,
        message: expect.stringContaining("'w365_name'"),
      }),
    ]);
    expect(check([base(), base()])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: SchemaErrorCodes.DuplicateName,
          message: expect.stringContaining("Table 'w365_thing'"),
        }),
      ]),
    );
  });

  it('refuses a name without the prefix', () => {
    const t = base();
    expect(check([{ ...t, logicalName: 'thing' }])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: SchemaErrorCodes.MissingPrefix, message: expect.stringContaining("'thing'") }),
      ]),
    );
    expect(check([{ ...t, columns: [...t.columns, col.string('colour2', 'C', 10)] }])).toEqual([
      expect.objectContaining({ code: SchemaErrorCodes.MissingPrefix, message: expect.stringContaining("'colour2'") }),
    ]);
  });

  it('refuses a lookup to an unknown table', () => {
    const t = base();
    const bad = customLookup('w365_ghostid', 'w365_GhostId', 'Ghost', 'w365_ghost', 'w365_ghost_thing');
    expect(check([{ ...t, columns: [...t.columns, bad] }])).toEqual([
      expect.objectContaining({
        code: SchemaErrorCodes.UnknownLookupTarget,
        message: expect.stringContaining("unknown table 'w365_ghost'"),
      }),
    ]);
  });

  it('refuses an alternate key on a secured column', () => {
    const t = base();
    expect(
      check([{ ...t, keys: [{ logicalName: 'w365_thing_secret', displayName: 'k', columns: ['w365_secret'] }] }]),
    ).toEqual([
      expect.objectContaining({
        code: SchemaErrorCodes.KeySecuredColumn,
        message: expect.stringContaining("secured column 'w365_secret'"),
      }),
    ]);
  });

  it('refuses an alternate key on a column type Dataverse does not allow in keys', () => {
    const t = base();
    expect(
      check([{ ...t, keys: [{ logicalName: 'w365_thing_notes', displayName: 'k', columns: ['w365_notes'] }] }]),
    ).toEqual([
      expect.objectContaining({
        code: SchemaErrorCodes.KeyColumnType,
        message: expect.stringContaining("'w365_notes' of type memo"),
      }),
    ]);
  });

  it('refuses a choice value used twice', () => {
    const dup = defineChoice('w365_colour', 'Colour', { Red: [365000000, 'Red'], Crimson: [365000000, 'Crimson'] });
    const t = base();
    const cols = t.columns.map((c) => (c.logicalName === 'w365_colour' ? col.choice('w365_colour', 'Colour', dup) : c));
    expect(check([{ ...t, columns: cols }])).toEqual([
      expect.objectContaining({
        code: SchemaErrorCodes.DuplicateChoiceValue,
        message: expect.stringContaining('value 365000000 twice'),
      }),
    ]);
  });
});
