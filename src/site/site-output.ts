import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import type { SiteOutput } from './site-file-writer.js';

const STAGING_SUFFIX = '.newsmill-staging';

/**
 * Chooses where a build writes. A first build goes into a hidden sibling folder that is renamed into
 * place when it is done, so nothing ever serves half a site and each file is written once, without
 * a temp file and rename. A later build updates the existing site file by file.
 */
export async function prepareSiteOutput(siteRoot: string): Promise<SiteOutput> {
  const exists = await stat(siteRoot).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new OutputError(`cannot use ${siteRoot} as the site's folder`, { cause: error });
    },
  );
  if (exists) return { root: siteRoot, rootIsNew: false, staged: false };
  const staging = path.join(path.dirname(siteRoot), `.${path.basename(siteRoot)}${STAGING_SUFFIX}`);
  // Left by a build that was killed: it was never served.
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return { root: staging, rootIsNew: true, staged: true };
}
