/**
 * TD SYNNEX's published OpenAPI document for Ion v3, turned into ajv validators of response bodies:
 * `$ref`s resolve inside the document, OpenAPI 3.0's `nullable` is ajv's own keyword, and formats come
 * from ajv-formats. Responses the document describes only by an example (the OAuth endpoints, the error
 * bodies) get a schema derived from that example: the same keys, each of the example's JSON type.
 *
 * Strict mode adds `additionalProperties: false` to every object schema, so a sandbox field the document
 * does not know fails. Where real Ion answers differ from the document, the difference is patched in
 * explicitly (KNOWN_DEVIATIONS), and the tests prove each patch with the real anonymised response.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/** `../shared` beside the repository (as CI lays it out), or W365_SHARED_DIR. */
const SHARED_DIR = process.env.W365_SHARED_DIR ?? path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared');
export const REFERENCE_DIR = path.join(SHARED_DIR, 'reference', 'tdsynnex-ion-v3');
export const OPENAPI_FILE = path.join(REFERENCE_DIR, 'openapi.yaml');
export const REAL_SUBSCRIPTIONS_FILE = path.join(REFERENCE_DIR, 'example-list-subscriptions-response.json');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let cachedDocument: JsonObject | undefined;
export function loadOpenApi(): JsonObject {
  cachedDocument ??= YAML.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'), { maxAliasCount: -1 }) as JsonObject;
  return cachedDocument;
}

/** Follow a local `$ref` ('#/components/...') in the document. */
export function resolve(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let i = 0; i < 10 && isObject(current) && typeof current.$ref === 'string'; i++) {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    current = parts.reduce<Json | undefined>(
      (at, p) => (isObject(at) ? at[p.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      doc,
    );
  }
  return current;
}

/** A schema with the example's keys (all required) and each value's JSON type, recursively. */
export function schemaFromExample(example: Json): JsonObject {
  if (Array.isArray(example)) return { type: 'array', items: example.length ? schemaFromExample(example[0]) : {} };
  if (isObject(example)) {
    const properties: JsonObject = {};
    for (const [k, v] of Object.entries(example)) properties[k] = schemaFromExample(v);
    return { type: 'object', properties, required: Object.keys(example), additionalProperties: false };
  }
  if (typeof example === 'number') return { type: Number.isInteger(example) ? 'integer' : 'number' };
  if (example === null) return { type: 'null' };
  return { type: typeof example };
}

/** Every object schema with properties gets additionalProperties: false (unless it says otherwise). */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' || k === 'examples' ? v : closeObjects(v);
  if (isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * How real Ion answers differ from the document, each shown by the real response in REFERENCE_DIR:
 * statuses come lower case ("active") where the enum is upper case, and subscription lines carry
 * `mfgPartNumber` and `total`, which the document does not list.
 */
export const KNOWN_DEVIATIONS = {
  lowercaseSubscriptionStatus: (schemas: JsonObject) => {
    const status = (schemas.ListSubscription as JsonObject).properties as JsonObject;
    const prop = status.subscriptionStatus as JsonObject;
    const values = (prop.enum as string[]) ?? [];
    prop.enum = [...values, ...values.map((v) => v.toLowerCase())];
  },
  undocumentedSubscriptionFields: (schemas: JsonObject) => {
    const props = (schemas.ListSubscription as JsonObject).properties as JsonObject;
    props.mfgPartNumber = { type: 'string' };
    props.total = { type: 'number' };
  },
} as const;

/** Formats the document uses that say nothing checkable (ajv-formats knows date-time, int32, int64, float, double). */
const DESCRIPTIVE_FORMATS = ['boolean', 'arn'];

export interface SchemaSet {
  /** The validator of a named component schema ('ListCustomers', ...). */
  component(name: string): ValidateFunction;
  /** The validator of a response: its schema, or one derived from its example. */
  response(pathKey: string, method: string, status: string, exampleName?: string): ValidateFunction;
  /** The example body of a response, as the document gives it. */
  example(pathKey: string, method: string, status: string, exampleName?: string): Json;
}

export function buildSchemaSet(options: {
  strict: boolean;
  deviations: ReadonlyArray<keyof typeof KNOWN_DEVIATIONS>;
}): SchemaSet {
  const doc = structuredClone(loadOpenApi());
  const components = doc.components as JsonObject;
  const schemas = (options.strict ? closeObjects(components.schemas) : components.schemas) as JsonObject;
  for (const d of options.deviations) KNOWN_DEVIATIONS[d](schemas);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // The document writes `format: boolean` on booleans and `format: arn` once: names, not constraints.
  for (const name of DESCRIPTIVE_FORMATS) ajv.addFormat(name, true);
  ajv.addSchema({ components: { ...components, schemas } }, 'ion-openapi.json');
  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: object) => {
    const hit = cache.get(key);
    if (hit) return hit;
    const v = ajv.compile(schema);
    cache.set(key, v);
    return v;
  };
  const content = (pathKey: string, method: string, status: string): JsonObject => {
    const op = ((doc.paths as JsonObject)[pathKey] as JsonObject)[method] as JsonObject;
    const response = resolve(doc, (op.responses as JsonObject)[status]);
    if (!isObject(response)) throw new Error(`${method} ${pathKey} has no ${status} response in the document`);
    return ((response.content as JsonObject)['application/json'] as JsonObject) ?? {};
  };
  const example = (pathKey: string, method: string, status: string, exampleName?: string): Json => {
    const c = content(pathKey, method, status);
    if (c.example !== undefined) return c.example;
    const examples = c.examples as JsonObject | undefined;
    const chosen = examples ? resolve(doc, examples[exampleName ?? Object.keys(examples)[0]]) : undefined;
    if (!isObject(chosen)) throw new Error(`${method} ${pathKey} ${status} has no example in the document`);
    return chosen.value;
  };
  return {
    component: (name) => compile(`c:${name}`, { $ref: `ion-openapi.json#/components/schemas/${name}` }),
    response: (pathKey, method, status, exampleName) => {
      const c = content(pathKey, method, status);
      const ref = isObject(c.schema) && typeof c.schema.$ref === 'string' ? c.schema.$ref : undefined;
      if (ref) return compile(`r:${ref}`, { $ref: `ion-openapi.json${ref}` });
      return compile(
        `e:${pathKey}:${method}:${status}:${exampleName ?? ''}`,
        schemaFromExample(example(pathKey, method, status, exampleName)),
      );
    },
    example,
  };
}

/** ajv's errors as short lines, for a failing expectation to be readable. */
export function describeErrors(v: ValidateFunction): string[] {
  return (v.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}
