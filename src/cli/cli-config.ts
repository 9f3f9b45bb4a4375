import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';

/** Loads the config named on the command line with the process environment (for secrets). */
export function loadCliConfig(file: string): Config {
  return loadConfig(file, process.env);
}
