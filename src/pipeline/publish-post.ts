import { createHash } from 'node:crypto';
import type { Config, SourceConfig } from '../config/resolve-config.js';
import { cleaningKey, reuseStoredCleaning, type CleaningSettings } from '../content/cleaning-key.js';
import { readSecret } from '../io/secret-file.js';
import { processItemContent, type ProcessedContent } from '../content/process-content.js';
import type { PostToWrite } from '../posts/hexo-writer.js';
import type { StoredItem } from '../store/store.js';

/**
 * Bumped whenever a Hexo post renders differently from the same item and settings (front matter,
 * escaping): every recorded post is then stale, and the next publish writes them again.
 */
const POST_FORMAT = 1;

/** What a source's posts are written with, worked out once per source and publish. */
export interface PostSettings {
  /** The cleaning options of the source's items. */
  cleaning: CleaningSettings;
  /** The key of `cleaning` (see `cleaningKey`): a stored cleaning under another key is stale. */
  cleaningKey: string;
  /** The secret that seals stored cleanings (`storedCleaningKey`), or null when there is none. */
  sealSecret: string | null;
  /**
   * The key of everything besides the item that a post shows: the format, the source's
   * categories and author, and the cleaning. A post recorded under another key is stale.
   */
  key: string;
}

/** The cleaning options of `source`'s items under `config`. */
export function cleaningSettingsOf(source: SourceConfig, config: Config): CleaningSettings {
  return {
    images: { mode: source.proxyMode, target: config.proxy.target },
    coverFallback: config.cover.fallback,
    iframeHosts: config.content.iframeHosts,
  };
}

/** The settings `source`'s Hexo posts are written with under `config`. */
export function postSettingsOf(source: SourceConfig, config: Config): PostSettings {
  const cleaning = cleaningSettingsOf(source, config);
  const contentKey = cleaningKey(cleaning);
  const key = createHash('sha256')
    .update(JSON.stringify([POST_FORMAT, source.categories, source.author, contentKey]))
    .digest('hex')
    .slice(0, 32);
  return { cleaning, cleaningKey: contentKey, sealSecret: readSecret(config.seal, false), key };
}

/**
 * An item's cleaned article and cover: the cleaning ingest stored, when it was made with these
 * settings from this content, else made now (the config changed since ingest, or the item was
 * stored before ingest cleaned).
 */
export function cleanedContentOf(item: StoredItem, settings: PostSettings): ProcessedContent {
  return (
    reuseStoredCleaning(item, settings.cleaningKey, settings.cleaning.iframeHosts, settings.sealSecret) ??
    processItemContent(item, { ...settings.cleaning, sourceKey: item.sourceKey, identity: item.identity })
  );
}

/**
 * What the Hexo writer needs to write the post of one stored item of `source`, with the stamp it
 * records (the item's `changedAt` and the settings' key), so that publishing skips the post until
 * either changes.
 */
export function postToWrite(item: StoredItem, source: SourceConfig, settings: PostSettings): PostToWrite {
  return {
    item,
    source,
    content: cleanedContentOf(item, settings),
    stamp: { from: item.changedAt, settings: settings.key },
  };
}
