/**
 * The application registrations the emulator knows: each is a confidential client (client id +
 * secret) and, as in Dataverse, an application user (a systemuser row) so that WhoAmI answers its
 * UserId. Field security profiles (keys from solution/schema security.ts) decide which secured
 * columns a client may read or write.
 */
import { FIELD_SECURITY_PROFILES, syncServiceSecretsProfile } from '../../solution/schema';
import { stableGuid } from './store/ids';
import { isGuid } from './store/codec';

export interface EmulatorClientOptions {
  clientId: string;
  clientSecret: string;
  displayName?: string;
  /** Profile keys from solution/schema security.ts, e.g. 'fsp.syncservice'. */
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
  fieldSecurityProfiles: [syncServiceSecretsProfile.key],
};

/** For the browser / app shell: in no field security profile, so secured columns read as null. */
export const DEFAULT_APP_SHELL_CLIENT: EmulatorClientOptions = {
  clientId: 'w365-app-shell',
  clientSecret: 'emulator-app-shell-secret',
  displayName: '# Work 365 App Shell',
  fieldSecurityProfiles: [],
};

export function resolveClients(options: readonly EmulatorClientOptions[]): EmulatorClient[] {
  const known = new Set(FIELD_SECURITY_PROFILES.map((p) => p.key));
  const seen = new Set<string>();
  return options.map((o) => {
    if (!o.clientId || !o.clientSecret)
      throw new Error('EMULATOR_CLIENT_INVALID: every client needs a clientId and a clientSecret');
    if (seen.has(o.clientId)) throw new Error(`EMULATOR_CLIENT_INVALID: client id '${o.clientId}' is listed twice`);
    seen.add(o.clientId);
    for (const p of o.fieldSecurityProfiles ?? []) {
      if (!known.has(p))
        throw new Error(
          `EMULATOR_CLIENT_INVALID: unknown field security profile '${p}' (known: ${[...known].join(', ')})`,
        );
    }
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

/** What a client may do with one secured column, from its profiles (a column not secured: everything). */
export function fieldPermission(
  client: EmulatorClient,
  table: string,
  column: string,
): { canRead: boolean; canCreate: boolean; canUpdate: boolean } {
  const out = { canRead: false, canCreate: false, canUpdate: false };
  for (const p of FIELD_SECURITY_PROFILES) {
    if (!client.fieldSecurityProfiles.includes(p.key)) continue;
    for (const perm of p.permissions) {
      if (perm.table !== table || perm.column !== column) continue;
      out.canRead ||= perm.canRead;
      out.canCreate ||= perm.canCreate;
      out.canUpdate ||= perm.canUpdate;
    }
  }
  return out;
}
