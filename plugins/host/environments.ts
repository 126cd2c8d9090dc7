/**
 * Reads the environments file (JSON or YAML) into checked, normalised definitions; every problem is
 * reported at once, each naming its field (`environments[1].credential.secret.keyVault`), with the
 * stable code CONFIG_ENVIRONMENTS_INVALID. Secrets are only referenced here; `secret-references.ts`
 * resolves them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import YAML from 'yaml';
import { W365Error, errorMessage } from '../../common/errors';
import { DATAVERSE_BUDGET } from '../jobs/budget/types';
import {
  environmentsSchema,
  type EnvironmentCredential,
  type EnvironmentDefinition,
  type EnvironmentsFile,
  type SecretReference,
} from './environments-schema';
import { EnvironmentMessages as M } from './environments-strings';

export const EnvironmentErrorCodes = {
  Invalid: 'CONFIG_ENVIRONMENTS_INVALID',
  SecretUnresolved: 'CONFIG_SECRET_UNRESOLVED',
  Unknown: 'JOB_ENVIRONMENT_UNKNOWN',
} as const;

const validate = new Ajv({ allErrors: true, verbose: true }).compile(environmentsSchema);
const REFERENCE_KEYS = ['env', 'file', 'keyVault'];

/** `/environments/0/credential` -> `environments[0].credential` */
export function fieldName(instancePath: string, child?: string): string {
  const parts = [...instancePath.split('/').filter(Boolean), ...(child ? [child] : [])];
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function describe(e: ErrorObject): string {
  const field = fieldName(e.instancePath);
  const last = field.slice(field.lastIndexOf('.') + 1);
  switch (e.keyword) {
    case 'required':
      return M.required(fieldName(e.instancePath, String(e.params.missingProperty)));
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return M.unknownField(fieldName(e.instancePath, String(e.params.additionalProperty)), known);
    }
    case 'pattern':
      return `${field} ${M.hints[last] ?? e.message}`;
    case 'const':
      return M.version;
    default:
      return `${field || 'the file'} ${e.message ?? 'is invalid'}`;
  }
}

function exactlyOne(
  value: Record<string, unknown> | undefined,
  keys: string[],
  field: string,
  problems: string[],
): void {
  if (value && keys.filter((k) => value[k] !== undefined).length !== 1) problems.push(M.exactlyOne(field, keys));
}

/** The checks a schema says badly: "exactly one of", and names and URLs used twice. */
function crossChecks(file: { environments: Record<string, unknown>[] }): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  const urls = new Map<string, string>();
  file.environments.forEach((env, i) => {
    const at = `environments[${i}]`;
    const credential = env.credential as Record<string, Record<string, unknown> | undefined> | undefined;
    exactlyOne(credential, ['secret', 'certificate'], `${at}.credential`, problems);
    exactlyOne(env.webhookKey as Record<string, unknown> | undefined, REFERENCE_KEYS, `${at}.webhookKey`, problems);
    exactlyOne(credential?.secret, REFERENCE_KEYS, `${at}.credential.secret`, problems);
    exactlyOne(credential?.certificate, REFERENCE_KEYS, `${at}.credential.certificate`, problems);
    for (const sub of ['privateKey', 'passphrase']) {
      exactlyOne(
        credential?.certificate?.[sub] as Record<string, unknown> | undefined,
        REFERENCE_KEYS,
        `${at}.credential.certificate.${sub}`,
        problems,
      );
    }
    const name = String(env.name).toLowerCase();
    if (names.has(name)) problems.push(M.duplicateName(`${at}.name`, String(env.name), names.get(name) as string));
    else names.set(name, at);
    const url = String(env.url).replace(/\/+$/, '').toLowerCase();
    if (urls.has(url)) problems.push(M.duplicateUrl(`${at}.url`, urls.get(url) as string));
    else urls.set(url, at);
  });
  return problems;
}

