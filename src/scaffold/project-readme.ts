import type { NewsmillDependency, ProjectOptions } from './project-template.js';

/** The project's README: the commands, publishing on GitHub, the image proxy, and newsmill's updates. */
export function renderProjectReadme(options: ProjectOptions, newsmill: NewsmillDependency): string {
  return `# ${options.title}

A news site built with newsmill ${newsmill.version}.

\`\`\`sh
npm install          # installs newsmill (and its dependencies)
npm run update       # fetches the sources into .newsmill/ and builds the site into public/
npm run serve        # preview at http://127.0.0.1:4000/
\`\`\`

- \`newsmill.yaml\`: the sources (selected from \`catalogue/\`, or added with \`npx newsmill sources add\`).
- \`.github/workflows/newsmill.yml\`: updates the site every hour and publishes it to GitHub Pages.
- \`proxy-worker/\`: an optional image proxy for Cloudflare Workers (see below).
${newsmill.tarball ? `- \`${newsmill.tarball}\`: newsmill itself (see "Updating newsmill").\n` : ''}
## Publish it on GitHub Pages

1. Commit everything${newsmill.tarball ? `, \`vendor/\` and` : ', and'} \`package-lock.json\` included, and push to a GitHub repository.
2. In the repository's Settings → Pages, set Source to "GitHub Actions".
3. If you use newsmill's image proxy (\`proxy.base\`), add its secret under Settings → Secrets and
   variables → Actions → New repository secret, named \`NEWSMILL_PROXY_SECRET\`.
4. Actions → newsmill → Run workflow, or wait for the hourly run.

The workflow keeps the store (\`.newsmill/\`) in the Actions cache between runs, so items are never
posted twice; it checkpoints the store before saving it, and a run that was cancelled never blocks the
next one.

## Image proxy on Cloudflare Workers

An https site cannot show plain-http images. \`proxy-worker/\` holds newsmill's proxy as a Worker: it
serves only image URLs signed with your secret, and refuses private and local addresses. Deploy it
with your Cloudflare account, from this folder after \`npm install\`:

\`\`\`sh
npx wrangler deploy --config proxy-worker/wrangler.toml
openssl rand -hex 32   # a new secret; keep it for the next two steps
npx wrangler secret put NEWSMILL_PROXY_SECRET --config proxy-worker/wrangler.toml
\`\`\`

Then set \`proxy.base\` in \`newsmill.yaml\` to the Worker's URL (wrangler prints it), and add the same
secret to the repository (step 3 above). To run \`npm run update\` here, export it in your shell first:
\`export NEWSMILL_PROXY_SECRET=…\`. A server of your own can run \`npx newsmill proxy\` instead.

## Updating newsmill

${
  newsmill.tarball
    ? `\`newsmill init\` packed the newsmill it ran from into \`${newsmill.tarball}\`, because newsmill
was not on the npm registry yet; \`package.json\` installs it from there (\`${newsmill.spec}\`), and
npm fetches newsmill's own dependencies from the registry.

- A newer newsmill from a checkout: \`npm pack --pack-destination <this folder>/vendor\` there, then
  \`npm install ./vendor/newsmill-<version>.tgz\` here and delete the old tarball.
- Once newsmill is published: \`npm install newsmill@^${newsmill.version}\` replaces the \`file:\`
  dependency; then \`git rm -r vendor\`.`
    : `\`package.json\` installs newsmill from the npm registry (\`${newsmill.spec}\`): \`npm update newsmill\`
brings the newest compatible release; \`npm install newsmill@latest\` a new major one.`
}
`;
}
