import { pathToFileURL } from 'node:url';
import { escapeXmlAttribute, escapeXmlText } from '../io/xml-escape.js';
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
    `    <title>${escapeXmlText(title)}</title>`,
    '  </head>',
    '  <body>',
  ];
  for (const [top, names] of tree) {
    lines.push(`    <outline text="${escapeXmlAttribute(top)}" title="${escapeXmlAttribute(top)}">`);
    for (const [name, feeds] of names) {
      lines.push(`      <outline text="${escapeXmlAttribute(name)}" title="${escapeXmlAttribute(name)}">`);
      for (const feed of feeds) lines.push(`        ${feedOutline(feed)}`);
      lines.push('      </outline>');
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function feedOutline(source: ExportedSource): string {
  const channel = escapeXmlAttribute(source.categories[2]);
  const xmlUrl = /^(https?|file):/i.test(source.location)
    ? source.location
    : pathToFileURL(source.location).href;
  const own = source.key === xmlUrl ? '' : ` newsmill:url="${escapeXmlAttribute(source.key)}"`;
  return `<outline type="rss" text="${channel}" title="${channel}" xmlUrl="${escapeXmlAttribute(xmlUrl)}"${own}/>`;
}