function reference(raw: Record<string, unknown>, baseDir: string): SecretReference {
  if (typeof raw.env === 'string') return { env: raw.env };
  if (typeof raw.file === 'string') return { file: path.resolve(baseDir, raw.file) };
  return { keyVault: String(raw.keyVault) };
}

function credentialOf(raw: Record<string, Record<string, unknown>>, baseDir: string): EnvironmentCredential {
  if (raw.secret) return { kind: 'secret', secret: reference(raw.secret, baseDir) };
  const c = raw.certificate;
  const sub = (key: string) => (c[key] ? { [key]: reference(c[key] as Record<string, unknown>, baseDir) } : {});
  return {
    kind: 'certificate',
    certificate: reference(c, baseDir),
    ...sub('privateKey'),
    ...sub('passphrase'),
    sendCertificateChain: c.sendCertificateChain === true,
  };
}

function normalise(env: Record<string, unknown>, baseDir: string): EnvironmentDefinition {
  const url = String(env.url).replace(/\/+$/, '');
  const budget = (env.budget ?? {}) as { maxConcurrentRequests?: number; maxRequestsPer5Min?: number };
  const webhookKey = env.webhookKey as Record<string, unknown> | undefined;
  return {
    name: String(env.name),
    url,
    webApiUrl: `${url}/api/data/v9.2`,
    tenantId: String(env.tenantId).toLowerCase(),
    clientId: String(env.clientId).toLowerCase(),
    authority: String(env.authority ?? `https://login.microsoftonline.com/${String(env.tenantId)}`).replace(/\/+$/, ''),
    credential: credentialOf(env.credential as Record<string, Record<string, unknown>>, baseDir),
    budget: {
      maxConcurrentRequests: budget.maxConcurrentRequests ?? DATAVERSE_BUDGET.maxConcurrentRequests,
      maxRequestsPer5Min: budget.maxRequestsPer5Min ?? DATAVERSE_BUDGET.maxRequestsPerWindow,
    },
    ...(webhookKey ? { webhookKey: reference(webhookKey, baseDir) } : {}),
  };
}

export interface ParseOptions {
  /** Named in messages, e.g. the file path. */
  source: string;
  /** Relative `file:` references resolve against it (the file's folder). */
  baseDir: string;
  /** Default: by the source's extension; JSON is also valid YAML. */
  format?: 'json' | 'yaml';
}

function parseText(text: string, o: ParseOptions): unknown {
  const format = o.format ?? (o.source.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  try {
    return format === 'json' ? JSON.parse(text) : YAML.parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new W365Error(
      EnvironmentErrorCodes.Invalid,
      M.invalidFile(o.source, [M.notParsed(format.toUpperCase(), errorMessage(err))]),
    );
  }
}

/** Throws CONFIG_ENVIRONMENTS_INVALID listing every problem, each naming its field. */
export function parseEnvironments(text: string, o: ParseOptions): EnvironmentsFile {
  const raw = parseText(text, o);
  if (!validate(raw)) {
    const problems = [...new Set((validate.errors ?? []).map(describe))];
    throw new W365Error(EnvironmentErrorCodes.Invalid, M.invalidFile(o.source, problems), { details: { problems } });
  }
  const file = raw as unknown as { environments: Record<string, unknown>[] };
  const problems = crossChecks(file);
  if (problems.length > 0) {
    throw new W365Error(EnvironmentErrorCodes.Invalid, M.invalidFile(o.source, problems), { details: { problems } });
  }
  return { version: 1, environments: file.environments.map((e) => normalise(e, o.baseDir)) };
}

export async function loadEnvironmentsFile(file: string): Promise<EnvironmentsFile> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new W365Error(
      EnvironmentErrorCodes.Invalid,
      M.unreadable(file, (err as NodeJS.ErrnoException).code ?? errorMessage(err)),
    );
  }
  return parseEnvironments(text, { source: file, baseDir: path.dirname(path.resolve(file)) });
}
