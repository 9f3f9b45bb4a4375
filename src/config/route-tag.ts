import { decodeHTML } from 'entities';
import { NewsmillError } from '../core/errors.js';

/** A `<Route …>` component read from the docs: its attributes and where the tag ends in the text. */
export interface RouteTag {
  /** Attribute names as written (`:data`, `example`, `supportPuppeteer`), values with entities decoded; `''` for a bare attribute. */
  attributes: Map<string, string>;
  /** The index just past the tag's `>`. */
  end: number;
}

/** Thrown by {@link readRouteTag} when a tag never closes; the caller reports it and stops reading the page. */
export class RouteTagError extends NewsmillError {
  override readonly name = 'RouteTagError';
}

/**
 * Reads the tag that starts at `start` (a `<`). Values may be `"…"`, `'…'` (the JSON form's `:data`),
 * `{…}` (Vue expressions, braces balanced and quoted strings skipped) or bare; the tag may span lines.
 */
export function readRouteTag(text: string, start: number): RouteTag {
  const attributes = new Map<string, string>();
  let i = start + 1;
  while (i < text.length && /[\w-]/.test(text[i] ?? '')) i += 1;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) throw new RouteTagError('the <Route> tag is never closed');
    if (text.startsWith('/>', i)) return { attributes, end: i + 2 };
    if (text[i] === '>') return { attributes, end: i + 1 };
    const nameStart = i;
    while (i < text.length && !/[\s=/>]/.test(text[i] ?? '')) i += 1;
    // A stray `/` not followed by `>` is skipped so that the loop always advances.
    if (i === nameStart) {
      i += 1;
      continue;
    }
    const name = text.slice(nameStart, i);
    const afterName = skipSpace(text, i);
    // A bare attribute (`radar`) is a flag; its empty value can never pass for a path or an example.
    if (text[afterName] !== '=') {
      attributes.set(name, '');
      continue;
    }
    const value = readValue(text, skipSpace(text, afterName + 1));
    attributes.set(name, value.value);
    i = value.end;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
  return i;
}

function readValue(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, start + 1);
    if (close < 0) throw new RouteTagError('an attribute value of the <Route> tag is never closed');
    return { value: decodeHTML(text.slice(start + 1, close)), end: close + 1 };
  }
  if (quote === '{') {
    const close = findClosingBrace(text, start);
    return { value: unwrapExpression(text.slice(start + 1, close).trim()), end: close + 1 };
  }
  let end = start;
  while (end < text.length && !/[\s>]/.test(text[end] ?? '') && !text.startsWith('/>', end)) end += 1;
  return { value: decodeHTML(text.slice(start, end)), end };
}

function findClosingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    } else if (c === '{') {
      depth += 1;
    } else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new RouteTagError('a {…} attribute value of the <Route> tag is never closed');
}

// `example={"/zaker/source/12291"}` means the string itself; any other expression is kept as written.
function unwrapExpression(expression: string): string {
  const match = /^(["'`])([\s\S]*)\1$/.exec(expression);
  return match ? (match[2] ?? '') : expression;
}
