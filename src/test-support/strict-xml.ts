import { createRequire } from 'node:module';

/** An element of a parsed XML document: the little of the DOM the tests read. */
export interface XmlTestElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlTestElement> & Iterable<XmlTestElement>;
}

/** A parsed XML document. */
export interface XmlTestDocument {
  readonly documentElement: XmlTestElement;
  getElementsByTagName(name: string): ArrayLike<XmlTestElement> & Iterable<XmlTestElement>;
}

type DomParser = new () => { parseFromString(xml: string, type: string): XmlTestDocument };

// jsdom ships no types (and @types/jsdom is not installed); its DOMParser is all the tests need.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: DomParser } };
};
const { DOMParser } = new JSDOM('').window;

/**
 * Parses with a conforming XML parser (jsdom's, which is saxes), which refuses any character XML 1.0
 * forbids, raw or as a reference; throws on a document that is not well-formed.
 */
export function parseStrictXml(xml: string): XmlTestDocument {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent ?? ''}`);
  return document;
}
