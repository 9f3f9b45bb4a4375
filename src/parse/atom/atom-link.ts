import type { ParseContext } from '../parse-context.js';
import { baseAt } from '../parse-context.js';
import { resolveFeedUrl } from '../resolve-url.js';
import type { XmlElement } from '../xml-node.js';

const IANA_RELATIONS = /^http:\/\/www\.iana\.org\/assignments\/relation\//;

/**
 * The relations an Atom link names. RFC 4287 §4.2.7.2: no rel means "alternate", and registered
 * names may be written as IANA IRIs. Publishers also write several space-separated values
 * ("alternate nofollow") and capitals, as HTML allows; each value counts.
 */
function linkRelations(link: XmlElement): string[] {
  const rel = link.attrs.rel?.trim().toLowerCase();
  if (!rel) return ['alternate'];
  return rel.split(/\s+/).map((value) => value.replace(IANA_RELATIONS, ''));
}

/** Whether an Atom link names a relation, among all those it lists. */
export function hasRelation(link: XmlElement, relation: string): boolean {
  return linkRelations(link).includes(relation);
}

/**
 * The resolved URL of the page a feed or entry stands for, as mature parsers pick it: the first
 * alternate link (rel "alternate" or none) declared as HTML, else the first alternate link of any
 * type; links without an href are skipped. Null when there is none.
 */
export function alternateLink(links: readonly XmlElement[], context: ParseContext): string | null {
  let fallback: XmlElement | null = null;
  for (const link of links) {
    if (!link.attrs.href?.trim() || !hasRelation(link, 'alternate')) continue;
    const type = link.attrs.type?.trim().toLowerCase();
    if (type === undefined || type === '' || type.includes('html'))
      return resolveFeedUrl(link.attrs.href, baseAt(context, link));
    fallback ??= link;
  }
  return fallback ? resolveFeedUrl(fallback.attrs.href, baseAt(context, fallback)) : null;
}
