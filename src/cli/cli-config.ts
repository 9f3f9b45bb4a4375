import { loadConfigAsync } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';

/** Loads the config named on the command line with the process environment (for secrets), printing its warnings. */
export async function loadCliConfig(file: string): Promise<Config> {
  const config = await loadConfigAsync(file, process.env);
  // Warnings quote catalogue docs, which may come from anywhere.
  for (const warning of config.warnings) process.stderr.write(`warning: ${toTerminalLine(warning)}\n`);
  return config;
}
