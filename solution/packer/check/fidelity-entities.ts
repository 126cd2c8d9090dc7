/**
 * Review findings (../shared/docs/solution-review-2026-12.md) that read the tables of
 * customizations.xml: things that pass the XSD but that real Dataverse exports never write, or that an
 * import refuses or turns into something else. Each problem names its finding, so a regression says
 * which review item came back.
 */
import { attr, child, childText, children, descendants, type XNode } from '../xml-parse';
import type { ProblemList } from './problems';

const CUSTOMIZATIONS = 'customizations.xml';
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** `<entity>` of every `<Entity>`, with its SchemaName. */
export function entityNodes(doc: XNode): { schemaName: string; entity: XNode; outer: XNode }[] {
  return children(child(doc, 'Entities') ?? doc, 'Entity').flatMap((outer) => {
    const entity = descendants(outer, 'entity')[0];
    return entity ? [{ schemaName: childText(outer, 'Name') ?? '', entity, outer }] : [];
  });
}

const attributesOf = (entity: XNode): XNode[] => children(child(entity, 'attributes') ?? entity, 'attribute');
const typeOf = (a: XNode) => childText(a, 'Type') ?? '';
const logicalOf = (a: XNode) => childText(a, 'LogicalName') ?? '';
const labelOf = (node: XNode | undefined, container: string, item: string): string =>
  node ? (attr(descendants(child(node, container) ?? node, item)[0] ?? node, 'description') ?? '') : '';

/** Finding 1 and 3: the currency lookup exists only beside money, with the money columns' companions. */
export function checkCurrency(doc: XNode, problems: ProblemList): void {
  for (const { schemaName, entity } of entityNodes(doc)) {
    const attributes = attributesOf(entity);
    const byName = new Map(attributes.map((a) => [logicalOf(a), a]));
    const money = attributes.filter((a) => typeOf(a) === 'money' && !child(a, 'CalculationOf'));
    const currency = byName.get('transactioncurrencyid');
    if (currency && money.length === 0) {
      problems.add(
        CUSTOMIZATIONS,
        currency.line,
        `finding 1: ${schemaName} has a currency lookup but no money column; Dataverse creates that lookup only beside money columns, so the import would have to create a custom attribute without the publisher prefix, which it refuses`,
      );
    }
    if (money.length === 0) continue;
    if (!byName.has('exchangerate'))
      problems.add(CUSTOMIZATIONS, money[0].line, `finding 3: ${schemaName} has money columns but no exchangerate`);
    for (const m of money) {
      const name = logicalOf(m);
      if (childText(m, 'AccuracySource') !== '2')
        problems.add(CUSTOMIZATIONS, m.line, `finding 3: money column ${name} has AccuracySource other than 2`);
      const twin = byName.get(`${name}_base`);
      if (!twin || lower(childText(twin, 'CalculationOf')) !== name)
        problems.add(CUSTOMIZATIONS, m.line, `finding 3: money column ${name} has no ${name}_base twin`);
    }
  }
}

/** Finding 3: the currency relationship is the platform's (Restrict, no roles, named after the table). */
export function checkCurrencyRelationships(doc: XNode, problems: ProblemList): void {
  for (const r of children(child(doc, 'EntityRelationships') ?? doc, 'EntityRelationship')) {
    if (lower(childText(r, 'ReferencedEntityName')) !== 'transactioncurrency') continue;
    const referencing = childText(r, 'ReferencingEntityName') ?? '';
    const name = attr(r, 'Name') ?? '';
    const where = `finding 3: currency relationship ${name}`;
    if (name !== `TransactionCurrency_${referencing}`)
      problems.add(
        CUSTOMIZATIONS,
        r.line,
        `${where} is not named TransactionCurrency_${referencing} as the platform's`,
      );
    if (childText(r, 'CascadeDelete') !== 'Restrict')
      problems.add(CUSTOMIZATIONS, r.line, `${where} cascades otherwise than the platform's (Restrict)`);
    if (child(r, 'EntityRelationshipRoles'))
      problems.add(CUSTOMIZATIONS, r.line, `${where} is written as a custom relationship (navigation roles)`);
  }
}

