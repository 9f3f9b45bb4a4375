import type { z } from 'zod/mini';

// The parts of a schema's definition that lead from a field path to the object that holds it; zod
// documents `_zod.def` for libraries that walk schemas.
interface SchemaDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  shape?: Record<string, z.core.$ZodType>;
  valueType?: z.core.$ZodType;
}

/**
 * One line per issue, `  - field.path[2].name: what is wrong`, with the allowed values of an enum and
 * the nearest known key of an unknown one (`perpage` → `perPage`) looked up in `schema`.
 */
export function formatSchemaIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): string {
  return issues
    .map((issue) => `  - ${formatIssuePath(issue.path)}: ${describeIssue(issue, schema)}`)
    .join('\n');
}

/** `sources[0].categories`, or `(top level)` for the root. */
function formatIssuePath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.core.$ZodType): string {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path);
    const keys = issue.keys.map((key) => {
      const nearest = nearestKey(key, known) ?? nearestNestedKey(key, schema, issue.path, known);
      return nearest ? `"${key}" (did you mean "${nearest}"?)` : `"${key}"`;
    });
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    return `expected one of ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.message.includes('received undefined')) return `required, expected ${issue.expected}`;
    // The field path already says where; "Invalid input:" adds nothing to what was expected.
    return issue.message.replace(/^Invalid input: /, '');
  }
  return issue.message;
}

/** The keys the objects at `path` in `schema` accept (several objects when a union allows them). */
function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    current = current.flatMap((node) => {
      const def = node._zod.def as SchemaDef;
      if (def.type === 'object' && typeof segment === 'string') {
        const field = def.shape?.[segment];
        return field ? unwrap(field) : [];
      }
      if (def.type === 'array' && typeof segment === 'number' && def.element) return unwrap(def.element);
      if (def.type === 'record' && def.valueType) return unwrap(def.valueType);
      return [];
    });
  }
  return current.flatMap((node) => Object.keys((node._zod.def as SchemaDef).shape ?? {}));
}

// Defaults, optionals and pipes wrap the schema that holds the keys; a union may hold several objects.
function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = schema._zod.def as SchemaDef;
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/**
 * The known key closest to `key` in edit distance (ignoring case), or null when none is close enough
 * to be a likely typo: at most one edit per three characters, and never more than two.
 */
function nearestKey(key: string, known: readonly string[]): string | null {
  const limit = Math.min(2, Math.max(1, Math.floor(key.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// A key written one level too high (`perpage` at the top, as Hexo's _config.yml has `per_page`) is
// suggested by its path from there (`site.perPage`); the first object holding a near key wins.
function nearestNestedKey(
  key: string,
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
  known: readonly string[],
): string | null {
  for (const parent of known) {
    const nested = nearestKey(key, knownKeysAt(schema, [...path, parent]));
    if (nested) return `${parent}.${nested}`;
  }
  return null;
}

// Optimal string alignment distance: Levenshtein plus transposition of two neighbours (`tilte`).
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}
