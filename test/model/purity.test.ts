/**
 * Keeps src/model pure: no file under it (recursively) may import Node built-ins, lit, d3 or
 * xstate, or touch real clocks, timers or the DOM. Files are parsed with the TypeScript compiler,
 * so comments and string contents never count, and property names (`x.window`) are allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/model');
const BANNED_MODULE = /^(node:|lit$|lit\/|@lit\/|d3$|d3-|xstate$|@xstate\/)/;
const BANNED_GLOBALS = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'Date',
  'performance',
  'document',
  'window',
]);

/** Every violation in one source text, as "line: what". */
function impurities(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const checkModule = (spec: ts.Expression | undefined, node: ts.Node) => {
    if (spec && ts.isStringLiteralLike(spec) && BANNED_MODULE.test(spec.text))
      found.push(`${at(node)}: imports ${spec.text}`);
  };
  const isPropertyName = (id: ts.Identifier): boolean => {
    const p = id.parent;
    return (
      (ts.isPropertyAccessExpression(p) && p.name === id) ||
      (ts.isQualifiedName(p) && p.right === id) ||
      ((ts.isPropertyAssignment(p) ||
        ts.isPropertySignature(p) ||
        ts.isPropertyDeclaration(p) ||
        ts.isMethodDeclaration(p) ||
        ts.isMethodSignature(p) ||
        ts.isGetAccessorDeclaration(p) ||
        ts.isSetAccessorDeclaration(p) ||
        ts.isEnumMember(p)) &&
        p.name === id)
    );
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node))
      checkModule(node.moduleSpecifier, node);
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    )
      checkModule(node.moduleReference.expression, node);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require')
      )
        checkModule(node.arguments[0], node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      checkModule(node.argument.literal as ts.Expression, node);
    else if (ts.isIdentifier(node) && BANNED_GLOBALS.has(node.text) && !isPropertyName(node))
      found.push(`${at(node)}: uses ${node.text}`);
    else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ['globalThis', 'self', 'global'].includes(node.expression.text) &&
      BANNED_GLOBALS.has(node.name.text)
    )
      found.push(`${at(node)}: uses ${node.expression.text}.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

describe('src/model purity', () => {
  const files = sourceFiles(ROOT);

  it('finds the model sources, including subfolders', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith('nat.ts'))).toBe(true);
  });

  it.each(files.map((f) => [relative(ROOT, f), f] as const))('%s is pure', (_name, file) => {
    expect(impurities(file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('the purity checker itself', () => {
  it('catches imports of Node built-ins, lit, d3 and xstate in every form', () => {
    const src = [
      "import { readFileSync } from 'node:fs';",
      "import { html } from 'lit';",
      "import type { Selection } from 'd3-selection';",
      "export { createMachine } from 'xstate';",
      "const m = await import('node:crypto');",
      "type T = import('lit/decorators.js').Foo;",
    ].join('\n');
    expect(impurities('x.ts', src)).toEqual([
      '1: imports node:fs',
      '2: imports lit',
      '3: imports d3-selection',
      '4: imports xstate',
      '5: imports node:crypto',
      '6: imports lit/decorators.js',
    ]);
  });

  it('catches clocks, timers and the DOM, but not comments, strings or property names', () => {
    const src = [
      '// setTimeout(f, 1) in a comment is fine',
      '/* new Date() too */',
      "const s = 'window and document in a string';",
      'const o = { window: 1, Date: 2 };',
      'const w = o.window + o.Date;',
      'setTimeout(() => {}, 1);',
      'const now = Date.now();',
      'const t = performance.now();',
      'const d = globalThis.document ?? document;',
      'setInterval(() => {}, 5);',
    ].join('\n');
    expect(impurities('x.ts', src)).toEqual([
      '6: uses setTimeout',
      '7: uses Date',
      '8: uses performance',
      '9: uses globalThis.document',
      '9: uses document',
      '10: uses setInterval',
    ]);
  });
});
