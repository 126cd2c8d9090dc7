/**
 * The tables, columns, labels and choices the shell shows, read from the environment's metadata
 * (EntityDefinitions), as the model-driven app reads them: so the shell shows what the imported
 * solution says, not what the schema module says. Read with the shell's own client, once per installed
 * solution set (a new import, seen in the `solutions` table, reads them again).
 */
import https from 'node:https';
import type { TokenProvider } from '../../../plugins/dataverse/auth';
import type { ColumnKind, ColumnMeta, TableMeta } from '../shared/metadata';

/** GET of a Web API path (relative to /api/data/v9.2/), parsed. */
export type WebApiGet = (path: string) => Promise<Record<string, unknown>>;

type Meta = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- metadata JSON

/** GETs with the shell's own token (the `w365-app-shell` client), as the proxy sends the page's calls. */
export function webApiGet(o: { environmentUrl: string; tokenProvider: TokenProvider; ca?: string }): WebApiGet {
  return async (path) => {
    const token = await o.tokenProvider.getToken();
    const url = new URL(`${o.environmentUrl.replace(/\/+$/, '')}/api/data/v9.2/${path}`);
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json', 'OData-Version': '4.0' };
    return new Promise((resolve, reject) => {
      const req = https.get(url, { headers, ca: o.ca, timeout: 60_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200)
            reject(new Error(`APP_SHELL_METADATA_FAILED: GET ${url.pathname} answered ${res.statusCode}`));
          else resolve(JSON.parse(body) as Record<string, unknown>);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`APP_SHELL_METADATA_FAILED: GET ${url.pathname} timed out`)));
      req.on('error', reject);
    });
  };
}

const KINDS: Record<string, ColumnKind> = {
  String: 'string',
  Memo: 'memo',
  Integer: 'integer',
  BigInt: 'bigint',
  Decimal: 'decimal',
  Money: 'money',
  Boolean: 'boolean',
  DateTime: 'datetime',
  Picklist: 'choice',
  State: 'state',
  Status: 'status',
  Lookup: 'lookup',
  Uniqueidentifier: 'uniqueidentifier',
};

const text = (label: Meta | undefined): string => String(label?.UserLocalizedLabel?.Label ?? '');
const values = (r: Record<string, unknown>): Meta[] => (Array.isArray(r.value) ? (r.value as Meta[]) : []);

interface EntitySummary {
  entitySetName: string;
  primaryId: string;
  primaryName: string;
}

interface Lookups {
  options: ReadonlyMap<string, Meta>;
  flags: ReadonlyMap<string, Meta>;
  lookups: ReadonlyMap<string, Meta>;
  /** Each column's type-specific metadata (MaxLength, FormatName, MinValue, MaxValue, Precision). */
  typed: ReadonlyMap<string, Meta>;
  all: ReadonlyMap<string, EntitySummary>;
}

/**
 * The typed properties live on the AttributeMetadata subtypes, which a `$select` on Attributes cannot
 * name (Dataverse refuses a property of a derived type there), so each is read through its cast, as
 * the Web API's "Query table definitions" page shows.
 */
const TYPED_CASTS: ReadonlyArray<[string, string]> = [
  ['StringAttributeMetadata', 'LogicalName,MaxLength,FormatName'],
  ['MemoAttributeMetadata', 'LogicalName,MaxLength,FormatName'],
  ['IntegerAttributeMetadata', 'LogicalName,MinValue,MaxValue'],
  ['DecimalAttributeMetadata', 'LogicalName,MinValue,MaxValue,Precision'],
  ['MoneyAttributeMetadata', 'LogicalName,MinValue,MaxValue,Precision'],
];

/** Dataverse's string formats the form checks (FormatName.Value); others are plain text to the form. */
const FORMATS: Readonly<Record<string, ColumnMeta['format']>> = { Email: 'email', Url: 'url', Phone: 'phone' };

