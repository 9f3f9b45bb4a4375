/**
 * One route of RSSHub's catalogue, read as the three-level tree of its docs: the page's `#` heading
 * (top category), the `##` heading (source) and the `###` heading (channel).
 */
export interface CatalogueEntry {
  /** The top category, e.g. `新媒体`. */
  category: string;
  /** The source (site), e.g. `ZAKER`. */
  source: string;
  /** The channel, e.g. `分类`. */
  channel: string;
  /** The documented example route, such as `/zaker/channel/13`, or null when the docs give none. */
  route: string | null;
  /** The full route template including the namespace, such as `/zaker/:type/:id`. */
  path: string;
  /** The RSSHub instance needs configuration (keys, cookies, self-hosting) to serve this route. */
  requiresConfig: boolean;
  /** The RSSHub instance needs a headless browser (Puppeteer) to serve this route. */
  requiresPuppeteer: boolean;
  /** The site fights crawlers, so the route often fails on public instances. */
  antiCrawler: boolean;
}

/** What reading a catalogue produced: its routes in document order, and problems that were skipped over. */
export interface Catalogue {
  entries: CatalogueEntry[];
  warnings: string[];
}

/** The language of category names derived from slugs (the namespace API gives slugs, the docs give names). */
export type CatalogueLanguage = 'zh' | 'en';

// The display names RSSHub's docs use for each category slug (docs/.vitepress sidebar and page titles).
// A generated catalogue carries the docs' names of its day in `$meta`, and those win over this table.
const CATEGORY_NAMES: Record<string, { zh: string; en: string }> = {
  popular: { zh: '热门', en: 'Popular' },
  'social-media': { zh: '社交媒体', en: 'Social Media' },
  'new-media': { zh: '新媒体', en: 'New Media' },
  'traditional-media': { zh: '传统媒体', en: 'News' },
  bbs: { zh: '论坛', en: 'BBS' },
  blog: { zh: '博客', en: 'Blog' },
  programming: { zh: '编程', en: 'Programming' },
  design: { zh: '设计', en: 'Design' },
  live: { zh: '直播', en: 'Live' },
  multimedia: { zh: '多媒体', en: 'Multimedia' },
  picture: { zh: '图片', en: 'Picture' },
  anime: { zh: '二次元', en: 'ACG' },
  'program-update': { zh: '程序更新', en: 'Application Updates' },
  university: { zh: '大学通知', en: 'University' },
  forecast: { zh: '预报预警', en: 'Forecast and Alerts' },
  travel: { zh: '出行旅游', en: 'Travel' },
  shopping: { zh: '购物', en: 'Shopping' },
  game: { zh: '游戏', en: 'Gaming' },
  reading: { zh: '阅读', en: 'Reading' },
  government: { zh: '政府', en: 'Government' },
  study: { zh: '学习', en: 'Study' },
  journal: { zh: '科学期刊', en: 'Scientific Journal' },
  finance: { zh: '金融', en: 'Finance' },
  sport: { zh: '体育', en: 'Sport' },
  other: { zh: '其他', en: 'Uncategorized' },
};

/** The docs' display name of a category slug in `language`; an unknown slug is shown as written. */
export function categoryDisplayName(slug: string, language: CatalogueLanguage): string {
  return CATEGORY_NAMES[slug]?.[language] ?? slug;
}

/** `zh` for any Chinese BCP 47 tag (zh, zh-CN, zh-Hant…), else `en`. */
export function catalogueLanguageOf(siteLanguage: string): CatalogueLanguage {
  return /^zh\b/i.test(siteLanguage) ? 'zh' : 'en';
}
