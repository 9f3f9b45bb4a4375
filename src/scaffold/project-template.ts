/** What a new project is set up with. */
export interface ProjectOptions {
  name: string;
  title: string;
  url: string;
  /** An RSSHub instance URL, or a local folder of route files (offline). */
  rsshub: string;
}

/** How the project gets newsmill: the tarball init packed into vendor/, or a registry range. */
export interface NewsmillDependency {
  /** The package.json specifier: `file:vendor/newsmill-<version>.tgz` or `^<version>`. */
  spec: string;
  version: string;
  /** The vendored tarball, relative to the project, when there is one. */
  tarball?: string;
}

/** The package name npm accepts for a folder name: lower case, dashes, never empty. */
export function packageName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'my-news'
  );
}

/** The commented `newsmill.yaml` of a new project: a small selection from the bundled catalogue. */
export function renderProjectConfig(options: ProjectOptions): string {
  return `# ${options.title}: a news site that newsmill keeps up to date.
# npm run update   fetches every source below into the store (.newsmill/), then builds the site
# The workflow in .github/workflows/newsmill.yml does the same on a schedule and publishes to GitHub Pages.

site:
  title: ${JSON.stringify(options.title)}
  url: ${JSON.stringify(options.url)} # where the site is served, e.g. https://<user>.github.io/<repo>/
  language: zh-CN
  perPage: 20
  feeds: { home: [atom, rss, json], categories: [atom] } # formats: atom, rss, json

output:
  site: public # the built site; deployed by the workflow, never committed
  # hexo: hexo # uncomment to also write Hexo posts into an existing Hexo site

# One copy of each story: the same article from several sources (links equal but for tracking
# parameters, www., AMP…) shows once on the site, "also in" the others. off: every item, as fetched.
dedupe: { site: link, hexo: off }

store: .newsmill/newsmill.db # the workflow restores and saves it with the Actions cache
rsshub: ${JSON.stringify(options.rsshub)} # one instance, or a list tried in order
timezone: Asia/Shanghai # for feed dates without an offset

# Images. An https page cannot show plain-http images (browsers block mixed content), so those go
# through an image proxy; until base or template is set they stay as they are and run and build warn.
#   mode      http-only: proxy plain-http images only. all: every image, which also hides readers'
#             addresses from image hosts and gets past hotlink blocking, at the cost of proxy traffic.
#   base      newsmill's own proxy, which signs every image URL and refuses private addresses:
#             \`newsmill proxy\` on a server, or the Cloudflare Worker in proxy-worker/ (see README.md).
#             Its secret comes from the NEWSMILL_PROXY_SECRET environment variable (in the workflow,
#             the repository secret of that name), never from this file.
#   template  any other proxy, such as the old "cors worker": {url} is replaced by the image URL.
#             Unsigned, so anyone can use it to fetch anything.
proxy:
  mode: http-only
  # base: https://${packageName(options.name)}-images.<your-account>.workers.dev
  # template: https://proxy.example.com/?url={url}

retention:
  maxItemsPerSource: 1000 # keeps the store and the site bounded for years
  # maxAgeDays: 365

# Pick sources from RSSHub's route catalogue: top category / source / channel.
# See what is available with: npx newsmill catalogue catalogue/rsshub-namespace.json
catalogue:
  docs: catalogue/rsshub-namespace.json
  select:
    - 其他/ZAKER/分类
    - 新媒体/36kr/资讯热榜
    - 新媒体/cnBeta.COM/头条资讯
    - 编程/掘金/分类
    - 编程/开源中国/资讯
    - 编程/Go 语言中文网/周刊
  params:
    /juejin/category/:category:
      category: frontend

# Any other feed: npx newsmill sources add <url> --categories top/source/channel
sources:
`;
}

/**
 * Files that never belong in git: dependencies, the store (cached by the workflow), the built site,
 * and secrets (.env, wrangler dev's .dev.vars, a store's seal secret wherever the store is).
 * vendor/ is not among them: the workflow installs newsmill from the tarball there.
 */
export const PROJECT_GITIGNORE = `node_modules/
.newsmill/
public/
.*.newsmill-staging/
.*.newsmill-lock*
test-artifacts/
.env
*.seal
.dev.vars*
.wrangler/
`;

/** The project's package.json: newsmill as its one dependency, and the scripts that run that copy. */
export function renderPackageJson(options: ProjectOptions, newsmill: NewsmillDependency): string {
  const manifest = {
    name: packageName(options.name),
    private: true,
    type: 'module',
    engines: { node: '>=22.12.0' },
    scripts: {
      update: 'newsmill run && newsmill build',
      serve: 'newsmill serve',
      sources: 'newsmill sources',
    },
    dependencies: { newsmill: newsmill.spec },
    // npm 11 lists install scripts a project has not allowed; better-sqlite3's builds SQLite's
    // binding, without which newsmill cannot open its store.
    allowScripts: { 'better-sqlite3': true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
