import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const offlineRsshub = path.join(repoRoot, 'examples/demo/rsshub');
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[], cwd: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

describe('newsmill init', () => {
  it('writes a GitHub Actions workflow with schedule, Pages permissions, store cache and deploy steps', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    expect(newsmill(['init', 'site', '--from-registry'], dir).status).toBe(0);
    const workflow = parse(readFileSync(path.join(dir, 'site/.github/workflows/newsmill.yml'), 'utf8')) as {
      on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      concurrency: { group: string };
      jobs: {
        update: { steps: Step[] };
        deploy: { needs: string; environment: { name: string }; steps: Step[] };
      };
    };
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect('workflow_dispatch' in workflow.on).toBe(true);
    expect(workflow.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(workflow.concurrency.group).toBe('newsmill');

    const steps = workflow.jobs.update.steps;
    const uses = steps.map((step) => step.uses?.split('@')[0] ?? step.run);
    expect(uses).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'npm install --no-audit --no-fund',
      'actions/cache/restore',
      'npx --no-install newsmill run --config newsmill.yaml',
      'npx --no-install newsmill build --config newsmill.yaml',
      'npx --no-install newsmill checkpoint --config newsmill.yaml',
      'actions/cache/save',
      'actions/configure-pages',
      'actions/upload-pages-artifact',
    ]);
    const restore = steps[3]?.with ?? {};
    const save = steps[7] ?? {};
    expect(restore.path).toBe('.newsmill/newsmill.db\n.newsmill/newsmill.db-wal\n');
    expect(restore.key).toBe('newsmill-store-${{ github.run_id }}');
    expect(restore['restore-keys']).toBe('newsmill-store-');
    expect(save.with).toEqual({ path: restore.path, key: restore.key });
    expect(save.if).toBe("always() && steps.checkpoint.outcome == 'success'");
    expect(steps[4]?.env?.NEWSMILL_PROXY_SECRET).toBe('${{ secrets.NEWSMILL_PROXY_SECRET }}');
    expect(steps[9]?.with?.path).toBe('public');
    expect(workflow.jobs.deploy.needs).toBe('update');
    expect(workflow.jobs.deploy.environment.name).toBe('github-pages');
    expect(workflow.jobs.deploy.steps[0]?.uses).toMatch(/^actions\/deploy-pages@/);

    const gitignore = readFileSync(path.join(dir, 'site/.gitignore'), 'utf8');
    for (const entry of [
      'node_modules/',
      '.newsmill/',
      'public/',
      '.*.newsmill-staging/',
      '.*.newsmill-lock*',
    ])
      expect(gitignore).toContain(entry);
  });

  it('vendors the running newsmill as a tarball the project depends on and commits', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    const init = newsmill(['init', 'site'], dir);
    expect(init.status, init.stderr).toBe(0);
    const project = path.join(dir, 'site');
    const tarball = `vendor/newsmill-${version}.tgz`;
    expect(existsSync(path.join(project, tarball))).toBe(true);
    expect(init.stdout).toMatch(
      new RegExp(`^created site/${tarball} \\(newsmill ${version} packed, \\d+(\\.\\d)? MB\\)$`, 'm'),
    );
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
      allowScripts: Record<string, boolean>;
    };
    expect(manifest.dependencies).toEqual({ newsmill: `file:${tarball}` });
    expect(manifest.scripts.update).toBe('newsmill run && newsmill build');
    // npm 11 names install scripts it was not told to run; better-sqlite3's builds the SQLite binding.
    expect(manifest.allowScripts).toEqual({ 'better-sqlite3': true });
    // The tarball must reach the Actions runner: git must not ignore it, while the store and its
    // locks stay out.
    spawnSync('git', ['init', '-q'], { cwd: project });
    const ignored = (file: string) =>
      spawnSync('git', ['check-ignore', '-q', file], { cwd: project }).status === 0;
    expect(ignored(tarball)).toBe(false);
    expect(ignored('.newsmill/newsmill.db.lock')).toBe(true);
    expect(ignored('public/index.html')).toBe(true);
    expect(ignored('node_modules/newsmill/package.json')).toBe(true);
    // wrangler dev reads the Worker's secret from .dev.vars: it must never be committed.
    expect(ignored('proxy-worker/.dev.vars')).toBe(true);
  });

  it('depends on the registry version instead with --from-registry', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    expect(newsmill(['init', 'site', '--from-registry'], dir).status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'site/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies).toEqual({ newsmill: `^${version}` });
    expect(existsSync(path.join(dir, 'site/vendor'))).toBe(false);
  });

  it('explains the image proxy choice and scaffolds the signed edge proxy as a Cloudflare Worker', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    expect(newsmill(['init', 'My News!', '--from-registry'], dir).status).toBe(0);
    const project = path.join(dir, 'My News!');
    const config = readFileSync(path.join(project, 'newsmill.yaml'), 'utf8');
    for (const words of [
      'mode: http-only',
      'all',
      '# base:',
      'newsmill proxy',
      '# template:',
      '{url}',
      'NEWSMILL_PROXY_SECRET',
      'proxy-worker/',
    ])
      expect(config).toContain(words);
    const worker = readFileSync(path.join(project, 'proxy-worker/worker.js'), 'utf8');
    expect(worker).toMatch(/^import \{ createEdgeHandler \} from 'newsmill\/edge';$/m);
    expect(worker).toContain('env.NEWSMILL_PROXY_SECRET');
    const wrangler = readFileSync(path.join(project, 'proxy-worker/wrangler.toml'), 'utf8');
    expect(wrangler).toMatch(/^name = "my-news-images"$/m);
    expect(wrangler).toMatch(/^main = "worker\.js"$/m);
    expect(wrangler).toMatch(/^compatibility_flags = \["nodejs_compat"\]$/m);
    const readme = readFileSync(path.join(project, 'README.md'), 'utf8');
    expect(readme).toContain('wrangler secret put NEWSMILL_PROXY_SECRET');
    expect(readme).toContain('npm install newsmill@');
  });

  it('scaffolds a project that runs and builds offline, and never overwrites a config', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    const init = newsmill(
      ['init', 'my-news', '--from-registry', '--rsshub', offlineRsshub, '--title', '我的新闻'],
      dir,
    );
    expect(init.stdout).toContain('next: cd my-news && npm install && npm run update');
    const project = path.join(dir, 'my-news');
    const run = newsmill(['run'], project);
    expect(run.stderr).not.toMatch(/^failed/m);
    // The one warning a new project has: its https site shows plain-http images unproxied until
    // proxy.base or proxy.template is set, as the config's comments explain.
    expect(run.stderr.match(/^warning.*/gm) ?? []).toEqual([
      expect.stringMatching(/proxy has no base or template/),
    ]);
    expect(run.stdout).toMatch(/^sources: 6 ok, 0 failed$/m);
    const build = newsmill(['build'], project);
    expect(build.status).toBe(0);
    const home = readFileSync(path.join(project, 'public/index.html'), 'utf8');
    expect(home).toContain('我的新闻');
    expect(existsSync(path.join(project, 'public/sitemap.xml'))).toBe(true);

    const again = newsmill(['init', 'my-news'], dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/newsmill\.yaml already exists/);
  });

  it('keeps every file the folder already holds, says so, and writes a local RSSHub folder relative', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-init-'));
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    mkdirSync(path.join(dir, 'catalogue'));
    mkdirSync(path.join(dir, 'mirror'));
    writeFileSync(path.join(dir, '.gitignore'), 'secret.txt\n');
    writeFileSync(path.join(dir, '.github/workflows/newsmill.yml'), 'name: mine\n');
    writeFileSync(path.join(dir, 'catalogue/rsshub-namespace.json'), '{"mine":1}');
    const init = newsmill(
      ['init', '.', '--from-registry', '--rsshub', './mirror', '--title', 'My\nnews: "x"'],
      dir,
    );
    expect(init.status).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('secret.txt\n');
    expect(readFileSync(path.join(dir, '.github/workflows/newsmill.yml'), 'utf8')).toBe('name: mine\n');
    expect(readFileSync(path.join(dir, 'catalogue/rsshub-namespace.json'), 'utf8')).toBe('{"mine":1}');
    expect(init.stdout).toMatch(/^kept {4}\.gitignore \(it exists\)$/m);
    expect(init.stdout).not.toMatch(/^created \.gitignore$/m);
    expect(init.stdout).toMatch(/^created newsmill\.yaml$/m);
    const config = readFileSync(path.join(dir, 'newsmill.yaml'), 'utf8');
    expect(config).toMatch(/^rsshub: "mirror" #/m);
    // The title's line break did not break the config.
    expect(newsmill(['sources'], dir).status).toBe(0);
  });
});
