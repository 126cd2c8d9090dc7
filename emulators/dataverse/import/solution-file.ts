/**
 * A solution zip, read: its manifest and every component the import builds from. Parsing is the
 * costly part of an import, and the same zip is imported by many emulators in one test run, so a
 * parsed file is kept by the SHA-256 of its bytes (the packer is deterministic: same sources, same zip).
 */
import { createHash } from 'node:crypto';
import type { EnvironmentVariableDefinitionDef, FieldSecurityProfileDef, RoleDef } from '../metadata/types';
import { ImportErrors } from './errors';
import {
  parseEnvironmentVariables,
  parseFieldSecurityProfiles,
  parseOptionSets,
  parseRelationships,
  parseRoles,
  type ParsedOptionSet,
  type ParsedRelationship,
} from './parse-components';
import { parseEntities, type ParsedEntity } from './parse-entities';
import { parseManifest, type Manifest } from './parse-manifest';
import { parseXml, type XNode } from './xml';
import { readZipParts } from './zip';

export interface SolutionFile {
  /** SHA-256 of the parts the import reads: the identity of what was imported. */
  hash: string;
  manifest: Manifest;
  entities: ParsedEntity[];
  relationships: ParsedRelationship[];
  optionSets: ParsedOptionSet[];
  roles: RoleDef[];
  fieldSecurityProfiles: FieldSecurityProfileDef[];
  environmentVariables: EnvironmentVariableDefinitionDef[];
  /** The parts the import reads (text), kept so a file database can rebuild its metadata at start. */
  parts: Record<string, string>;
}

const REQUIRED_PARTS = ['solution.xml', 'customizations.xml', '[Content_Types].xml'];
const READ_PART = /^(solution\.xml|customizations\.xml|environmentvariabledefinitions\/.+\.xml)$/i;

const cache = new Map<string, SolutionFile>();
const CACHE_SIZE = 8;

/** Reads the parts the import needs from a zip, refusing one that is not a solution package. */
export async function solutionParts(zip: Buffer): Promise<Record<string, string>> {
  let parts: Map<string, Buffer>;
  try {
    parts = await readZipParts(zip);
  } catch {
    throw ImportErrors.badZip();
  }
  if (REQUIRED_PARTS.some((p) => !parts.has(p))) throw ImportErrors.badZip();
  const out: Record<string, string> = {};
  for (const [name, data] of [...parts].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (READ_PART.test(name)) out[name] = data.toString('utf8');
  return out;
}

function parseCustomizations(xml: string): XNode {
  try {
    return parseXml(xml);
  } catch (e) {
    throw ImportErrors.invalidXml('customizations.xml', (e as Error).message.split('\n')[0]);
  }
}

/** Parses the parts (from a zip, or as stored by an earlier import). */
export function parseSolutionParts(parts: Record<string, string>): SolutionFile {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const hit = cache.get(hash);
  if (hit) return hit;
  const doc = parseCustomizations(parts['customizations.xml'] ?? '');
  const file: SolutionFile = {
    hash,
    manifest: parseManifest(parts['solution.xml'] ?? ''),
    entities: parseEntities(doc),
    relationships: parseRelationships(doc),
    optionSets: parseOptionSets(doc),
    roles: parseRoles(doc),
    fieldSecurityProfiles: parseFieldSecurityProfiles(doc),
    environmentVariables: parseEnvironmentVariables(
      new Map(Object.entries(parts).map(([k, v]) => [k, Buffer.from(v, 'utf8')])),
    ),
    parts,
  };
  cache.set(hash, file);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return file;
}

/** Zip bytes' hash -> parts hash, so a zip imported again is neither unzipped nor parsed again. */
const byZip = new Map<string, string>();

export async function readSolutionFile(zip: Buffer): Promise<SolutionFile> {
  const zipHash = createHash('sha256').update(zip).digest('hex');
  const known = cache.get(byZip.get(zipHash) ?? '');
  if (known) return known;
  const file = parseSolutionParts(await solutionParts(zip));
  byZip.set(zipHash, file.hash);
  if (byZip.size > CACHE_SIZE) byZip.delete(byZip.keys().next().value as string);
  return file;
}
