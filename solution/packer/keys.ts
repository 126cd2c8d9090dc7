/**
 * Alternate keys (`<EntityKeys>` inside `<entity>`), shaped as in Microsoft's UpsertSample. Every
 * upsert of the sync service addresses rows by one of these, so the managed solution locks them.
 */
import type { KeyDef } from '../schema';
import { displayNames } from './labels';
import type { ManagedPolicy } from './managed';
import { el, leaf, type XmlElement } from './xml';

export function entityKeysXml(keys: readonly KeyDef[], version: string, policy: ManagedPolicy): XmlElement | undefined {
  if (keys.length === 0) return undefined;
  return el(
    'EntityKeys',
    {},
    keys.map((k) =>
      el('EntityKey', {}, [
        leaf('Name', k.logicalName),
        leaf('LogicalName', k.logicalName),
        leaf('IntroducedVersion', version),
        leaf('IsCustomizable', policy.keyCustomizable),
        el(
          'EntityKeyAttributes',
          {},
          k.columns.map((c) => leaf('AttributeName', c)),
        ),
        displayNames(k.displayName),
      ]),
    ),
  );
}
