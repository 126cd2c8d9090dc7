/**
 * Measures the house: how long each function is and which folder imports which, read with the
 * TypeScript compiler's own parser (a regex would miss arrow functions, methods and `import()`).
 * `tests/house/` keeps the rules (docs/architecture.md); `npm run -s bench -- house --json` prints the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface FunctionLength {
  file: string;
  name: string;
  line: number;
  lines: number;
}

export interface ImportEdge {
  from: string;
  /** Repository-relative path of the imported file (no extension), or the package name. */
  to: string;
  line: number;
  /** `import()` / `require()`: loaded only when that code runs. */
  lazy: boolean;
  /** `import type`: erased at compile time. */
  typeOnly: boolean;
}

/** Every .ts/.tsx file under `dirs` (repository-relative), generated code and build outputs excluded. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'generated', 'out', 'dist', 'obj'].includes(e.name)) walk(rel);
      } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel.split(path.sep).join('/'));
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(d);
  return out.sort();
}

function parse(root: string, file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

export function functionLengths(root: string, files: readonly string[]): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const file of files) {
    const sf = parse(root, file);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        out.push({ file, name: nameOf(node), line: start + 1, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

export function importEdges(root: string, files: readonly string[]): ImportEdge[] {
  const out: ImportEdge[] = [];
  for (const file of files) {
    const sf = parse(root, file);
    const add = (spec: string, node: ts.Node, lazy: boolean, typeOnly: boolean) => {
      const to = spec.startsWith('.')
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(ts|tsx|js)$/, '')
        : spec;
      out.push({ from: file, to, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, lazy, typeOnly });
    };
    const visit = (node: ts.Node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
        const typeOnly = ts.isImportDeclaration(node) ? Boolean(node.importClause?.isTypeOnly) : node.isTypeOnly;
        add((node.moduleSpecifier as ts.StringLiteral).text, node, false, typeOnly);
      } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
        const callee = node.expression;
        const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword;
        const req = ts.isIdentifier(callee) && callee.text === 'require';
        if (dynamic || req) add(node.arguments[0].text, node, true, false);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The top-level folder of a repository path (`plugins/sync/x` -> `plugins`). */
export function floorOf(file: string): string {
  return file.split('/')[0];
}