/** What a form checks before saving, in the column's own terms (required, length, range, format). */
function validationMeta(a: Meta, typed: Meta | undefined, kind: ColumnKind): Partial<ColumnMeta> {
  const level = a.RequiredLevel?.Value as string | undefined;
  const required = level === 'ApplicationRequired' || level === 'SystemRequired' ? { required: true } : {};
  if (!typed) return required;
  const format = FORMATS[String(typed.FormatName?.Value ?? '')];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const defined = (o: Partial<ColumnMeta>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ColumnMeta>;
  if (kind === 'string' || kind === 'memo') return defined({ ...required, maxLength: num(typed.MaxLength), format });
  if (kind === 'integer')
    return defined({ ...required, min: num(typed.MinValue), max: num(typed.MaxValue), precision: 0 });
  if (kind === 'decimal' || kind === 'money')
    return defined({
      ...required,
      min: num(typed.MinValue),
      max: num(typed.MaxValue),
      precision: num(typed.Precision),
    });
  return required;
}

function columnMeta(a: Meta, l: Lookups): ColumnMeta {
  const kind: ColumnKind = a.IsPrimaryId ? 'primarykey' : (KINDS[a.AttributeType as string] ?? 'string');
  const base: ColumnMeta = {
    name: a.LogicalName,
    label: text(a.DisplayName),
    kind,
    ...(a.IsSecured ? { secured: true } : {}),
    ...(!a.IsValidForCreate && !a.IsValidForUpdate && kind !== 'primarykey' ? { system: true } : {}),
    ...validationMeta(a, l.typed.get(a.LogicalName), kind),
  };
  if (kind === 'choice') {
    const options = (l.options.get(a.LogicalName)?.Options ?? []) as Meta[];
    return { ...base, options: options.map((o) => ({ value: o.Value, label: text(o.Label) })) };
  }
  if (kind === 'boolean') {
    const set = l.flags.get(a.LogicalName);
    return { ...base, trueLabel: text(set?.TrueOption?.Label), falseLabel: text(set?.FalseOption?.Label) };
  }
  const rel = kind === 'lookup' ? l.lookups.get(a.LogicalName) : undefined;
  const target = rel ? l.all.get(rel.ReferencedEntity as string) : undefined;
  if (!rel || !target) return base;
  return {
    ...base,
    lookup: {
      table: rel.ReferencedEntity,
      entitySetName: target.entitySetName,
      navigation: rel.ReferencingEntityNavigationPropertyName,
      primaryId: target.primaryId,
      primaryName: target.primaryName,
    },
  };
}

async function readTable(get: WebApiGet, name: string, all: ReadonlyMap<string, EntitySummary>): Promise<TableMeta> {
  const key = `EntityDefinitions(LogicalName='${name}')`;
  const [entity, picklists, booleans, ...typedSets] = (await Promise.all([
    get(
      `${key}?$select=LogicalName,EntitySetName,DisplayName,DisplayCollectionName,PrimaryIdAttribute,PrimaryNameAttribute` +
        '&$expand=Attributes($select=LogicalName,AttributeType,DisplayName,IsPrimaryId,IsSecured,IsValidForCreate,IsValidForUpdate,IsValidForRead,RequiredLevel),' +
        'ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName)',
    ),
    get(`${key}/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet`),
    get(`${key}/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet`),
    ...TYPED_CASTS.map(([cast, select]) => get(`${key}/Attributes/Microsoft.Dynamics.CRM.${cast}?$select=${select}`)),
  ])) as Meta[];
  const typed = new Map(typedSets.flatMap((set) => values(set).map((a) => [a.LogicalName as string, a] as const)));
  const options = new Map(values(picklists).map((a) => [a.LogicalName as string, a.OptionSet as Meta]));
  const flags = new Map(values(booleans).map((a) => [a.LogicalName as string, a.OptionSet as Meta]));
  const lookups = new Map((entity.ManyToOneRelationships as Meta[]).map((r) => [r.ReferencingAttribute as string, r]));
  const columns = (entity.Attributes as Meta[])
    // Write-only columns are never returned by the Web API; the shell does not pretend to show them.
    .filter((a) => a.IsValidForRead !== false)
    .map((a) => columnMeta(a, { options, flags, lookups, typed, all }));
  return {
    logicalName: entity.LogicalName,
    entitySetName: entity.EntitySetName,
    displayName: text(entity.DisplayName),
    pluralDisplayName: text(entity.DisplayCollectionName),
    primaryId: entity.PrimaryIdAttribute,
    primaryName: entity.PrimaryNameAttribute,
    columns,
  };
}

export async function readTables(get: WebApiGet, names: readonly string[]): Promise<Record<string, TableMeta>> {
  const summaries = values(
    await get('EntityDefinitions?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute'),
  );
  const all = new Map(
    summaries.map((e) => [
      e.LogicalName as string,
      { entitySetName: e.EntitySetName, primaryId: e.PrimaryIdAttribute, primaryName: e.PrimaryNameAttribute },
    ]),
  );
  const tables = await Promise.all(names.filter((n) => all.has(n)).map((n) => readTable(get, n, all)));
  return Object.fromEntries(tables.map((t) => [t.logicalName, t]));
}

/** Reads the tables again only when the installed solutions change. */
export function cachedTables(get: WebApiGet, names: () => readonly string[]): () => Promise<Record<string, TableMeta>> {
  let key = '';
  let cached: Promise<Record<string, TableMeta>> | undefined;
  return async () => {
    const installed = values(await get('solutions?$select=uniquename,version'));
    const now = installed
      .map((s) => `${s.uniquename}@${s.version}`)
      .sort()
      .join(',');
    if (!cached || now !== key) {
      key = now;
      cached = readTables(get, names());
      cached.catch(() => {
        cached = undefined;
      });
    }
    return cached;
  };
}
