import { pathToFileURL } from 'node:url';
import type { SourceConfig } from './resolve-config.js';

/** The XML namespace of newsmill's own outline attribute, `newsmill:url` (the source's url as written). */
export const NEWSMILL_OPML_NAMESPACE = 'https://github.com/newsmill/newsmill';

type ExportedSource = Pick<SourceConfig, 'key' | 'location' | 'categories'>;

/**
 * Writes sources as OPML 2.0, outlines nested category / source / channel like the posts folders. Each
 * feed's `xmlUrl` is the URL other readers can fetch (an `rsshub:` route expanded against the first
 * instance, a file as `file:`), and `newsmill:url` keeps the url as written so an import restores it.
 * Sources are grouped by category and source, in order of first appearance.
 */
export function exportOpml(sources: readonly ExportedSource[], title: string): string {
  const tree = new Map<string, Map<string, ExportedSource[]>>();
  for (const source of sources) {
    const [top, name] = source.categories;
    const names = tree.get(top) ?? new Map<string, ExportedSource[]>();
    tree.set(top, names);
    names.set(name, [...(names.get(name) ?? []), source]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:newsmill="${NEWSMILL_OPML_NAMESPACE}">`,
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    '  </head>',
    '  <body>',
  ];
  for (const [top, names] of tree) {
    lines.push(`    <outline text="${escapeXml(top)}" title="${escapeXml(top)}">`);
    for (const [name, feeds] of names) {
      lines.push(`      <outline text="${escapeXml(name)}" title="${escapeXml(name)}">`);
      for (const feed of feeds) lines.push(`        ${feedOutline(feed)}`);
      lines.push('      </outline>');
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function feedOutline(source: ExportedSource): string {
  const channel = escapeXml(source.categories[2]);
  const xmlUrl = /^(https?|file):/i.test(source.location)
    ? source.location
    : pathToFileURL(source.location).href;
  const own = source.key === xmlUrl ? '' : ` newsmill:url="${escapeXml(source.key)}"`;
  return `<outline type="rss" text="${channel}" title="${channel}" xmlUrl="${escapeXml(xmlUrl)}"${own}/>`;
}

// XML 1.0 §2.2 forbids C0 controls other than tab, LF and CR; §3.3.3 normalizes raw whitespace in attribute
// values, so tab, LF and CR are written as character references to survive a round trip.
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** Escapes text for XML content and double-quoted attributes, dropping characters XML cannot carry. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c] ?? c);
}
