import { contentHash } from '../search/search-index.js';
import { readerScript } from './reader-script.js';
import { createSearchScript } from './search-script.js';
import { siteCss } from './site-css.js';

/** A static asset with a fingerprinted path: its name changes exactly when its bytes do. */
export interface SiteAsset {
  path: string;
  content: string;
}

/** The fingerprinted stylesheet and scripts every build ships. */
export interface SiteAssets {
  css: SiteAsset;
  search: SiteAsset;
  /** Read state and keyboard navigation on list and post pages. */
  reader: SiteAsset;
}

/** Creates the site's assets; nothing is loaded from a CDN. */
export function createSiteAssets(): SiteAssets {
  const search = createSearchScript();
  return {
    css: { path: `assets/site.${contentHash(siteCss)}.css`, content: siteCss },
    search: { path: `assets/search.${contentHash(search)}.js`, content: search },
    reader: { path: `assets/reader.${contentHash(readerScript)}.js`, content: readerScript },
  };
}
