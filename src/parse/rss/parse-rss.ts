import type { Feed } from '../../core/model.js';
import type { ParseContext } from '../parse-context.js';
import { childElement, childElements } from '../xml-node.js';
import type { XmlElement } from '../xml-node.js';
import { adaptRssFeed } from './rss-feed.js';

/** Maps an RSS 0.9x/2.0 document (root `<rss>`) to the model. */
export function parseRss(root: XmlElement, context: ParseContext): Feed {
  const channel = childElement(root, 'channel');
  if (channel === null) context.warnings.push('RSS document has no <channel>');
  // Some generators put items beside the channel instead of inside it; accept both.
  const items = [...(channel ? childElements(channel, 'item') : []), ...childElements(root, 'item')];
  return adaptRssFeed('rss', channel, items, context);
}
