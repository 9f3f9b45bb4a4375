import type { Enclosure } from '../core/model.js';
import type { ParseContext } from './parse-context.js';
import { addEnclosure, baseAt } from './parse-context.js';
import { nonEmptyHtml, textToHtml } from './text-html.js';
import { resolveFeedUrl } from './resolve-url.js';
import type { XmlElement } from './xml-node.js';
import { textContent } from './xml-node.js';

/** Images and files found in Media RSS and iTunes elements of one item or entry. */
export interface MediaFindings {
  /** `media:thumbnail`, the feed's explicit choice of picture. */
  thumbnail: string | null;
  /** The first `media:content` that is an image. */
  imageContent: string | null;
  /** `itunes:image`, episode art. */
  itunesImage: string | null;
  /** `media:description` (YouTube puts the video's text here), as HTML. */
  description: string | null;
}

/** Creates an empty findings record. */
export function createMediaFindings(): MediaFindings {
  return { thumbnail: null, imageContent: null, itunesImage: null, description: null };
}

/**
 * Reads a Media RSS (`media:content`, `media:thumbnail`, `media:group`) or `itunes:image` element
 * into findings and enclosures; returns false when the element is none of these.
 */
export function readMediaElement(
  context: ParseContext,
  element: XmlElement,
  found: MediaFindings,
  enclosures: Enclosure[],
): boolean {
  const base = baseAt(context, element);
  switch (element.name) {
    case 'media:thumbnail':
      found.thumbnail ??= resolveFeedUrl(element.attrs.url, base);
      return true;
    case 'media:content': {
      const { url, type, medium, filesize } = element.attrs;
      if (medium === 'image' || type?.startsWith('image/')) {
        found.imageContent ??= resolveFeedUrl(url, base);
      } else if (url) {
        addEnclosure(enclosures, url, base, type, filesize);
      }
      // Thumbnails may sit inside media:content (Media RSS spec, "Optional Elements").
      for (const child of element.children) {
        if (typeof child !== 'string') readMediaElement(context, child, found, enclosures);
      }
      return true;
    }
    case 'media:group':
      for (const child of element.children) {
        if (typeof child !== 'string') readMediaElement(context, child, found, enclosures);
      }
      return true;
    case 'media:description':
      found.description ??= nonEmptyHtml(mediaDescription(element));
      return true;
    case 'itunes:image':
      found.itunesImage ??= resolveFeedUrl(element.attrs.href ?? element.attrs.url, base);
      return true;
    default:
      return false;
  }
}

/** Picks an item's image: Media RSS thumbnail, then image content, iTunes art, then an image enclosure. */
export function pickImage(found: MediaFindings, enclosures: Enclosure[]): string | null {
  return (
    found.thumbnail ??
    found.imageContent ??
    found.itunesImage ??
    enclosures.find((enclosure) => enclosure.type?.startsWith('image/'))?.url ??
    null
  );
}

/** Media RSS `media:description` as HTML: it is plain text unless `type="html"`. */
export function mediaDescription(element: XmlElement): string {
  const text = textContent(element);
  return element.attrs.type?.trim().toLowerCase() === 'html' ? text : (textToHtml(text) ?? '');
}
