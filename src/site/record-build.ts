import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
import type { PreviousBuild } from './previous-build.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { writeSiteManifest } from './site-manifest.js';
import { postPageKey } from './site-posts.js';
import type { WrittenSite } from './write-site.js';

/**
 * Records the build for the next one: writes the manifest, last of all files, then removes the
 * journal. A build interrupted before this leaves the previous manifest and a journal, so the next
 * build redoes its work and deletes what it wrote.
 */
export async function recordBuild(
  root: string,
  writer: SiteFileWriter,
  context: BuildContext,
  configKey: string,
  planned: readonly PlannedFile[],
  written: WrittenSite,
  previous: PreviousBuild,
): Promise<void> {
  const posts = new Map<string, readonly [string, string]>();
  context.posts.forEach((post, index, all) => {
    const key = postPageKey(post, all[index - 1], all[index + 1]);
    posts.set(post.digest, context.content.coverRecord(post, key));
  });
  // A post page the writer refused is recorded with no fingerprint, so the next build writes it.
  if (written.refused.size > 0)
    for (const file of planned)
      if (file.postDigest !== undefined && written.refused.has(file.path))
        posts.set(file.postDigest, ['', posts.get(file.postDigest)?.[1] ?? '']);
  const manifest = { config: configKey, files: written.outcome.files, posts, search: written.search.blocks };
  await writeSiteManifest(writer, root, manifest, previous.records);
  await previous.finish();
}
