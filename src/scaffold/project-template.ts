/** What a new project is set up with. */
export interface ProjectOptions {
  name: string;
  title: string;
  url: string;
  /** An RSSHub instance URL, or a local folder of route files (offline). */
  rsshub: string;
}

/** The commented `newsmill.yaml` of a new project: a small selection from the bundled catalogue. */
export function renderProjectConfig(options: ProjectOptions): string {
  return `# ${options.title}: a news site that newsmill keeps up to date.
# newsmill run    fetches every source below into the store (.newsmill/)
# newsmill build  renders the site into public/
# The workflow in .github/workflows/newsmill.yml does both on a schedule and publishes to GitHub Pages.

site:
  title: ${JSON.stringify(options.title)}
  url: ${JSON.stringify(options.url)} # where the site is served, e.g. https://<user>.github.io/<repo>/
  language: zh-CN
  perPage: 20

output:
  site: public # the built site; deployed by the workflow, never committed
  # hexo: hexo # uncomment to also write Hexo posts into an existing Hexo site

store: .newsmill/newsmill.db # the workflow restores and saves it with the Actions cache
rsshub: ${JSON.stringify(options.rsshub)} # one instance, or a list tried in order
timezone: Asia/Shanghai # for feed dates without an offset

proxy:
  mode: http-only # plain-http images would be blocked on an https site
  # base: https://img.example.com # your \`newsmill proxy\`; its secret comes from NEWSMILL_PROXY_SECRET

retention:
  maxItemsPerSource: 1000 # keeps the store and the site bounded for years
  # maxAgeDays: 365

# Pick sources from RSSHub's route catalogue: top category / source / channel.
# See what is available with: newsmill catalogue catalogue/rsshub-namespace.json
catalogue:
  docs: catalogue/rsshub-namespace.json
  select:
    - 新媒体/ZAKER/source
    - 新媒体/36kr/资讯
    - 新媒体/cnBeta/*
    - 编程/掘金/分类
    - 编程/开源中国/资讯
    - 编程/Dockone/周报
  params:
    /juejin/category/:category:
      category: frontend

# Any other feed: newsmill sources add <url> --categories top/source/channel
sources:
`;
}

/** Files that never belong in git: dependencies, the store (cached by the workflow), the built site. */
export const PROJECT_GITIGNORE = `node_modules/
.newsmill/
public/
.*.newsmill-staging/
.*.newsmill-lock*
test-artifacts/
.env
`;

/** The project's package.json: newsmill as its one dependency, and the update script. */
export function renderPackageJson(options: ProjectOptions): string {
  const manifest = {
    name:
      options.name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'my-news',
    private: true,
    type: 'module',
    engines: { node: '>=20.19.0' },
    scripts: {
      update: 'newsmill run && newsmill build',
      serve: 'newsmill serve',
      sources: 'newsmill sources',
    },
    dependencies: { newsmill: '^0.1.0' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The project's README: what is where, and the commands. */
export function renderProjectReadme(options: ProjectOptions): string {
  return `# ${options.title}

Built with newsmill.

\`\`\`sh
npm install && npm run update   # fetch the sources and build the site into public/
npm run serve                   # preview it at http://127.0.0.1:4000/
\`\`\`

- \`newsmill.yaml\`: the sources (selected from \`catalogue/\`, or added with \`newsmill sources add\`).
- \`.github/workflows/newsmill.yml\`: updates and publishes the site to GitHub Pages on a schedule.
  Enable Pages with "Source: GitHub Actions".
`;
}
