import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Hexo from 'hexo';
import { DomUtils, parseDocument } from 'htmlparser2';
import { repoRoot } from './demo-site.js';

/** The Hexo plugins installed as newsmill devDependencies, which a test site loads. */
export const hexoPlugins = [
  'hexo-generator-archive',
  'hexo-generator-category',
  'hexo-generator-index',
  'hexo-generator-tag',
  'hexo-renderer-ejs',
  'hexo-renderer-marked',
  'hexo-renderer-stylus',
] as const;

/** Settings of a temporary Hexo site; everything else is Hexo's default. */
export interface HexoSiteOptions {
  /** `_config.yml` `timezone`; Hexo's own default (and `hexo init`'s) is empty, the process zone. */
  timezone?: string;
  /** `_config.yml` `permalink`. */
  permalink?: string;
  /** Posts per index, archive and category page; large values keep a 1,000-post site fast. */
  perPage?: number;
}

/**
 * Creates a Hexo site in a temp folder without the network: `_config.yml` with the landscape theme,
 * a `package.json` listing the installed plugins, and `node_modules` linked to newsmill's, where
 * Hexo finds both the plugins and `hexo-theme-landscape` (Hexo ≥ 5 resolves theme `landscape` there).
 */
export function createHexoSite(options: HexoSiteOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-hexo-'));
  const perPage = options.perPage ?? 10;
  const config = [
    'title: newsmill Hexo compatibility',
    'language: zh-CN',
    // Quoted: js-yaml would read an empty value as null, and Hexo wants a string.
    `timezone: ${JSON.stringify(options.timezone ?? '')}`,
    'url: https://example.github.io/newsmill',
    `permalink: ${JSON.stringify(options.permalink ?? ':year/:month/:day/:title/')}`,
    'source_dir: source',
    'public_dir: public',
    'new_post_name: :title.md',
    'post_asset_folder: false',
    'relative_link: false',
    'future: true',
    'render_drafts: false',
    'highlight: { enable: true, line_number: true, auto_detect: false }',
    'prismjs: { enable: false }',
    `index_generator: { path: '', per_page: ${perPage}, order_by: -date }`,
    `archive_generator: { per_page: ${perPage}, yearly: true, monthly: false, daily: false }`,
    `category_generator: { per_page: ${perPage} }`,
    `tag_generator: { per_page: ${perPage} }`,
    `per_page: ${perPage}`,
    'theme: landscape',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, '_config.yml'), config);
  const dependencies = Object.fromEntries(
    ['hexo', ...hexoPlugins, 'hexo-theme-landscape'].map((name) => [name, '*']),
  );
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'newsmill-hexo-site', private: true, hexo: { version: '8.1.2' }, dependencies }, null, 2)}\n`,
  );
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  mkdirSync(path.join(dir, 'source', '_posts'), { recursive: true });
  return dir;
}

/** One message Hexo logged at warning level or above. */
export interface HexoLogEntry {
  level: 'warn' | 'error' | 'fatal';
  message: string;
}

/** A post as Hexo's own post model sees it after `generate`. */
export interface HexoPostInfo {
  /** The file below `source/`, e.g. `_posts/编程/掘金/热门/x.md`. */
  source: string;
  /** The URL path below the site root, e.g. `2021/12/16/x/`. */
  path: string;
  title: string;
  /** Category names from the root down. */
  categories: string[];
  /** The instant Hexo assigned, ISO 8601 UTC. */
  date: string;
}

/** A category as Hexo's category model sees it. */
export interface HexoCategoryInfo {
  /** Names from the root down to this category. */
  chain: string[];
  /** The URL path of its list page, e.g. `categories/编程/掘金/`. */
  path: string;
  /** Posts in this category or below it. */
  postCount: number;
}

/** What one `hexo generate` left behind. */
export interface HexoGenerateResult {
  publicDir: string;
  posts: HexoPostInfo[];
  categories: HexoCategoryInfo[];
  /** Warnings, errors and fatal messages Hexo logged, in order. */
  problems: HexoLogEntry[];
}

interface HexoDocument {
  source: string;
  path: string;
  title: string;
  date: { toISOString(): string };
  categories: { toArray(): { name: string; parent?: string; _id: string }[] };
}

/**
 * Runs `hexo generate` in-process on a site made by {@link createHexoSite} and collects what Hexo
 * logged at warning level or above (Hexo reports a failed post or layout by logging, not throwing).
 */
export async function generateHexoSite(dir: string): Promise<HexoGenerateResult> {
  const hexo = new Hexo(dir, { silent: true, _: ['generate'] });
  const problems: HexoLogEntry[] = [];
  for (const level of ['warn', 'error', 'fatal'] as const) {
    const original = hexo.log[level].bind(hexo.log);
    hexo.log[level] = (...args: unknown[]) => {
      problems.push({ level, message: describeLogArguments(args) });
      original(...args);
    };
  }
  try {
    await hexo.init();
    await hexo.call('generate', {});
    const posts = (hexo.locals.get('posts') as { toArray(): HexoDocument[] }).toArray().map(toPostInfo);
    const categories = (hexo.locals.get('categories') as { toArray(): HexoCategory[] }).toArray();
    return {
      publicDir: path.join(dir, 'public'),
      posts,
      categories: categories.map(toCategoryInfo),
      problems,
    };
  } catch (error) {
    problems.push({ level: 'fatal', message: describeLogArguments([error]) });
    return { publicDir: path.join(dir, 'public'), posts: [], categories: [], problems };
  } finally {
    await hexo.exit();
  }
}

interface HexoCategory {
  name: string;
  path: string;
  parent?: string;
  _id: string;
  length: number;
}

function toCategoryInfo(category: HexoCategory, _index: number, all: HexoCategory[]): HexoCategoryInfo {
  const chain = [category.name];
  for (let parent = category.parent; parent;) {
    const next = all.find((candidate) => candidate._id === parent);
    if (!next) break;
    chain.unshift(next.name);
    parent = next.parent;
  }
  return { chain, path: category.path, postCount: category.length };
}

function toPostInfo(post: HexoDocument): HexoPostInfo {
  return {
    source: post.source,
    path: post.path,
    title: post.title,
    categories: categoryChain(post.categories.toArray()),
    date: post.date.toISOString(),
  };
}

// Hexo stores a post's categories as a set of category documents, each pointing at its parent.
function categoryChain(categories: { name: string; parent?: string; _id: string }[]): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let parent: string | undefined;
  for (;;) {
    const next = categories.find((category) => category.parent === parent && !seen.has(category._id));
    if (!next) return chain;
    chain.push(next.name);
    seen.add(next._id);
    parent = next._id;
  }
}

function describeLogArguments(args: unknown[]): string {
  return args
    .map((arg) => {
      if (arg instanceof Error) return arg.stack ?? arg.message;
      const err = (arg as { err?: unknown } | null)?.err;
      if (err instanceof Error) return err.stack ?? err.message;
      return typeof arg === 'string' ? arg : JSON.stringify(arg);
    })
    .join(' ');
}

/** What a reader sees on one landscape post page. */
export interface PostPage {
  /** The text of the `<h1>` headline, trimmed. */
  headline: string;
  /** Whether the headline holds only text, i.e. the title was HTML-escaped. */
  headlineIsText: boolean;
  /** The category links of the article, from the root down. */
  categories: string[];
  /** The `datetime` of the article's `<time>`. */
  datetime: string;
  /** The article body's text, entities decoded, as a browser shows it. */
  bodyText: string;
  /** The text of each `<pre>` in the body, entities decoded. */
  codeBlocks: string[];
}

/** Reads `public/<post path>index.html` of a landscape site and picks out what a reader sees. */
export function readPostPage(publicDir: string, postPath: string): PostPage {
  const html = readFileSync(path.join(publicDir, postPath, 'index.html'), 'utf8');
  const document = parseDocument(html);
  const article = DomUtils.findOne((node) => hasClass(node, 'article'), document.children);
  if (!article) throw new Error(`${postPath}: no article`);
  const inside = (className: string) => DomUtils.findOne((node) => hasClass(node, className), [article]);
  const headline = inside('article-title');
  const body = inside('article-entry');
  const time = DomUtils.findOne((node) => node.name === 'time', [article]);
  const categoryList = inside('article-category');
  if (!headline || !body || !time || !categoryList) throw new Error(`${postPath}: not a landscape post page`);
  return {
    headline: DomUtils.textContent(headline).trim(),
    headlineIsText: headline.children.every((node) => node.type === 'text'),
    categories: DomUtils.findAll((node) => node.name === 'a', [categoryList]).map((a) =>
      DomUtils.textContent(a).trim(),
    ),
    datetime: DomUtils.getAttributeValue(time, 'datetime') ?? '',
    bodyText: DomUtils.textContent(body),
    codeBlocks: DomUtils.findAll((node) => node.name === 'pre', [body]).map((pre) =>
      DomUtils.textContent(pre),
    ),
  };
}

type DomElement = NonNullable<ReturnType<typeof DomUtils.findOne>>;

function hasClass(node: DomElement, className: string): boolean {
  return (node.attribs.class ?? '').split(/\s+/).includes(className);
}
