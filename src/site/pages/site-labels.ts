/** The interface strings of the site, in one language. */
export interface SiteLabels {
  skip: string;
  categories: string;
  /** The search page's choice of no one top category. */
  allCategories: string;
  search: string;
  searchPlaceholder: string;
  archives: string;
  newer: string;
  older: string;
  pagination: string;
  /** The links from a post page to the newer and the older post. */
  postNavigation: string;
  /** The divider above the posts of a list that were there at the reader's last visit. */
  since: string;
  markAll: string;
  hideRead: string;
  /** Shown instead of the date of an item neither its feed nor its neighbours dated. */
  dateUnknown: string;
  /** The first page of a list, where its newest posts are. */
  latest: string;
  page: string;
  original: string;
  /** Before the other sources that carried a story the site shows once. */
  alsoIn: string;
  /** Between the names of a list: `、` in Chinese. */
  listSeparator: string;
  /** The link from a feed's excerpt of a very long article to its page. */
  readMore: string;
  notFound: string;
  notFoundText: string;
  /** The page shown offline for a page not kept for offline reading. */
  offline: string;
  offlineText: string;
  home: string;
  feeds: string;
  breadcrumbs: string;
  postsIn: string;
  searchLoading: string;
  searchFound: string;
  searchNone: string;
  searchFailed: string;
  searchMore: string;
  poweredBy: string;
}

const ZH: SiteLabels = {
  skip: '跳到正文',
  categories: '分类',
  allCategories: '全部分类',
  search: '搜索',
  searchPlaceholder: '搜索文章',
  archives: '归档',
  newer: '← 较新',
  older: '较早 →',
  pagination: '分页',
  postNavigation: '上一篇和下一篇',
  latest: '最新',
  dateUnknown: '日期不详',
  since: '以下是上次访问时已有的文章',
  markAll: '全部标为已读',
  hideRead: '隐藏已读',
  page: '第 {n} 页',
  original: '阅读原文',
  alsoIn: '另见',
  listSeparator: '、',
  readMore: '阅读全文',
  notFound: '页面不存在',
  notFoundText: '没有找到这个页面。可以回到首页，或者搜索一下。',
  offline: '离线中',
  offlineText: '现在没有网络，这个页面还没有保存下来。读过的页面离线也能打开。',
  home: '首页',
  feeds: '订阅',
  breadcrumbs: '位置',
  postsIn: '{n} 篇文章',
  searchLoading: '正在搜索…',
  searchFound: '找到 {n} 条结果',
  searchNone: '没有找到结果',
  searchFailed: '搜索索引加载失败',
  searchMore: '更多结果',
  poweredBy: '由 newsmill 生成',
};

const EN: SiteLabels = {
  skip: 'Skip to content',
  categories: 'Categories',
  allCategories: 'All categories',
  search: 'Search',
  searchPlaceholder: 'Search posts',
  archives: 'Archives',
  newer: '← Newer',
  older: 'Older →',
  pagination: 'Pagination',
  postNavigation: 'Newer and older posts',
  latest: 'Latest',
  dateUnknown: 'Date unknown',
  since: 'Here since your last visit',
  markAll: 'Mark all as read',
  hideRead: 'Hide read',
  page: 'Page {n}',
  original: 'Read the original',
  alsoIn: 'Also in',
  listSeparator: ', ',
  readMore: 'Read the whole article',
  notFound: 'Page not found',
  notFoundText: 'This page does not exist. Go back to the home page, or search.',
  offline: 'You are offline',
  offlineText: 'There is no connection, and this page was not kept. Pages you have read open offline too.',
  home: 'Home',
  feeds: 'Feeds',
  breadcrumbs: 'Breadcrumbs',
  postsIn: '{n} posts',
  searchLoading: 'Searching…',
  searchFound: '{n} results',
  searchNone: 'No results',
  searchFailed: 'The search index could not be loaded',
  searchMore: 'More results',
  poweredBy: 'Built by newsmill',
};

/** Chinese strings for `zh*` sites, English otherwise. */
export function siteLabelsFor(language: string): SiteLabels {
  return language.toLowerCase().startsWith('zh') ? ZH : EN;
}
