import { actionRef } from './action-versions.js';

/** What the workflow is rendered with. */
export interface WorkflowOptions {
  cron: string;
  /** Node major the runner installs; 22 because Node 20 reached its end of life in April 2026. */
  nodeVersion?: string;
}

// The store's files by name: the store and its write-ahead log (empty after the checkpoint step,
// which may fail on a damaged store). Never the folder: lock files say "a process is running", and
// restored on another runner they would name a process that never existed there; an exclusion such
// as `!.newsmill/*.lock*` does not help, because the cache archives a listed folder whole
// (actions/toolkit#713). Never -shm, which is only valid for the processes that share it. Restore
// and save must list the same paths, since the cache's version is a hash of them.
const STORE_CACHE_PATH = ['.newsmill/newsmill.db', '.newsmill/newsmill.db-wal'];

/**
 * The GitHub Actions workflow `newsmill init` writes: on a schedule and on demand, it restores the
 * SQLite store from the Actions cache (so dedup and history survive), runs the project's own
 * installed newsmill, checkpoints and saves the store, and deploys the built site to GitHub Pages.
 */
export function renderWorkflow(options: WorkflowOptions): string {
  const cachePath = STORE_CACHE_PATH.map((line) => `\n            ${line}`).join('');
  return `# newsmill: fetch every source, rebuild the site, publish it to GitHub Pages.
# Settings → Pages → Source must be "GitHub Actions".
name: newsmill

on:
  schedule:
    - cron: '${options.cron}'
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One update at a time: two runs would race on the store cache.
concurrency:
  group: newsmill
  cancel-in-progress: false

jobs:
  update:
    runs-on: ubuntu-latest
    steps:
      - uses: ${actionRef('actions/checkout')}
      - uses: ${actionRef('actions/setup-node')}
        with:
          node-version: '${options.nodeVersion ?? '22'}'
      # newsmill comes from package.json (vendor/ holds its tarball until it is on the registry);
      # every step below runs that copy, never a download.
      - name: Install newsmill
        run: npm install --no-audit --no-fund
      - name: Restore the store
        uses: ${actionRef('actions/cache/restore')}
        with:
          path: |${cachePath}
          # Cache entries are immutable: every run saves a new one, the next run restores the newest.
          key: newsmill-store-\${{ github.run_id }}
          restore-keys: newsmill-store-
      - name: Fetch sources
        run: npx --no-install newsmill run --config newsmill.yaml
        env:
          NEWSMILL_PROXY_SECRET: \${{ secrets.NEWSMILL_PROXY_SECRET }}
          # Optional: seals the cleaned articles in the cached store, so builds trust them as stored
          # (without it, a seal lasts one run and the build sanitizes older articles again).
          NEWSMILL_SEAL_SECRET: \${{ secrets.NEWSMILL_SEAL_SECRET }}
      - name: Build the site
        run: npx --no-install newsmill build --config newsmill.yaml
        env:
          NEWSMILL_SEAL_SECRET: \${{ secrets.NEWSMILL_SEAL_SECRET }}
      # Also after a failed or cancelled step: folds the write-ahead log into the database and checks
      # it, so the cache never holds a store cut off mid-write.
      - name: Checkpoint the store
        id: checkpoint
        if: always()
        run: npx --no-install newsmill checkpoint --config newsmill.yaml
      # Saved even when a step failed (what was fetched is kept), but never a store that failed its
      # check: the next run then restores the previous entry instead.
      - name: Save the store
        if: always() && steps.checkpoint.outcome == 'success'
        uses: ${actionRef('actions/cache/save')}
        with:
          path: |${cachePath}
          key: newsmill-store-\${{ github.run_id }}
      - uses: ${actionRef('actions/configure-pages')}
      - uses: ${actionRef('actions/upload-pages-artifact')}
        with:
          path: public

  deploy:
    needs: update
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: ${actionRef('actions/deploy-pages')}
`;
}
