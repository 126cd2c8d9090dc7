/**
 * The application registrations the emulator knows: each is a confidential client (client id +
 * secret) and, as in Dataverse, an application user (a systemuser row) so that WhoAmI answers its
 * UserId. Each is a member of field security profiles by name, as an admin adds an application user
 * to a profile; the profiles themselves come with an imported solution, so a client named in a profile
 * no solution has brought yet can read no secured column.
 */
import type { Catalog } from './metadata/types';
import { stableGuid } from './store/ids';
import { isGuid } from './store/codec';

export interface EmulatorClientOptions {
  clientId: string;
  clientSecret: string;
  displayName?: string;
  /** Field security profiles the application user is a member of, by name (or id). */
  fieldSecurityProfiles?: string[];
  /** PEM certificates registered on the app: it may also authenticate with a client assertion signed by one. */
  certificates?: string[];
}

export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** systemuserid of the application user. */
  userId: string;
  /** Entra object id of the service principal (the token's `oid`). */
  objectId: string;
  /** `applicationid` of the systemuser: the client id when it is a GUID, else a stable GUID. */
  applicationId: string;
  fieldSecurityProfiles: readonly string[];
  certificates: readonly string[];
}

/** Documented default credentials (README of the emulator; never use them outside the emulator). */
export const DEFAULT_SERVICE_CLIENT: EmulatorClientOptions = {
  clientId: 'w365-sync-service',
  clientSecret: 'emulator-secret-change-me',
  displayName: '# Work 365 Sync Service',
  // The profile the Work 365 solution ships for the service's application user (README, deployment step 2).
  fieldSecurityProfiles: ['Work 365 Sync Service Secrets'],
};

/** For the browser / app shell: in no field security profile, so secured columns read as null. */
export const DEFAULT_APP_SHELL_CLIENT: EmulatorClientOptions = {
  clientId: 'w365-app-shell',
  clientSecret: 'emulator-app-shell-secret',
  displayName: '# Work 365 App Shell',
  fieldSecurityProfiles: [],
};

export function resolveClients(options: readonly EmulatorClientOptions[]): EmulatorClient[] {
  const seen = new Set<string>();
  return options.map((o) => {
    if (!o.clientId || !o.clientSecret)
      throw new Error('EMULATOR_CLIENT_INVALID: every client needs a clientId and a clientSecret');
    if (seen.has(o.clientId)) throw new Error(`EMULATOR_CLIENT_INVALID: client id '${o.clientId}' is listed twice`);
    seen.add(o.clientId);
    if ((o.fieldSecurityProfiles ?? []).some((p) => typeof p !== 'string' || p.trim() === ''))
      throw new Error('EMULATOR_CLIENT_INVALID: a field security profile name is empty');
    return {
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      displayName: o.displayName ?? `# ${o.clientId}`,
      userId: stableGuid(`systemuser:${o.clientId}`),
      objectId: stableGuid(`serviceprincipal:${o.clientId}`),
      applicationId: isGuid(o.clientId) ? o.clientId.toLowerCase() : stableGuid(`application:${o.clientId}`),
      fieldSecurityProfiles: o.fieldSecurityProfiles ?? [],
      certificates: o.certificates ?? [],
    };
  });
}

/** What a client may do with one secured column, from the catalog's profiles it is a member of. */
export function fieldPermission(
  client: EmulatorClient,
  catalog: Pick<Catalog, 'fieldSecurityProfiles'>,
  table: string,
  column: string,
): { canRead: boolean; canCreate: boolean; canUpdate: boolean } {
  const out = { canRead: false, canCreate: false, canUpdate: false };
  const member = new Set(client.fieldSecurityProfiles.map((p) => p.toLowerCase().replace(/[{}]/g, '')));
  for (const p of catalog.fieldSecurityProfiles) {
    if (!member.has(p.name.toLowerCase()) && !member.has(p.id)) continue;
    for (const perm of p.permissions) {
      if (perm.table !== table || perm.column !== column) continue;
      out.canRead ||= perm.canRead;
      out.canCreate ||= perm.canCreate;
      out.canUpdate ||= perm.canUpdate;
    }
  }
  return out;
}
