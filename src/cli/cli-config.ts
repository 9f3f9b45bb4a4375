import { loadConfigAsync } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';

/** Loads the config named on the command line with the process environment (for secrets), printing its warnings. */
export async function loadCliConfig(file: string): Promise<Config> {
  const config = await loadConfigAsync(file, process.env);
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  return config;
}
