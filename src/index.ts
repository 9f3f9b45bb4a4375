/** newsmill as a library: each stage's entry point, plus the item model that connects them. */
export type { Enclosure, Feed, FeedFormat, FeedItem } from './core/model.js';
export { toFeedJson, type FeedJson } from './core/feed-json.js';
export {
  NewsmillError,
  ConfigError,
  FetchError,
  ParseError,
  StoreError,
  OutputError,
} from './core/errors.js';
export { itemIdentity, assignIdentities } from './core/item-identity.js';
export { loadConfig, parseConfigText } from './config/load-config.js';
export type { Config, SourceConfig, ProxyTarget } from './config/resolve-config.js';
export { fetchSource } from './fetch/fetch-source.js';
export { parseFeed } from './parse/parse-feed.js';
export { parseFeedDate } from './parse/date.js';
export { sanitizeArticleHtml } from './content/sanitize.js';
export { processItemContent } from './content/process-content.js';
export { proxyImageUrl } from './content/image-proxy.js';
export { signImageUrl } from './core/image-proxy-target.js';
export { verifyImageUrl } from './proxy/url-signing.js';
export { openStore } from './store/open-store.js';
export { openSqliteStore } from './store/sqlite-store.js';
export type { StoreTarget } from './core/store-target.js';
export type {
  Store,
  StoredItem,
  SavedItem,
  SourceStore,
  ItemStore,
  OutputStore,
  RetentionStore,
  PageCacheStore,
  BackupStore,
} from './store/store.js';
export { renderHexoPost } from './posts/render-post.js';
export { createHexoWriter } from './posts/hexo-writer.js';
export { refreshSource } from './pipeline/refresh-source.js';
export { ingestSource } from './pipeline/ingest-source.js';
export { openHexoOutput, publishHexo } from './pipeline/publish-hexo.js';
export { runAllSources } from './pipeline/run-all.js';
export { watchSources } from './pipeline/watch.js';
export { applyRetention } from './pipeline/apply-retention.js';
export { buildSite } from './site/build-site.js';
export type { BuildSiteOptions, BuildSummary } from './site/build-site.js';
export { createStaticSiteHandler } from './site/static-server.js';
export { createNodeProxy, createProxyRequestHandler } from './proxy/node-proxy.js';
export { createEdgeHandler } from './proxy/edge-handler.js';