/** Finding 4: nothing numeric names a custom table. */
export function checkObjectTypeCodes(doc: XNode, problems: ProblemList): void {
  for (const { schemaName, outer } of entityNodes(doc)) {
    const otc = child(outer, 'ObjectTypeCode');
    if (otc)
      problems.add(
        CUSTOMIZATIONS,
        otc.line,
        `finding 4: ${schemaName} carries an ObjectTypeCode; Dataverse assigns it`,
      );
    for (const q of descendants(outer, 'returnedtypecode')) {
      if (/^\d+$/.test(q.text.trim()))
        problems.add(CUSTOMIZATIONS, q.line, `finding 4: a view of ${schemaName} names its table by number`);
    }
    for (const grid of descendants(outer, 'grid')) {
      if (attr(grid, 'object') !== undefined)
        problems.add(CUSTOMIZATIONS, grid.line, `finding 4: a view grid of ${schemaName} names its table by number`);
    }
  }
}

/** Finding 6: a secured column's value is a secret, and auditing it copies every secret to the audit log. */
export function checkAuditedSecrets(doc: XNode, problems: ProblemList): void {
  for (const { schemaName, entity } of entityNodes(doc)) {
    for (const a of attributesOf(entity)) {
      if (childText(a, 'IsSecured') === '1' && childText(a, 'IsAuditEnabled') === '1')
        problems.add(CUSTOMIZATIONS, a.line, `finding 6: secured column ${schemaName}.${logicalOf(a)} is audited`);
    }
  }
}

/**
 * The SchemaName the display name's words give (the maker tools' rule), if at least two words match;
 * undefined when the words do not describe the name.
 */
export function wordCased(schemaName: string, displayName: string): string | undefined {
  const m = /^([a-z0-9]+_)(.+)$/i.exec(schemaName);
  if (!m) return undefined;
  const rest = m[2].toLowerCase();
  let pos = 0;
  let out = '';
  let matched = 0;
  for (const word of displayName
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    if (!rest.startsWith(word, pos)) continue;
    out += word.charAt(0).toUpperCase() + word.slice(1);
    pos += word.length;
    matched += 1;
  }
  if (matched < 2 || pos === 0) return undefined;
  const tail = rest.slice(pos);
  return `${m[1]}${out}${tail.charAt(0).toUpperCase()}${tail.slice(1)}`;
}

function checkCasing(name: string, label: string, line: number, problems: ProblemList, prefix: string): void {
  if (!name.toLowerCase().startsWith(prefix)) return;
  const expected = wordCased(name, label);
  if (expected && expected !== name && !name.endsWith('_Base'))
    problems.add(
      CUSTOMIZATIONS,
      line,
      `finding 8: SchemaName ${name} is not cased by its words ("${label}"): ${expected}`,
    );
}

/** Finding 8: names cased by their words, distinct view names, labels that are not logical names. */
export function checkLabels(doc: XNode, prefix: string, problems: ProblemList): void {
  for (const { schemaName, entity, outer } of entityNodes(doc)) {
    const name = child(outer, 'Name');
    checkCasing(schemaName, attr(name ?? outer, 'LocalizedName') ?? '', outer.line, problems, prefix);
    const logical = schemaName.toLowerCase();
    for (const a of attributesOf(entity)) {
      const label = labelOf(a, 'displaynames', 'displayname');
      const physical = attr(a, 'PhysicalName') ?? '';
      checkCasing(physical, label, a.line, problems, prefix);
      if (typeOf(a) === 'primarykey' && label === 'Id')
        problems.add(CUSTOMIZATIONS, a.line, `finding 8: the primary key of ${schemaName} is labelled "Id"`);
      const description = labelOf(a, 'Descriptions', 'Description');
      if (logical.startsWith(prefix) && new RegExp(`\\b${logical}\\b`).test(description))
        problems.add(
          CUSTOMIZATIONS,
          a.line,
          `finding 8: the description of ${physical} names the table by logical name`,
        );
    }
    const seen = new Map<string, number>();
    for (const q of descendants(outer, 'savedquery')) {
      const viewName = labelOf(q, 'LocalizedNames', 'LocalizedName');
      if (seen.has(viewName))
        problems.add(CUSTOMIZATIONS, q.line, `finding 8: two views of ${schemaName} are named "${viewName}"`);
      seen.set(viewName, q.line);
    }
  }
}
