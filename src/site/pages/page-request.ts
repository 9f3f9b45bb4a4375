import { renderListPage, type ListPageSpec } from './list-page.js';
import type { SiteFrame } from './page-layout.js';
import { renderPostPage, type PostPageSpec } from './post-page.js';

/**
 * A page to render where it is written. Post and list pages are nearly all of a site's bytes: the
 * main thread hands their specs to the writer threads, which render them, rather than rendering
 * there and copying the finished pages across (a spec holds the text but not the markup, and the
 * main thread is spared the rendering).
 */
export type PageRequest = { kind: 'list'; spec: ListPageSpec } | { kind: 'post'; spec: PostPageSpec };

/** What a planned file renders to: its text, or a page for the writer to render. */
export type SiteContent = string | PageRequest;

/** The text of `content`. */
export function renderSiteContent(frame: SiteFrame, content: SiteContent): string {
  if (typeof content === 'string') return content;
  return content.kind === 'list' ? renderListPage(frame, content.spec) : renderPostPage(frame, content.spec);
}
