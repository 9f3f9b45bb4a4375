import { escapeHtmlAttribute, escapeHtmlText } from '../io/html-escape.js';

/** One element of a parsed feed document, with namespace prefixes normalized. */
export interface XmlElement {
  /**
   * Canonical name, lower-cased: the local name for the feed's own vocabulary (RSS, RSS 1.0, the
   * root's namespace), `prefix:local` with a conventional prefix for known namespaces
   * (`content:encoded`, `dc:creator`, `media:content`, `atom:link`…), `other:local` for an
   * unprefixed element in an unknown namespace, else the name as written.
   */
  name: string;
  /** Attributes with decoded values; known namespaced ones use conventional prefixes (`xml:base`). */
  attrs: Record<string, string>;
  /** Decoded text runs and child elements in document order. */
  children: XmlNode[];
  /** The `xml:base` in effect (resolved), or null when no ancestor-or-self declares one. */
  base: string | null;
}

/** A child of an element: decoded character data or an element. */
export type XmlNode = XmlElement | string;

// HTML void elements: feeds that embed raw HTML leave them open, and xmlMode nests what follows.
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'wbr']);

/** The first child element with the given canonical name, or null. */
export function childElement(element: XmlElement, name: string): XmlElement | null {
  for (const child of element.children) {
    if (typeof child !== 'string' && child.name === name) return child;
  }
  return null;
}

/** The child elements with the given canonical name, in document order. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && child.name === name) found.push(child);
  }
  return found;
}

/** The concatenated character data of an element and its descendants. */
export function textContent(element: XmlElement): string {
  const { children } = element;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  const parts: string[] = [];
  collectText(element, parts);
  return parts.join('');
}

function collectText(element: XmlElement, parts: string[]): void {
  for (const child of element.children) {
    if (typeof child === 'string') parts.push(child);
    else collectText(child, parts);
  }
}

/**
 * The HTML source held by an element. Escaped or CDATA content is already HTML once XML-decoded;
 * raw tags that a careless feed left unescaped were parsed as elements and are serialized back.
 */
export function htmlSource(element: XmlElement): string {
  const hasElements = element.children.some((child) => typeof child !== 'string');
  return hasElements ? innerHtml(element, false) : textContent(element);
}

/**
 * The markup inside an element, serialized as HTML. With `escapeText` the character data is
 * literal text (Atom XHTML); without it the character data is already HTML source, as in an RSS
 * description that mixes escaped HTML with raw tags.
 */
export function innerHtml(element: XmlElement, escapeText: boolean): string {
  const parts: string[] = [];
  serializeChildren(element, escapeText, parts);
  return parts.join('');
}

function serializeChildren(element: XmlElement, escapeText: boolean, parts: string[]): void {
  for (const child of element.children) {
    if (typeof child === 'string') parts.push(escapeText ? escapeHtmlText(child) : child);
    else serializeElement(child, escapeText, parts);
  }
}

function serializeElement(element: XmlElement, escapeText: boolean, parts: string[]): void {
  const tag = localName(element.name);
  parts.push('<', tag);
  for (const [name, value] of Object.entries(element.attrs)) {
    if (name === 'xml:base') continue;
    parts.push(' ', localName(name), '="', escapeHtmlAttribute(value), '"');
  }
  parts.push('>');
  serializeChildren(element, escapeText, parts);
  if (!VOID_ELEMENTS.has(tag.toLowerCase())) parts.push('</', tag, '>');
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
