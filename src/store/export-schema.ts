import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { toTerminalLine } from '../core/control-characters.js';
import { StoreError } from '../core/errors.js';
import { isInstantInRange } from '../core/publication-date.js';
import { formatSchemaIssues } from '../core/schema-issues.js';
import { portablePathProblem } from '../io/portable-path.js';
import type { StoreExport } from './store.js';

// English messages, as the config's schema gives (the setting is global; setting it twice is harmless).
z.config(en());

/** An export file, or what claims to be one, does not hold what newsmill would have written. */
export class ExportFormatError extends StoreError {
  override readonly name = 'ExportFormatError';
}

// An export is as untrusted as a feed: times are read in the one range newsmill dates anything in
// (core/publication-date.ts), since a year such as 275760 or 99999 would become folders like
// `archives/+275760` or fail the site build.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

// A calendar-valid time prints back as written: 2024-02-30 would come back as 2024-03-01.
function isWrittenInstant(value: string): boolean {
  const time = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}

const INSTANT_MESSAGE =
  'expected an ISO 8601 UTC time such as 2024-01-31T08:00:00.000Z, in the years 1970 to 9999';
// Times newsmill took from its own clock, in the one form stores keep them (toISOString's, see the
// time rule in store.ts): a file written by hand or by an older newsmill may say 08:00:00Z, which
// SQLite would keep as written and PostgreSQL's timestamptz gives back as 08:00:00.000Z, so the
// same file would import differently, and sort differently, into the two.
const instant = z.pipe(
  z
    .string()
    .check(
      z.refine((value) => isWrittenInstant(value) && isInstantInRange(value), { message: INSTANT_MESSAGE }),
    ),
  z.transform((value) => new Date(Date.parse(value)).toISOString()),
);
// A feed's own dates: an older parser kept years from 1000 and the epoch an unset timestamp prints,
// which today's parser drops, so such a date in an old backup is dropped too rather than refused.
const feedDate = z.nullable(
  z.pipe(
    z.string().check(z.refine(isWrittenInstant, { message: INSTANT_MESSAGE })),
    z.transform((value) => (isInstantInRange(value) ? value : null)),
  ),
);
const text = z.nullable(z.string());
const name = z.string().check(z.minLength(1));

const outputFile = z.string().check(
  z.superRefine((file, context) => {
    const problem = portablePathProblem(file);
    if (problem !== null) {
      context.addIssue({
        code: 'custom',
        input: file,
        message: `expected a relative path inside the output folder: ${problem}`,
      });
    }
  }),
);

const itemSchema = z.strictObject({
  sourceKey: name,
  identity: name,
  id: text,
  title: text,
  link: text,
  published: feedDate,
  updated: feedDate,
  author: text,
  summary: text,
  content: text,
  categories: z.array(z.string()),
  enclosures: z.array(z.strictObject({ url: z.string(), type: text, length: z.nullable(z.number()) })),
  image: text,
  baseUrl: text,
  firstSeenAt: instant,
  lastSeenAt: instant,
  changedAt: instant,
});

const exportSchema = z.strictObject({
  format: z.literal('newsmill-export'),
  version: z.literal([1, 2, 3]),
  sources: z.array(
    z.strictObject({
      key: name,
      location: z.string(),
      categories: z.array(z.string().check(z.minLength(1))).check(z.length(3)),
      removedAt: z.optional(instant),
    }),
  ),
  items: z.array(itemSchema),
  outputs: z.optional(
    z.array(
      z.strictObject({
        kind: z.enum(['hexo', 'site']),
        sourceKey: name,
        identity: name,
        file: outputFile,
        writtenAt: instant,
      }),
    ),
  ),
  expired: z.optional(
    z.array(z.strictObject({ sourceKey: name, identity: name, expiredAt: instant, lastSeenAt: instant })),
  ),
});

// One broken export can have a problem per item; the first ones say what is wrong.
const MAX_LISTED = 20;

/**
 * Checks a whole export (every field's type, dates, categories, output paths, references between
 * sections, duplicates) before anything touches a store, and returns it typed; every problem is named
 * by its field path, as config errors are.
 */
export function parseStoreExport(value: unknown): StoreExport {
  const head = value as Partial<StoreExport> | null;
  if (
    head?.format !== 'newsmill-export' ||
    (head.version !== 1 && head.version !== 2 && head.version !== 3)
  ) {
    throw new ExportFormatError(
      'not a newsmill export (expected format "newsmill-export", version 1, 2 or 3)',
    );
  }
  const parsed = exportSchema.safeParse(value);
  const issues = parsed.success ? crossReferenceIssues(parsed.data) : parsed.error.issues;
  if (parsed.success && issues.length === 0) return parsed.data;
  const listed = formatSchemaIssues(issues.slice(0, MAX_LISTED), exportSchema);
  const more = issues.length > MAX_LISTED ? `\n  … and ${issues.length - MAX_LISTED} more` : '';
  throw new ExportFormatError(`invalid newsmill export:\n${listed}${more}`);
}

// What the schema of one record cannot see: each record names a source of the export, and nothing the
// store keeps unique is listed twice (SQLite would refuse it halfway, with a less helpful message).
function crossReferenceIssues(data: StoreExport): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const issue = (path: (string | number)[], message: string): void => {
    issues.push({ code: 'custom', path, message, input: undefined });
  };
  const sources = new Set<string>();
  data.sources.forEach((source, index) => {
    if (sources.has(source.key)) issue(['sources', index, 'key'], `${quote(source.key)} is listed twice`);
    sources.add(source.key);
  });
  const seen = new Set<string>();
  const unique = (section: string, index: number, field: string, key: string, what: string): void => {
    if (seen.has(key)) issue([section, index, field], `${what} is listed twice`);
    seen.add(key);
  };
  const sourceOf = (section: string, index: number, sourceKey: string): void => {
    if (!sources.has(sourceKey)) issue([section, index, 'sourceKey'], 'names no source of the export');
  };
  data.items.forEach((item, index) => {
    sourceOf('items', index, item.sourceKey);
    const id = JSON.stringify(['item', item.sourceKey, item.identity]);
    unique('items', index, 'identity', id, `item ${quote(item.identity)} of ${quote(item.sourceKey)}`);
  });
  (data.outputs ?? []).forEach((output, index) => {
    sourceOf('outputs', index, output.sourceKey);
    const id = JSON.stringify(['output', output.kind, output.sourceKey, output.identity]);
    unique('outputs', index, 'identity', id, `the ${output.kind} file of item ${quote(output.identity)}`);
    const file = JSON.stringify(['file', output.kind, output.file]);
    if (seen.has(file))
      issue(['outputs', index, 'file'], `${quote(output.file)} is recorded twice for ${output.kind}`);
    seen.add(file);
  });
  (data.expired ?? []).forEach((entry, index) => {
    sourceOf('expired', index, entry.sourceKey);
    const id = JSON.stringify(['expired', entry.sourceKey, entry.identity]);
    const what = `expired item ${quote(entry.identity)} of ${quote(entry.sourceKey)}`;
    unique('expired', index, 'identity', id, what);
  });
  return issues;
}

// Keys and identities come from the file: shown short, and without terminal controls.
function quote(value: string): string {
  const shown = toTerminalLine(value);
  return `"${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`;
}
