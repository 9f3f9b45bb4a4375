import type { Enclosure, FeedItem } from '../../core/model.js';
import { createMediaFindings, pickImage, readMediaElement } from '../media-rss.js';
import type { ParseContext } from '../parse-context.js';
import { addEnclosure, baseAt, describeItem, readDate, uniqueLabels } from '../parse-context.js';
import { collapseText } from '../../core/plain-text.js';
import type { XmlElement } from '../xml-node.js';
import { alternateLink, hasRelation } from './atom-link.js';
import type { RawAtomEntry } from './atom-raw.js';
import { atomHtml, atomPlainText, inlineBinaryType } from './text-construct.js';

/**
 * Maps a raw Atom entry to the model.
 *
 * - link: the first alternate link declared as HTML, else the first alternate one (atom-link.ts);
 *   `rel="enclosure"` links become enclosures. Every href resolves against its own element's
 *   `xml:base` chain.
 * - published: `published` (0.3: `issued`/`created`), then `dc:date`, falling back to `updated`;
 *   updated: `updated` (0.3: `modified`), else `dc:date`.
 * - author: every `author/name` joined with ", "; an entry without one inherits the feed's
 *   authors (RFC 4287 §4.2.1).
 * - summary and content keep their own meaning; text constructs of type "text" are escaped into HTML.
 *   Inline binary content (an image as base64) is not published, with a warning; out-of-line
 *   media content (`src` of an image, audio or video type) becomes an enclosure.
 * - baseUrl: the `xml:base` in effect on `content` (else `summary`), for relative URLs in the body.
 */
export function adaptAtomEntry(
  raw: RawAtomEntry,
  context: ParseContext,
  index: number,
  feedAuthors: string[],
): FeedItem {
  const title = atomPlainText(raw.title);
  const where = describeItem(index, title);
  const enclosures: Enclosure[] = [];
  for (const link of raw.links) {
    if (!hasRelation(link, 'enclosure')) continue;
    const { href, type, length } = link.attrs;
    addEnclosure(enclosures, href, baseAt(context, link), type, length);
  }
  addOutOfLineMedia(enclosures, raw.content, context);
  const media = createMediaFindings();
  for (const element of raw.media) readMediaElement(context, element, media, enclosures);
  for (const element of [raw.content, raw.summary]) {
    const binary = inlineBinaryType(element);
    if (element !== null && binary !== null)
      context.warnings.push(
        `${where}: ${element.name} of type ${binary} is inline binary data (RFC 4287 §4.1.3.3), not published`,
      );
  }
  const written = readDate(context, where, raw.published);
  const modified = readDate(context, where, raw.updated);
  // dc:date is read once, and only when a field needs it, so a bad one warns once or not at all.
  const dcDate = written === null || modified === null ? readDate(context, where, raw.dcDate) : null;
  const updated = modified ?? dcDate;
  const authors = uniqueLabels(raw.authors);
  const bodySource = raw.content ?? raw.summary;

  return {
    id: collapseText(raw.id),
    title,
    link: alternateLink(raw.links, context),
    published: written ?? dcDate ?? updated,
    updated,
    author: (authors.length > 0 ? authors : feedAuthors).join(', ') || null,
    summary: atomHtml(raw.summary),
    // YouTube's entries carry their text only in media:group/media:description.
    content: atomHtml(raw.content) ?? (raw.summary === null ? media.description : null),
    categories: uniqueLabels(raw.categories),
    enclosures,
    image: pickImage(media, enclosures),
    baseUrl: bodySource?.base ?? null,
  };
}

/** RFC 4287 §4.1.3.2: content at `src` of a media type is a picture or a recording to link to. */
function addOutOfLineMedia(enclosures: Enclosure[], content: XmlElement | null, context: ParseContext): void {
  const { src, type } = content?.attrs ?? {};
  if (content && src && type && /^\s*(?:image|audio|video)\//i.test(type))
    addEnclosure(enclosures, src, baseAt(context, content), type, null);
}
