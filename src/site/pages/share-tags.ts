import { escapeHtmlAttribute } from '../../io/html-escape.js';

/** What a page tells link previews and search engines about itself, beyond its title. */
export interface PageShare {
  /** The page's own absolute URL. */
  url: string;
  title: string;
  description: string;
  /** An absolute http(s) picture, or null: no picture is better than the site's placeholder. */
  image: string | null;
  /** A post page: the article, for `NewsArticle` structured data. */
  article?: {
    /** Null when neither the item nor a neighbour was dated: no date is claimed. */
    published: string | null;
    modified: string;
    author: string;
    /** The original article, which the page names as its canonical source. */
    original: string | null;
  };
}

/**
 * Open Graph and Twitter card tags, and for a post JSON-LD `NewsArticle` data: what chat apps and
 * social sites show for a shared link, and how search engines read the article. Values are
 * attribute-escaped; the JSON-LD has `<` escaped, so no text can end its script element.
 */
export function renderShareTags(siteName: string, share: PageShare): string {
  const meta = (attribute: 'property' | 'name', key: string, value: string): string =>
    `<meta ${attribute}="${key}" content="${escapeHtmlAttribute(value)}">`;
  const tags = [
    meta('property', 'og:type', share.article ? 'article' : 'website'),
    meta('property', 'og:site_name', siteName),
    meta('property', 'og:title', share.title),
    meta('property', 'og:url', share.url),
  ];
  if (share.description) tags.push(meta('property', 'og:description', share.description));
  if (share.image) tags.push(meta('property', 'og:image', share.image));
  if (share.article?.published)
    tags.push(meta('property', 'article:published_time', share.article.published));
  tags.push(meta('name', 'twitter:card', share.image ? 'summary_large_image' : 'summary'));
  if (share.article) tags.push(articleData(siteName, share, share.article));
  return tags.join('\n');
}

function articleData(siteName: string, share: PageShare, article: NonNullable<PageShare['article']>): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: share.title,
    ...(share.description ? { description: share.description } : {}),
    ...(share.image ? { image: [share.image] } : {}),
    ...(article.published ? { datePublished: article.published, dateModified: article.modified } : {}),
    author: [{ '@type': 'Organization', name: article.author }],
    publisher: { '@type': 'Organization', name: siteName },
    mainEntityOfPage: share.url,
    ...(article.original ? { isBasedOn: article.original } : {}),
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<script type="application/ld+json">${json}</script>`;
}
