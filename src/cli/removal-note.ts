import { loadConfigAsync } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import { fetchCatalogueDoc } from './cli-config.js';

/**
 * What happens to a source just removed from the config at `configFile`: whether the catalogue
 * still selects it, or how many stored items leave the site at the next build and when they are
 * deleted. Null when the config cannot be read now (the edit itself is done and was reported).
 */
export async function describeRemoval(configFile: string, sourceKey: string): Promise<string | null> {
  let config;
  try {
    config = await loadConfigAsync(configFile, process.env, fetchCatalogueDoc);
  } catch {
    // A config that fails for another reason (a secret not set here) still had the source removed.
    return null;
  }
  const active = config.sources.map((source) => source.key);
  if (active.includes(sourceKey))
    return 'the catalogue still selects it, so it stays on the site (drop it with catalogue.exclude)';
  const store = await openStore(config.store, { readonly: true });
  let stored;
  try {
    const removed = await store.listRemovedSources(active, new Date().toISOString());
    stored = removed.find((source) => source.key === sourceKey);
  } finally {
    await store.close();
  }
  if (!stored) return 'nothing of it is stored';
  const days = config.retention.removedSourceDays;
  const files = config.output.hexo ? ', with their posts,' : '';
  const when =
    days === 0
      ? 'at the next run'
      : `${days} ${days === 1 ? 'day' : 'days'} after the next run (retention.removedSourceDays)`;
  return `its ${stored.itemCount} stored items leave the site at the next build and are deleted${files} ${when}`;
}
