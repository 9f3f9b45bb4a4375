/**
 * The element-nesting rules of htmlparser2's `Parser` (10.1), which newsmill's sanitizer drives the
 * `Tokenizer` without: which start tags close open elements, which elements are void, and where
 * `<x/>` closes an element. Keeping them identical keeps the output tree identical to the one the
 * differential test compares against sanitize-html.
 */
import { ALLOWED_TAGS, DROPPED_WITH_CONTENT } from './sanitize-policy.js';
import { planTag, type TagPlan } from './start-tag.js';

const P = new Set(['p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);

/** For a start tag, the open elements it closes while one of them is the current element. */
export const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => [tag, P] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map(
    (tag) => [tag, FORM_CONTROLS] as const,
  ),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ...[
    ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption'],
    ...['figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'],
  ].map((tag) => [tag, P] as const),
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);

/** Elements htmlparser2 never pushes on its stack: they close as soon as their start tag ends. */
export const PARSER_VOID_ELEMENTS: ReadonlySet<string> = new Set([
  ...['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input'],
  ...['isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'],
]);

/** Elements that start foreign content, where `<x/>` closes the element. */
export const FOREIGN_ROOTS: ReadonlySet<string> = new Set(['math', 'svg']);

/** Elements inside foreign content that return to HTML rules, where `<x/>` is an ordinary start tag. */
export const HTML_INTEGRATION_POINTS: ReadonlySet<string> = new Set([
  ...['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title'],
]);

/** Everything the sanitizer needs to know about one element name, found with one lookup. */
export interface ElementInfo {
  /** The lowercased name. */
  name: string;
  /** What the allowlist does with the element. */
  plan: TagPlan;
  closes: ReadonlySet<string> | undefined;
  isVoid: boolean;
  /** true for a foreign root, false for an HTML integration point, undefined otherwise. */
  foreign: boolean | undefined;
}

function infoFor(name: string): ElementInfo {
  const foreign = FOREIGN_ROOTS.has(name) ? true : HTML_INTEGRATION_POINTS.has(name) ? false : undefined;
  const plan = planTag(name);
  return {
    name,
    plan,
    closes: OPEN_IMPLIES_CLOSE.get(name),
    isVoid: PARSER_VOID_ELEMENTS.has(name),
    foreign,
  };
}

const KNOWN = new Map(
  [
    ...[...OPEN_IMPLIES_CLOSE.keys(), ...PARSER_VOID_ELEMENTS, ...FOREIGN_ROOTS, ...HTML_INTEGRATION_POINTS],
    ...[...ALLOWED_TAGS.keys(), ...DROPPED_WITH_CONTENT],
  ].map((name) => [name, infoFor(name)]),
);

/** Returns the tree rules of an element name as written in the source (any case). */
export function elementInfo(written: string): ElementInfo {
  const known = KNOWN.get(written);
  if (known) return known;
  // Names are nearly always lowercase already, so lowercasing waits until the first lookup misses.
  const name = written.toLowerCase();
  return KNOWN.get(name) ?? infoFor(name);
}
