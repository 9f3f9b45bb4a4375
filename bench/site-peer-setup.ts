/**
 * The site bench's peers as a user would set them up: a Hexo 8 site with the landscape theme and a
 * Hugo site with minimal layouts, each configured to write pages as files as newsmill does.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A Hexo site in `dir`/hexo using this checkout's Hexo packages. */
export function setUpHexo(dir: string, repo: string): void {
  const root = path.join(dir, 'hexo');
  mkdirSync(path.join(root, 'source/_posts'), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  const plugins = [
    'hexo',
    'hexo-generator-archive',
    'hexo-generator-category',
    'hexo-generator-index',
    'hexo-generator-tag',
  ].concat(['hexo-renderer-ejs', 'hexo-renderer-marked', 'hexo-renderer-stylus', 'hexo-theme-landscape']);
  const dependencies = Object.fromEntries(plugins.map((name) => [name, '*']));
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'bench', private: true, hexo: { version: '8.1.2' }, dependencies }),
  );
  writeFileSync(
    path.join(root, '_config.yml'),
    // Post pages as files, as newsmill and (uglyURLs) Hugo write them here.
    'title: bench\nurl: https://bench.example.cn\ntheme: landscape\nper_page: 20\nlanguage: zh-CN\ntimezone: Asia/Shanghai\npermalink: :year/:month/:day/:title.html\n',
  );
}

/** A Hugo site in `dir`/hugo. */
export function setUpHugo(dir: string): void {
  const root = path.join(dir, 'hugo');
  mkdirSync(path.join(root, 'content/posts'), { recursive: true });
  mkdirSync(path.join(root, 'layouts/_default'), { recursive: true });
  writeFileSync(
    path.join(root, 'config.toml'),
    // uglyURLs: posts and numbered list pages as files (posts/x.html, page/2.html), as newsmill writes them.
    'baseURL = "https://bench.example.cn/"\ntitle = "bench"\nlanguageCode = "zh-CN"\npaginate = 20\nuglyURLs = true\ntimeZone = "Asia/Shanghai"\n[taxonomies]\ncategory = "categories"\n',
  );
  const item = `<li><img src="{{ index .Params.images 0 }}" loading="lazy" referrerpolicy="no-referrer" alt=""><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02 15:04" }}</time> {{ range .Params.categories }}<a href="{{ "categories/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}<p>{{ .Summary | plainify | truncate 140 }}</p></li>`;
  const layouts: Record<string, string> = {
    'baseof.html':
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>',
    'list.html': `{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}${item}{{ end }}</ol>{{ template "_internal/pagination.html" . }}{{ end }}`,
    'single.html':
      '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02 15:04" }}</time> {{ range .Params.categories }}{{ . }} {{ end }}<img src="{{ index .Params.images 0 }}" alt="">{{ .Content }}</article>{{ end }}',
  };
  for (const [name, text] of Object.entries(layouts))
    writeFileSync(path.join(root, 'layouts/_default', name), text);
  writeFileSync(
    path.join(root, 'layouts/index.html'),
    `{{ define "main" }}<ol>{{ range (.Paginate (where .Site.RegularPages "Type" "posts")).Pages }}${item}{{ end }}</ol>{{ template "_internal/pagination.html" . }}{{ end }}`,
  );
}
