/**
 * The GitHub Actions workflow `newsmill init` writes: on a schedule and on demand, it restores the
 * SQLite store from the Actions cache (so dedup and history survive), runs newsmill, saves the store
 * again, and deploys the built site to GitHub Pages.
 */
export function renderWorkflow(options: { cron: string; nodeVersion: string }): string {
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
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: '${options.nodeVersion}'
      - name: Install newsmill
        run: npm install --no-audit --no-fund
      - name: Restore the store
        uses: actions/cache/restore@v4
        with:
          path: .newsmill
          # Cache entries are immutable: every run saves a new one, the next run restores the newest.
          key: newsmill-store-\${{ github.run_id }}
          restore-keys: newsmill-store-
      - name: Fetch sources
        run: npx newsmill run --config newsmill.yaml
        env:
          NEWSMILL_PROXY_SECRET: \${{ secrets.NEWSMILL_PROXY_SECRET }}
      - name: Build the site
        run: npx newsmill build --config newsmill.yaml
      - name: Save the store
        if: always()
        uses: actions/cache/save@v4
        with:
          path: .newsmill
          key: newsmill-store-\${{ github.run_id }}
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v3
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
        uses: actions/deploy-pages@v4
`;
}
