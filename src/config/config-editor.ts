import { chmodSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument, type Document, type YAMLSeq } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { splitCategoryPath } from './category-path.js';
import { localSourceFile } from './local-source-path.js';
import { checkConfigText } from './config-text.js';
import type { SourceDraft } from './source-draft.js';
import {
  appendSourcesText,
  fillEmptySourcesText,
  newSourcesText,
  removeSourceText,
} from './source-list-text.js';

/** What an edit did, and the new file text. */
export interface ConfigEdit {
  text: string;
  added: SourceDraft[];
  /** Drafts whose url the config already lists (hand-written); left alone. */
  skipped: SourceDraft[];
  removed: SourceDraft[];
}

// The fallback when only the whole document can be re-printed: flow sequences as `[a, b, c]` (the
// README's style), long values never folded onto a second line.
const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Options for {@link addSourcesToYaml}. */
export interface AddSourcesOptions {
  /** The config's folder: local files are then compared as the files they name, not as text. */
  configDir?: string;
}

/**
 * Appends sources to the `sources` list of config text, keeping comments, order and layout; the new
 * entries copy the style of the last one (block or flow, blank line before or not).
 */
export function addSourcesToYaml(
  text: string,
  drafts: readonly SourceDraft[],
  options: AddSourcesOptions = {},
): ConfigEdit {
  const doc = parseConfigDocument(text);
  const had = doc.get('sources', true);
  const seq = sourcesSeq(doc, true);
  const { configDir } = options;
  const identity = (url: string): string =>
    (configDir === undefined ? null : localSourceFile(url, configDir)) ?? url;
  const existing = new Set(seq.items.map((item) => identity(urlOf(item) ?? '')));
  const last = seq.items.at(-1) as { spaceBefore?: boolean; flow?: boolean } | undefined;
  const added: SourceDraft[] = [];
  const skipped: SourceDraft[] = [];
  for (const draft of drafts) {
    if (existing.has(identity(draft.url))) skipped.push(draft);
    else added.push(draft);
    existing.add(identity(draft.url));
  }
  if (added.length === 0) return { text, added, skipped, removed: [] };
  const spliced =
    isSeq(had) && had.items.length > 0
      ? appendSourcesText(text, had, added)
      : had === undefined
        ? newSourcesText(text, added)
        : fillEmptySourcesText(text, added);
  for (const draft of added) {
    const node = doc.createNode({ url: draft.url, categories: [...draft.categories] });
    const categories = node.get('categories', true);
    if (isSeq(categories)) categories.flow = true;
    node.flow = last?.flow === true;
    node.spaceBefore = last?.spaceBefore === true;
    seq.items.push(node);
  }
  return { text: finish(doc, spliced), added, skipped, removed: [] };
}

/**
 * Removes one hand-written source, named by its url, its 1-based position in `sources`, or its
 * categories `top/source/channel`; the entry's own comment goes with it.
 */
export function removeSourceFromYaml(text: string, id: string): ConfigEdit {
  const doc = parseConfigDocument(text);
  const seq = sourcesSeq(doc, false);
  const drafts = seq.items.map(draftOf);
  let index = drafts.findIndex((draft) => draft.url === id);
  if (index < 0 && /^#?\d+$/.test(id)) index = Number(id.replace('#', '')) - 1;
  if (index < 0 || index >= drafts.length) {
    const byCategories = drafts.flatMap((draft, i) => (draft.categories.join('/') === id ? [i] : []));
    if (byCategories.length > 1)
      throw new ConfigError(`"${id}" names ${byCategories.length} sources; remove one by its url`);
    index = byCategories[0] ?? -1;
  }
  const removed = drafts[index];
  if (!removed) {
    throw new ConfigError(
      `no hand-written source "${id}" in sources (give its url, its position or top/source/channel); ` +
        'a route selected from the catalogue is dropped with catalogue.exclude',
    );
  }
  const key = isMap(doc.contents)
    ? doc.contents.items.find((pair) => String(pair.key) === 'sources')?.key
    : undefined;
  const keyEnd = (key as { range?: [number, number, number] } | undefined)?.range?.[1] ?? null;
  const spliced = removeSourceText(text, seq, index, keyEnd);
  seq.items.splice(index, 1);
  return { text: finish(doc, spliced), added: [], skipped: [], removed: [removed] };
}

/** Reads a config file, applies an edit and writes it back atomically (temp file, then rename). */
export function editConfigFile(file: string, edit: (text: string) => ConfigEdit): ConfigEdit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`${file}: cannot be read`, { cause: error });
    }
    text = '';
  }
  let result: ConfigEdit;
  try {
    result = edit(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
  if (result.text !== text) {
    // Through a symlink to the file it names, and with that file's permissions: a rename over the
    // link would replace the link with a plain file and leave the real config unchanged.
    const target = existingRealPath(file);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    writeFileSync(temp, result.text);
    const mode = statSync(target, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined) chmodSync(temp, mode & 0o7777);
    renameSync(temp, target);
  }
  return result;
}

function existingRealPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function parseConfigDocument(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new ConfigError(`invalid YAML: ${doc.errors[0]?.message ?? 'unknown error'}`);
  if (doc.contents !== null && !isMap(doc.contents))
    throw new ConfigError('expected a mapping at the top level');
  return doc;
}

function sourcesSeq(doc: Document, create: boolean): YAMLSeq {
  const node = doc.get('sources', true);
  if (isSeq(node)) return node;
  if (
    node !== undefined &&
    node !== null &&
    !(typeof node === 'object' && 'value' in node && node.value === null)
  ) {
    throw new ConfigError('sources: expected a list');
  }
  if (!create) throw new ConfigError('sources: the config lists no sources');
  const seq = doc.createNode([]) as YAMLSeq;
  doc.set('sources', seq);
  return seq;
}

function urlOf(item: unknown): string | undefined {
  return isMap(item) ? String(item.get('url') ?? '') : undefined;
}

function draftOf(item: unknown): SourceDraft {
  const categories = isMap(item) ? item.get('categories', true) : undefined;
  const value = (categories as { value?: unknown } | undefined)?.value;
  const names = isSeq(categories)
    ? categories.items.map((c) => String((c as { value?: unknown }).value ?? c))
    : typeof value === 'string'
      ? splitCategoryPath(value)
      : [];
  return { url: urlOf(item) ?? '', categories: [names[0] ?? '', names[1] ?? '', names[2] ?? ''] };
}

// An edit must never leave a config that `run` refuses, so the text about to be written is read by the
// loader's own parser: `yaml` reads some text differently from js-yaml (a tab in a flow list, local tags,
// a %YAML 1.1 directive). The line-level edit is used only when it reads back exactly as the edited
// document; else the document is re-printed.
function finish(doc: Document, spliced: string | null): string {
  const value: unknown = doc.toJS() ?? {};
  const reread = spliced === null ? null : parseDocument(spliced);
  const same = reread !== null && reread.errors.length === 0 && isDeepStrictEqual(reread.toJS() ?? {}, value);
  const text = same && spliced !== null ? spliced : doc.toString(STRINGIFY);
  const check = checkConfigText(text);
  if (check.ok) return text;
  if (check.problem === 'yaml')
    throw new ConfigError(`the edited config would be invalid YAML: ${check.detail}`, { cause: check.cause });
  throw new ConfigError(`the edited config would be invalid:\n${check.detail}`);
}
