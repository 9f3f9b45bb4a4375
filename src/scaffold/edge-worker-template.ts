import { packageName, type ProjectOptions } from './project-template.js';

/**
 * The Cloudflare Worker `init` writes to proxy-worker/: newsmill's edge proxy (signed URLs, the
 * address and type checks of `newsmill proxy`), built by wrangler from the project's installed
 * newsmill. It imports `newsmill/edge`, which is the proxy alone: the package root would pull in
 * SQLite and the rest of the pipeline, which Workers cannot run.
 */
export const EDGE_WORKER = `// newsmill's image proxy as a Cloudflare Worker. Deploy it from the project folder:
//   npx wrangler deploy --config proxy-worker/wrangler.toml
//   npx wrangler secret put NEWSMILL_PROXY_SECRET --config proxy-worker/wrangler.toml
// then set proxy.base in newsmill.yaml to its URL, and the same secret in the repository's secrets.
import { createEdgeHandler } from 'newsmill/edge';

let handler;

export default {
  async fetch(request, env) {
    // Without the secret every URL would fail its signature check; say why instead.
    if (!env.NEWSMILL_PROXY_SECRET) {
      return new Response('NEWSMILL_PROXY_SECRET is not set: run wrangler secret put NEWSMILL_PROXY_SECRET', {
        status: 500,
      });
    }
    handler ??= createEdgeHandler({ secret: env.NEWSMILL_PROXY_SECRET });
    return handler(request);
  },
};
`;

/**
 * The Worker's wrangler.toml; `nodejs_compat` gives it the node:crypto HMAC that URL signing uses.
 * The compatibility date is one an older wrangler's runtime still knows (wrangler 4.86 refuses
 * dates after 2026-05-03), and late enough for nodejs_compat's current behaviour (2024-09-23).
 */
export function renderWranglerToml(options: ProjectOptions): string {
  return `# The image proxy Worker (see worker.js). Its secret is set with wrangler secret put, never here.
name = "${packageName(options.name)}-images"
main = "worker.js"
compatibility_date = "2026-03-01"
compatibility_flags = ["nodejs_compat"]
`;
}
