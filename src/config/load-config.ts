import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { catalogueLanguageOf } from './catalogue-entry.js';
import {
  readCatalogue,
  readCatalogueSync,
  type CatalogueDocFetcher,
  type ReadCatalogueOptions,
} from './read-catalogue.js';
import { checkConfigText } from './config-text.js';
import type { ConfigFile } from './schema.js';
import { resolveConfig, type Config } from './resolve-config.js';

/** Reads, validates and resolves a `newsmill.yaml`; every problem becomes one ConfigError naming the file. */
export function loadConfig(file: string, env: Record<string, string | undefined>): Config {
  const absolute = path.resolve(file);
  return parseConfigText(readConfigText(file, absolute), absolute, env);
}

/**
 * Like loadConfig, but also reads `catalogue.docs` given as URLs (RSSHub docs pages or an instance)
 * through `fetchText`, which the caller supplies: config/ parses and validates, and does no HTTP.
 */
export async function loadConfigAsync(
  file: string,
  env: Record<string, string | undefined>,
  fetchText: CatalogueDocFetcher,
): Promise<Config> {
  const absolute = path.resolve(file);
  const parsed = validateConfigText(readConfigText(file, absolute), absolute);
  const section = parsed.catalogue;
  const options = catalogueOptions(parsed, absolute);
  const catalogue = section
    ? await prefixErrors(absolute, () => readCatalogue(section.docs, options, fetchText))
    : undefined;
  return resolveConfig(parsed, absolute, env, catalogue);
}

function readConfigText(file: string, absolute: string): string {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    // "Not found" says it all; any other failure keeps its cause, which says why it cannot be read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(`${file}: file not found; pass --config FILE or run newsmill init`);
    }
    throw new ConfigError(`${file}: cannot be read`, { cause: error });
  }
  return text;
}

/** Validates config text as if it were read from `file` (used by loadConfig and by tests); catalogue URLs need loadConfigAsync. */
export function parseConfigText(text: string, file: string, env: Record<string, string | undefined>): Config {
  const parsed = validateConfigText(text, file);
  const section = parsed.catalogue;
  const catalogue = section
    ? prefixErrors(file, () => readCatalogueSync(section.docs, catalogueOptions(parsed, file)))
    : undefined;
  return resolveConfig(parsed, file, env, catalogue);
}

// Catalogue errors name the docs; the config file's name goes in front, like every other config error.
function prefixErrors<T>(file: string, read: () => T): T {
  const rename = (error: unknown): never => {
    if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`, { cause: error });
    throw error;
  };
  try {
    const result = read();
    return (result instanceof Promise ? result.catch(rename) : result) as T;
  } catch (error) {
    return rename(error);
  }
}

function catalogueOptions(parsed: ConfigFile, file: string): ReadCatalogueOptions {
  return {
    dir: path.dirname(file),
    language: parsed.catalogue?.language ?? catalogueLanguageOf(parsed.site.language),
    fetch: parsed.fetch,
  };
}

function validateConfigText(text: string, file: string): ConfigFile {
  const check = checkConfigText(text);
  if (check.ok) return check.config;
  if (check.problem === 'yaml')
    throw new ConfigError(`${file}: invalid YAML: ${check.detail}`, { cause: check.cause });
  throw new ConfigError(`${file}: invalid config:\n${check.detail}`);
}
