/**
 * Automap's reason codes, read from their one definition, the `AutomapReasonCode` union in
 * plugins/sync/automap/types.ts, so that the account-mapping grid never keeps a copy: the names module
 * the grid compiles against carries them (and their type), and a code renamed or dropped in automap
 * breaks the grid's build instead of silently never matching. Read with the TypeScript parser (no type
 * checking: one file, a few milliseconds), since the definition is a type, not a value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const AUTOMAP_TYPES_FILE = path.join('plugins', 'sync', 'automap', 'types.ts');
const TYPE_NAME = 'AutomapReasonCode';

export const AutomapCodesErrorCodes = { NotFound: 'PCF_AUTOMAP_CODES_NOT_FOUND' } as const;

/** The string literals of `export type AutomapReasonCode = 'a' | 'b' | ...`, in their order. */
export function reasonCodesIn(source: string, fileName = AUTOMAP_TYPES_FILE): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const alias = file.statements.find(
    (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === TYPE_NAME,
  );
  const members = alias && ts.isUnionTypeNode(alias.type) ? alias.type.types : [];
  const codes = members.map((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? m.literal.text : ''));
  if (codes.length === 0 || codes.includes(''))
    throw new Error(
      `${AutomapCodesErrorCodes.NotFound}: ${fileName} must define ${TYPE_NAME} as a union of string literals.`,
    );
  return codes;
}

export function automapReasonCodes(repoRoot = path.resolve(__dirname, '..', '..')): string[] {
  const file = path.join(repoRoot, AUTOMAP_TYPES_FILE);
  return reasonCodesIn(readFileSync(file, 'utf8'), file);
}

/** The names module's section: the codes as a value and as a type. */
export function automapCodesSource(codes: readonly string[]): string {
  return [
    `/** Automap's reason codes (${AUTOMAP_TYPES_FILE.split(path.sep).join('/')} ${TYPE_NAME}). */`,
    `export const AutomapReasonCodes = ${JSON.stringify(codes, null, 2)} as const;`,
    `export type AutomapReasonCode = (typeof AutomapReasonCodes)[number];`,
    '',
  ].join('\n');
}
