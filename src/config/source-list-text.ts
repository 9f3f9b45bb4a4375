import { Document, isMap, type YAMLSeq } from 'yaml';
import type { SourceDraft } from './source-draft.js';

// The yaml library re-prints a whole document with one padding style for all flow collections; these
// helpers edit only the lines of the `sources` entries involved, so the rest of the file stays byte for byte.

/** Text of new block or flow entries in the style of the list's last entry, or null when the list has none to copy. */
export function appendSourcesText(text: string, seq: YAMLSeq, drafts: readonly SourceDraft[]): string | null {
  const last = seq.items.at(-1);
  if (seq.flow || !isMap(last) || !last.range) return null;
  const markerLine = lineStart(text, last.range[0]);
  const indent = /^([ \t]*)-[ \t]/.exec(text.slice(markerLine, last.range[0]))?.[1];
  if (indent === undefined) return null;
  const padded = /^\{[ \t]/.test(text.slice(last.range[0]));
  const blank = last.spaceBefore ? '\n' : '';
  const entries = drafts.map((draft) => {
    const body = last.flow ? flowEntry(draft, padded) : blockEntry(draft);
    return blank + body.map((line, i) => `${indent}${i === 0 ? '- ' : '  '}${line}\n`).join('');
  });
  const end = lineEnd(text, last.range[1]);
  const before = text.slice(0, end);
  return `${before}${before.endsWith('\n') ? '' : '\n'}${entries.join('')}${text.slice(end)}`;
}

/**
 * Text where an empty top-level `sources:` (no value, or `[]`) gets block entries under it, or null
 * when the key is not written that way.
 */
export function fillEmptySourcesText(text: string, drafts: readonly SourceDraft[]): string | null {
  const key = /^sources:[ \t]*(?:\[\][ \t]*)?(#.*)?$/m.exec(text);
  if (!key) return null;
  const comment = key[1] ? ` ${key[1]}` : '';
  const entries = drafts.flatMap((draft) =>
    blockEntry(draft).map((line, i) => `  ${i === 0 ? '- ' : '  '}${line}`),
  );
  const end = key.index + key[0].length;
  return `${text.slice(0, key.index)}sources:${comment}\n${entries.join('\n')}${text.slice(end) === '' ? '\n' : text.slice(end)}`;
}

/**
 * The text without entry `index` and the comment lines just above it (and one blank line), or null;
 * removing the only entry leaves `sources: []`, so `keyEnd` (where the `sources` key ends) is needed then.
 */
export function removeSourceText(
  text: string,
  seq: YAMLSeq,
  index: number,
  keyEnd: number | null,
): string | null {
  const item = seq.items[index] as { range?: [number, number, number] } | undefined;
  if (seq.flow || !item?.range) return null;
  const colon = keyEnd === null ? -1 : text.indexOf(':', keyEnd);
  if (seq.items.length === 1 && colon < 0) return null;
  let start = lineStart(text, item.range[0]);
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    if (!/^[ \t]*#/.test(text.slice(previous, start))) break;
    start = previous;
  }
  let end = lineEnd(text, item.range[1]);
  const previous = start > 0 ? lineStart(text, start - 1) : -1;
  if (previous >= 0 && text.slice(previous, start).trim() === '') start = previous;
  else if (/^[ \t]*\r?\n/.test(text.slice(end))) end = lineEnd(text, end);
  const rest = text.slice(0, start) + text.slice(end);
  return seq.items.length === 1 ? `${rest.slice(0, colon + 1)} []${rest.slice(colon + 1)}` : rest;
}

function blockEntry(draft: SourceDraft): string[] {
  const doc = new Document({ url: draft.url, categories: [...draft.categories] });
  const categories = doc.getIn(['categories'], true) as YAMLSeq;
  categories.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd().split('\n');
}

function flowEntry(draft: SourceDraft, padded: boolean): string[] {
  const space = padded ? ' ' : '';
  const url = flowSeq([draft.url]).slice(1, -1);
  return [`{${space}url: ${url}, categories: ${flowSeq([...draft.categories])}${space}}`];
}

// Printed as a flow sequence so that names with commas, brackets or colons are quoted as flow context requires.
function flowSeq(values: string[]): string {
  const doc = new Document(values);
  (doc.contents as YAMLSeq).flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trim();
}

/** A new `sources:` block at the end of config text that has none. */
export function newSourcesText(text: string, drafts: readonly SourceDraft[]): string {
  const entries = drafts.map((draft) =>
    blockEntry(draft)
      .map((line, i) => `  ${i === 0 ? '- ' : '  '}${line}\n`)
      .join(''),
  );
  const head = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${head}sources:\n${entries.join('')}`;
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function lineEnd(text: string, index: number): number {
  if (index > 0 && text[index - 1] === '\n') return index;
  const newline = text.indexOf('\n', index);
  return newline < 0 ? text.length : newline + 1;
}
