import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
import type { PreviousBuild } from './previous-build.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { writeSegment } from './manifest-segments.js';
import { recordedSegmentName, segmentKeys } from './post-records.js';
import { writeSiteManifest, type BuildInputs } from './site-manifest.js';
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
  recorded: { configKey: string; inputs: BuildInputs | null; head: readonly string[] },
  planned: readonly PlannedFile[],
  written: WrittenSite,
  previous: PreviousBuild,
): Promise<void> {
  // A post page the writer refused is recorded with no key, so the next build writes it.
  const refused = new Set<string>();
  if (written.refused.size > 0)
    for (const file of planned)
      if (file.postDigest !== undefined && written.refused.has(file.path)) refused.add(file.postDigest);
  const segments: string[] = [];
  for (const segment of previous.segments) {
    const refusedHere = segment.posts.some((post) => refused.has(post.digest));
    if (!refusedHere && previous.keeps(segment.name)) {
      segments.push(segment.name);
      continue;
    }
    const keys = segmentKeys(segment);
    if (refusedHere)
      segment.posts.forEach((post, index) => {
        if (refused.has(post.digest)) keys[index] = '';
      });
    const name = refusedHere ? recordedSegmentName(recorded.configKey, segment.posts, keys) : segment.name;
    const flat: string[] = [];
    segment.posts.forEach((post, index) => {
      const [key, cover] = context.content.coverRecord(post, keys[index] as string);
      flat.push(post.digest, key, cover);
    });
    await writeSegment(writer, name, flat);
    segments.push(name);
  }
  const { files } = written.outcome;
  await writeSiteManifest(
    writer,
    root,
    {
      config: recorded.configKey,
      files,
      search: written.search.blocks,
      segments,
      inputs: recorded.inputs,
    },
    recorded.head,
  );
  await previous.finish();
}
