/**
 * Deterministic identifiers. Every GUID in the solution (forms, views, roles, profiles, form cells...)
 * is a name-based UUID (RFC 4122 version 5: SHA-1 of a namespace and a name), so the same sources give
 * the same ids on every build, and an id never changes between releases: Dataverse matches solution
 * components by id on upgrade, so a random id would create a duplicate form or role on every import.
 * Node's crypto has SHA-1 but no UUID v5 helper, hence these few lines.
 */
import { createHash } from 'node:crypto';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';

/** Namespace of every Work 365 Provider Sync id. Never change it: every component id derives from it. */
const NAMESPACE = '5d0f5a6e-8f43-4c1e-9a39-3650000000a1';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 section 4.3 name-based UUID, version 5 (SHA-1), lower case without braces. */
export function uuidV5(name: string, namespace: string = NAMESPACE): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `{xxxxxxxx-...}`: the braced form Dataverse writes for form, view, role and cell ids. */
export function guid(name: string): string {
  return `{${uuidV5(name)}}`;
}

/**
 * Object type codes for our custom tables. Dataverse assigns a custom table its code (10000 and up) when
 * it is first created; a solution file carries the code of the environment it came from and the
 * import maps it to the target's own [I] (the Microsoft UpsertSample managed solution ships
 * `<ObjectTypeCode>10026</ObjectTypeCode>` and numeric `returnedtypecode`s the same way). The 9.0 XSD
 * requires these numbers in views (`returnedtypecode`, grid `object`), so we derive a stable one from
 * the table name. Codes must differ between our tables; `objectTypeCodes` checks that.
 */
export function objectTypeCode(logicalName: string): number {
  const hash = createHash('sha1').update(logicalName, 'utf8').digest();
  return 10000 + (hash.readUInt32BE(0) % 90000);
}

export function objectTypeCodes(logicalNames: readonly string[]): Map<string, number> {
  const byCode = new Map<number, string>();
  const out = new Map<string, number>();
  for (const name of logicalNames) {
    const code = objectTypeCode(name);
    const other = byCode.get(code);
    if (other !== undefined && other !== name) {
      throw new W365Error(
        SolutionErrorCodes.IdCollision,
        `Tables '${other}' and '${name}' hash to the same object type code ${code}; rename one of them.`,
      );
    }
    byCode.set(code, name);
    out.set(name, code);
  }
  return out;
}

/** Ids of the solution's components, one namespace of names per kind so that keys never collide. */
export const componentIds = {
  form: (key: string) => guid(`form:${key}`),
  view: (key: string) => guid(`view:${key}`),
  role: (key: string) => guid(`role:${key}`),
  fieldSecurityProfile: (key: string) => guid(`fsp:${key}`),
  webResource: (name: string) => guid(`webresource:${name}`),
  /** Tabs, sections, cells and controls inside a form. */
  formPart: (formKey: string, part: string) => guid(`form:${formKey}:${part}`),
};
