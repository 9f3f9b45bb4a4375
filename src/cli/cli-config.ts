import { loadConfigAsync } from '../config/load-config.js';
import type { CatalogueFetchLimits } from '../config/read-catalogue.js';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';

/** Loads the config named on the command line with the process environment (for secrets), printing its warnings. */
export async function loadCliConfig(file: string): Promise<Config> {
  const config = await loadConfigAsync(file, process.env, fetchCatalogueDoc);
  // Warnings quote catalogue docs, which may come from anywhere.
  for (const warning of config.warnings) process.stderr.write(`warning: ${toTerminalLine(warning)}\n`);
  // The process keeps the site's time zone as its own unless TZ says otherwise: the site's dates
  // then come from Date, without Intl's first formatter (site/site-dates.ts). Nothing newsmill
  // prints or writes is in local time, so nothing else changes.
  process.env.TZ ??= config.timezone;
  return config;
}

/** Fetches one catalogue document (`catalogue.docs` or `newsmill catalogue` given a URL) with the HTTP client. */
export async function fetchCatalogueDoc(url: string, limits: CatalogueFetchLimits): Promise<string> {
  // Loaded on demand: the HTTP client costs ~100 ms of start-up that configs without a catalogue URL never need.
  const { fetchSource } = await import('../fetch/fetch-source.js');
  return (await fetchSource(url, limits)).text;
}
