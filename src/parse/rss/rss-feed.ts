import type { Feed } from '../../core/model.js';
import type { ParseContext } from '../parse-context.js';
import { declaredUpdateMinutes } from '../update-interval.js';
import type { XmlElement } from '../xml-node.js';
import { adaptRssChannel, adaptRssItem } from './rss-adapter.js';
import { readRssChannel } from './rss-raw.js';
import { readRssItem } from './rss-raw-item.js';

/**
 * Maps a channel and its items to the model. RSS 0.9x/2.0 and RSS 1.0 (RDF) write both in the
 * same vocabulary and differ only in where the items sit, which each format's parser settles
 * before calling this.
 */
export function adaptRssFeed(
  format: 'rss' | 'rdf',
  channel: XmlElement | null,
  items: readonly XmlElement[],
  context: ParseContext,
): Feed {
  const fields = channel ? adaptRssChannel(readRssChannel(channel), context) : null;
  return {
    format,
    title: fields?.title ?? null,
    link: fields?.link ?? null,
    description: fields?.description ?? null,
    ttlMinutes: declaredUpdateMinutes(channel),
    items: items.map((item, index) => adaptRssItem(readRssItem(item), context, index)),
    warnings: context.warnings,
  };
}
