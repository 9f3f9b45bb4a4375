import type { Config } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import { seenBefore, sharedStories } from '../core/story-link.js';
import type { ItemRef, Store } from '../store/store.js';
import { createRecordedFileCheck, deleteRecordedFile } from './recorded-outputs.js';

/** `sourceKey\nidentity`: one item, as a set member. */
const refKey = (ref: ItemRef): string => `${ref.sourceKey}\n${ref.identity}`;

/**
 * With `dedupe.hexo: link`, the stored items of configured sources that are a later copy of a story
 * another item told first (`sharedStories`, `seenBefore`): the Hexo output gets no post for them.
 * Null when the option is off, or no story has two copies.
 */
export async function findStoryCopies(config: Config, store: Store): Promise<Set<string> | null> {
  if (config.dedupe.hexo !== 'link') return null;
  const configured = new Set(config.sources.map((source) => source.key));
  const headers = (await store.listItemHeaders()).filter((item) => configured.has(item.sourceKey));
  const copies = new Set<string>();
  for (const story of sharedStories(headers, (item) => item.link)) {
    const first = story.reduce((a, b) => (seenBefore(b, a) ? b : a));
    for (const item of story) if (item !== first) copies.add(refKey(item));
  }
  return copies.size === 0 ? null : copies;
}

/** Whether the item is a copy `findStoryCopies` found. */
export function isStoryCopy(copies: ReadonlySet<string> | null, ref: ItemRef): boolean {
  return copies !== null && copies.has(refKey(ref));
}

/**
 * Deletes the posts written earlier for copies of the given sources (before `dedupe.hexo` was set,
 * or before the copy's story was found elsewhere) and forgets them, so the output holds one post per
 * story. A recorded path outside the posts folder is left alone. Problems, per source key.
 */
export async function deleteCopyPosts(
  config: Config,
  store: Store,
  copies: ReadonlySet<string>,
  sourceKeys: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const refs: ItemRef[] = [];
  for (const key of copies) {
    const [sourceKey = '', identity = ''] = key.split('\n');
    if (sourceKeys.has(sourceKey)) refs.push({ sourceKey, identity });
  }
  if (refs.length === 0) return problems;
  const check = createRecordedFileCheck(config);
  const files = await store.getOutputFiles('hexo', refs);
  const forgotten = new Map<string, string[]>();
  const append = (lists: Map<string, string[]>, sourceKey: string, entry: string): void => {
    const list = lists.get(sourceKey);
    if (list) list.push(entry);
    else lists.set(sourceKey, [entry]);
  };
  const note = (sourceKey: string, problem: string): void => append(problems, sourceKey, problem);
  await Promise.all(
    refs.map(async (ref, index) => {
      const file = files[index];
      if (file === null || file === undefined) return;
      const checked = check({ kind: 'hexo', file });
      if (!checked?.own) {
        if (checked) note(ref.sourceKey, `the post of a story copy was not deleted: ${checked.reason}`);
        return;
      }
      try {
        await deleteRecordedFile(checked);
        append(forgotten, ref.sourceKey, file);
      } catch (error) {
        note(ref.sourceKey, `the post of a story copy (${file}) was not deleted: ${describeError(error)}`);
      }
    }),
  );
  for (const [sourceKey, gone] of forgotten) await store.forgetOutputFiles('hexo', sourceKey, gone);
  return problems;
}
