import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from '../core/errors.js';
import type { Catalogue, CatalogueLanguage } from './catalogue-entry.js';
import { parseCatalogueMarkdown } from './catalogue-markdown.js';
import { parseNamespaceApi } from './catalogue-namespace-api.js';

/** Where catalogue paths are relative to, and how category slugs are named. */
export interface ReadCatalogueOptions {
  /** Relative paths resolve against this folder (the config file's, or the working directory). */
  dir: string;
  language: CatalogueLanguage;
  /** For URLs: the fetch limits and identity. */
  fetch?: CatalogueFetchLimits;
}

/** The limits and identity a catalogue URL is fetched with: the config's `fetch` section, or defaults. */
export interface CatalogueFetchLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

/**
 * Gives the text of one catalogue document at an http(s) URL. The caller supplies it (the CLI passes
 * the HTTP client): config/ reads text and validates, and fetching belongs to the fetch side.
 */
export type CatalogueDocFetcher = (url: string, limits: CatalogueFetchLimits) => Promise<string>;

const DEFAULT_LIMITS: CatalogueFetchLimits = {
  timeoutMs: 20_000,
  maxBytes: 50 * 1024 * 1024,
  userAgent: 'newsmill/0.1',
};

const isUrl = (spec: string): boolean => /^https?:\/\//i.test(spec);

/** Reads catalogue files and folders (a folder: its `*.md` and `*.json` files, not subfolders, in name order). */
export function readCatalogueSync(specs: readonly string[], options: ReadCatalogueOptions): Catalogue {
  const url = specs.find(isUrl);
  if (url) {
    throw new ConfigError(
      `catalogue.docs: ${url} is a URL, which only the asynchronous loader (loadConfigAsync) can fetch`,
    );
  }
  return mergeCatalogues(specs.flatMap((spec) => readLocal(spec, options)));
}

/** Reads catalogue files, folders and URLs (a bare instance URL means its `/api/namespace`), URLs through `fetchText`. */
export async function readCatalogue(
  specs: readonly string[],
  options: ReadCatalogueOptions,
  fetchText: CatalogueDocFetcher,
): Promise<Catalogue> {
  const parts: Catalogue[] = [];
  for (const spec of specs) {
    if (isUrl(spec)) parts.push(await readRemote(spec, options, fetchText));
    else parts.push(...readLocal(spec, options));
  }
  return mergeCatalogues(parts);
}

/** Reads one catalogue document: namespace-API JSON when it starts with `{`, else route-docs markdown. */
export function parseCatalogueText(text: string, name: string, language: CatalogueLanguage): Catalogue {
  const body = text.replace(/^\uFEFF/, '');
  return /^\s*\{/.test(body)
    ? parseNamespaceApi(body, language, name)
    : parseCatalogueMarkdown(body.replace(/\r\n?/g, '\n'), { name: pageName(name) });
}

function readLocal(spec: string, options: ReadCatalogueOptions): Catalogue[] {
  const absolute = path.resolve(options.dir, spec);
  try {
    const files = statSync(absolute).isDirectory()
      ? readdirSync(absolute, { withFileTypes: true })
          .filter((entry) => entry.isFile() && /\.(md|json)$/i.test(entry.name))
          .map((entry) => path.join(absolute, entry.name))
          .sort()
      : [absolute];
    return files.map((file) => parseCatalogueText(readFileSync(file, 'utf8'), file, options.language));
  } catch (error) {
    throw new ConfigError(`catalogue ${spec}: cannot be read (${describeError(error)})`, { cause: error });
  }
}

async function readRemote(
  spec: string,
  options: ReadCatalogueOptions,
  fetchText: CatalogueDocFetcher,
): Promise<Catalogue> {
  const url = new URL(spec);
  // A bare instance (`https://rsshub.example`) serves its whole catalogue at /api/namespace.
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/namespace';
  const { timeoutMs, maxBytes, userAgent } = options.fetch ?? DEFAULT_LIMITS;
  try {
    const text = await fetchText(url.href, { timeoutMs, maxBytes, userAgent });
    return parseCatalogueText(text, url.href, options.language);
  } catch (error) {
    throw new ConfigError(`catalogue ${spec}: ${describeError(error)}`, { cause: error });
  }
}

function mergeCatalogues(parts: Catalogue[]): Catalogue {
  return { entries: parts.flatMap((part) => part.entries), warnings: parts.flatMap((part) => part.warnings) };
}

function pageName(name: string): string {
  return isUrl(name) ? name : path.basename(name).replace(/\.md$/i, '');
}
