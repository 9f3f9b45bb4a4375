/**
 * Static evaluation of the object literals in RSSHub's route and namespace files, with the
 * TypeScript compiler API: only what is written as data (strings, numbers, booleans, arrays,
 * objects, and consts of the same file holding such data) has a value. A call, an import or a
 * spread has none, so a route's facts never depend on running RSSHub's code.
 */
import ts from 'typescript';

/** The value of an expression that cannot be known without running code. */
export const UNKNOWN: unique symbol = Symbol('unknown');

/** A value found in the source, or UNKNOWN. */
export type Literal =
  string | number | boolean | null | Literal[] | { [key: string]: Literal } | typeof UNKNOWN;

/** One source file's top-level consts, to resolve names used inside literals. */
export interface LiteralScope {
  consts: Map<string, ts.Expression>;
  /** Names being evaluated, so `const a = { b: a }` ends instead of recursing. */
  active: Set<string>;
  /** How many properties or elements had no static value (skipped, not guessed). */
  unknowns: number;
}

/** Parses a file's text (TypeScript or JavaScript; TSX for `.tsx`). */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
}

/** The scope of a parsed file: every top-level `const`/`var`/`let` with an initializer. */
export function scopeOf(file: ts.SourceFile): LiteralScope {
  const consts = new Map<string, ts.Expression>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer)
        consts.set(declaration.name.text, declaration.initializer);
    }
  }
  return { consts, active: new Set(), unknowns: 0 };
}

/** The names a file exports, mapped to the local names they stand for (`export { a as "b" }`, `export const a`). */
export function exportsOf(file: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.set(declaration.name.text, declaration.name.text);
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        names.set(moduleExportName(element.name), moduleExportName(element.propertyName ?? element.name));
      }
    }
  }
  return names;
}

/** The static value of `node` in `scope`, or UNKNOWN; unknown parts of arrays and objects are dropped and counted. */
export function evaluateLiteral(node: ts.Expression, scope: LiteralScope): Literal {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node)
  )
    return evaluateLiteral(node.expression, scope);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const value = evaluateLiteral(node.operand, scope);
    return typeof value === 'number' ? -value : UNKNOWN;
  }
  if (ts.isTemplateExpression(node)) return evaluateTemplate(node, scope);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = evaluateLiteral(node.left, scope);
    const right = evaluateLiteral(node.right, scope);
    return typeof left === 'string' && (typeof right === 'string' || typeof right === 'number')
      ? left + String(right)
      : UNKNOWN;
  }
  if (ts.isIdentifier(node)) return evaluateName(node.text, scope);
  if (ts.isArrayLiteralExpression(node)) return evaluateArray(node, scope);
  if (ts.isObjectLiteralExpression(node)) return evaluateObject(node, scope);
  return UNKNOWN;
}

function evaluateTemplate(node: ts.TemplateExpression, scope: LiteralScope): Literal {
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const value = evaluateLiteral(span.expression, scope);
    if (typeof value !== 'string' && typeof value !== 'number') return UNKNOWN;
    text += String(value) + span.literal.text;
  }
  return text;
}

function evaluateName(name: string, scope: LiteralScope): Literal {
  if (name === 'undefined') return UNKNOWN;
  const initializer = scope.consts.get(name);
  if (!initializer || scope.active.has(name)) return UNKNOWN;
  scope.active.add(name);
  try {
    return evaluateLiteral(initializer, scope);
  } finally {
    scope.active.delete(name);
  }
}

function evaluateArray(node: ts.ArrayLiteralExpression, scope: LiteralScope): Literal {
  const out: Literal[] = [];
  for (const element of node.elements) {
    const value = ts.isSpreadElement(element) ? UNKNOWN : evaluateLiteral(element, scope);
    if (value === UNKNOWN) scope.unknowns++;
    else out.push(value);
  }
  return out;
}

function evaluateObject(node: ts.ObjectLiteralExpression, scope: LiteralScope): Literal {
  const out: { [key: string]: Literal } = {};
  for (const property of node.properties) {
    const key = property.name ? propertyKey(property.name, scope) : null;
    let value: Literal = UNKNOWN;
    if (key !== null && ts.isPropertyAssignment(property))
      value = evaluateLiteral(property.initializer, scope);
    else if (key !== null && ts.isShorthandPropertyAssignment(property)) value = evaluateName(key, scope);
    // Methods, accessors and spreads are code: their keys are left out and counted.
    if (key === null || value === UNKNOWN) scope.unknowns++;
    else out[key] = value;
  }
  return out;
}

function propertyKey(name: ts.PropertyName, scope: LiteralScope): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const value = evaluateLiteral(name.expression, scope);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  }
  return null;
}

function isExported(statement: ts.VariableStatement): boolean {
  return statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function moduleExportName(name: ts.ModuleExportName): string {
  return name.text;
}
