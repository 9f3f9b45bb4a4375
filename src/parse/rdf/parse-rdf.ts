import type { Feed } from '../../core/model.js';
import type { ParseContext } from '../parse-context.js';
import { adaptRssFeed } from '../rss/rss-feed.js';
import { childElement, childElements } from '../xml-node.js';
import type { XmlElement } from '../xml-node.js';

/**
 * Maps an RSS 1.0 (or 0.90) document, root `rdf:RDF`, to the model. Its channel and items use the
 * RSS vocabulary, so the RSS reader and adapter apply; only the layout differs: items are siblings
 * of the channel (RSS 1.0 §5.5), and `rdf:about` names each item.
 */
export function parseRdf(root: XmlElement, context: ParseContext): Feed {
  const channel = childElement(root, 'channel');
  const items = [...childElements(root, 'item'), ...(channel ? childElements(channel, 'item') : [])];
  return adaptRssFeed('rdf', channel, items, context);
}
