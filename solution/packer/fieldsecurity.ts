/**
 * Field security profiles (`<FieldSecurityProfiles>`, root component type 70, identified by id).
 * CanRead / CanUpdate / CanCreate are option values, 0 Not Allowed and 4 Allowed [C] (fieldpermission
 * table reference). A secured column is unreadable to everyone outside a profile granting read,
 * whatever their role: that is what keeps the provider secret out of the browser.
 */
import type { FieldSecurityProfileDef, TableDef } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import { componentIds } from './ids';
import { el, leaf, type XmlElement } from './xml';

const ALLOWED = 4;
const NOT_ALLOWED = 0;
const permission = (allowed: boolean) => (allowed ? ALLOWED : NOT_ALLOWED);

export function fieldSecurityProfilesXml(
  profiles: readonly FieldSecurityProfileDef[],
  tables: readonly TableDef[],
): XmlElement {
  return el(
    'FieldSecurityProfiles',
    {},
    profiles.map((profile) =>
      el(
        'FieldSecurityProfile',
        {
          name: profile.name,
          description: profile.description,
          fieldsecurityprofileid: componentIds.fieldSecurityProfile(profile.key),
        },
        [
          el(
            'FieldPermissions',
            {},
            profile.permissions.map((p) => {
              const column = tables
                .find((t) => t.logicalName === p.table)
                ?.columns.find((c) => c.logicalName === p.column);
              if (!column?.secured) {
                throw new W365Error(
                  SolutionErrorCodes.SchemaInvalid,
                  `Field security profile '${profile.name}' names '${p.table}.${p.column}', which is not a secured column.`,
                );
              }
              return el('FieldPermission', {}, [
                leaf('EntityName', p.table),
                leaf('AttributeName', p.column),
                leaf('CanRead', permission(p.canRead)),
                leaf('CanUpdate', permission(p.canUpdate)),
                leaf('CanCreate', permission(p.canCreate)),
              ]);
            }),
          ),
        ],
      ),
    ),
  );
}
