/**
 * Deterministic identifiers. Every GUID in the solution (forms, views, roles, profiles, form cells...)
 * is a name-based UUID (RFC 4122 version 5: SHA-1 of a namespace and a name), so the same sources give
 * the same ids on every build, and an id never changes between releases: Dataverse matches solution
 * components by id on upgrade, so a random id would create a duplicate form or role on every import.
 * Node's crypto has SHA-1 but no UUID v5 helper, hence these few lines.
 */
import { createHash } from 'node:crypto';

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

/*
 * No object type codes: a custom table's code is the environment's to assign (Dataverse gives each new
 * custom table its own, 10000 and up, and refuses clashes), modern exports omit `<ObjectTypeCode>`, views'
 * `returnedtypecode` and grids' `object` for custom tables [C] (Apollo, Tactec, CoE), and the 9.0 XSD
 * declares all three optional [C] (CustomizationsSolution.xsd: `returnedtypecode minOccurs="0"`).
 */

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
