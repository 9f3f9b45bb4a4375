import { DeclaredEntities } from './xml-declared-entities.js';

/** What newsmill reads of a document's DOCTYPE. */
export interface Doctype {
  /** The offset just past the DOCTYPE, where the reader starts; 0 when there is none to skip. */
  end: number;
  /** The internal general entities, or null when none are declared. */
  entities: DeclaredEntities | null;
  /** Declarations that were deliberately not used. */
  warnings: string[];
}

const NONE: Doctype = { end: 0, entities: null, warnings: [] };
// A lenient XML Name: anything up to whitespace or the characters that end one.
const NAME = /[^\s"'%&;<>[\]/=]+/y;
const CHARACTER_REFERENCE = /&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g;

/**
 * Reads the DOCTYPE in a document's prolog (after the XML declaration, comments and processing
 * instructions) and the general entities its internal subset declares: `<!DOCTYPE rss [<!ENTITY
 * site "Example">]>`. External entities (SYSTEM, PUBLIC) are never fetched or read, and parameter
 * entities are not expanded, so nothing declared after a parameter entity reference is used
 * either (XML 1.0 §5.1). A subset that does not end properly is ignored, and the tokenizer reads the
 * DOCTYPE as before. Every step moves forward with `indexOf`, so this is linear in the prolog.
 */
export function readDoctype(text: string): Doctype {
  let at = skipPrologMisc(text);
  if (at < 0 || text.slice(at, at + 9).toUpperCase() !== '<!DOCTYPE') return NONE;
  // The root name and external ID, up to the internal subset or the end of the declaration.
  for (at += 9; at < text.length; at++) {
    const c = text[at];
    if (c === '"' || c === "'") at = text.indexOf(c, at + 1);
    else if (c === '>') return { end: at + 1, entities: null, warnings: [] };
    else if (c === '[') return readInternalSubset(text, at + 1);
    if (at < 0) return NONE;
  }
  return NONE;
}

/** The offset of the first thing in the prolog that is not whitespace, a comment or a PI, or -1. */
function skipPrologMisc(text: string): number {
  let at = 0;
  for (;;) {
    while (isSpace(text.charCodeAt(at))) at++;
    let end: number;
    if (text.startsWith('<?', at)) end = text.indexOf('?>', at + 2) + 2;
    else if (text.startsWith('<!--', at)) end = text.indexOf('-->', at + 4) + 3;
    else return at;
    if (end < at) return -1;
    at = end;
  }
}

function readInternalSubset(text: string, from: number): Doctype {
  const values = new Map<string, string>();
  let external = 0;
  let parameterReferenceSeen = false;
  for (let at = from; at < text.length;) {
    const c = text[at] as string;
    let end: number;
    if (isSpace(c.charCodeAt(0))) end = at + 1;
    else if (c === ']') {
      end = at + 1;
      while (isSpace(text.charCodeAt(end))) end++;
      if (text[end] !== '>') return NONE;
      const warnings =
        external > 0 ? [`XML: ${external} external entities declared in the DOCTYPE were not read`] : [];
      const entities = values.size > 0 ? new DeclaredEntities(values, text.length) : null;
      return { end: end + 1, entities, warnings };
    } else if (text.startsWith('<!--', at)) end = text.indexOf('-->', at + 4) + 3;
    else if (text.startsWith('<?', at)) end = text.indexOf('?>', at + 2) + 2;
    else if (text.startsWith('<!ENTITY', at)) {
      const entity = readEntityDeclaration(text, at + 8);
      if (entity === null) return NONE;
      end = entity.end;
      if (entity.external) external++;
      else if (entity.name !== null && !parameterReferenceSeen && !values.has(entity.name))
        values.set(entity.name, entity.value);
    } else if (text.startsWith('<!', at)) end = skipDeclaration(text, at + 2);
    else if (c === '%') {
      parameterReferenceSeen = true;
      end = text.indexOf(';', at) + 1;
    } else return NONE;
    if (end <= at) return NONE;
    at = end;
  }
  return NONE;
}

interface EntityDeclaration {
  /** The entity's name, or null for a parameter entity or a value that cannot be used. */
  name: string | null;
  value: string;
  external: boolean;
  end: number;
}

/** Reads `<!ENTITY` onwards: a general entity with a literal value, or what it must skip. */
function readEntityDeclaration(text: string, from: number): EntityDeclaration | null {
  let at = from;
  while (isSpace(text.charCodeAt(at))) at++;
  const parameter = text[at] === '%';
  if (parameter) at++;
  while (isSpace(text.charCodeAt(at))) at++;
  NAME.lastIndex = at;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) return null;
  at += name.length;
  while (isSpace(text.charCodeAt(at))) at++;
  const quote = text[at];
  const end = skipDeclaration(text, at);
  if (end < 0) return null;
  if (quote !== '"' && quote !== "'") return { name: null, value: '', external: !parameter, end };
  const literal = text.slice(at + 1, text.indexOf(quote, at + 1));
  // A parameter entity reference inside a literal is not allowed in the internal subset (WFC: PEs in
  // Internal Subset), and without expanding it the value would be wrong: such an entity is not used.
  const usable = !parameter && !literal.includes('%');
  return {
    name: usable ? name : null,
    value: literal.includes('&#') ? literal.replace(CHARACTER_REFERENCE, character) : literal,
    external: false,
    end,
  };
}

/** The offset just past the `>` that ends a markup declaration, skipping quoted literals; -1 if none. */
function skipDeclaration(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const c = text[at];
    if (c === '>') return at + 1;
    if (c === '"' || c === "'") {
      at = text.indexOf(c, at + 1);
      if (at < 0) return -1;
    }
  }
  return -1;
}

function character(reference: string, hex: string | undefined, decimal: string | undefined): string {
  const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
  // XML 1.0 §2.2 Char: no NUL, no surrogates, not the two non-characters at the end of the BMP.
  const valid =
    code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) && code !== 0xfffe && code !== 0xffff;
  return valid ? String.fromCodePoint(code) : reference;
}

/** XML 1.0 §2.3 S: space, tab, carriage return, line feed. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}
