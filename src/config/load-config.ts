import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { configSchema } from './schema.js';
import { resolveConfig, type Config } from './resolve-config.js';

/** Reads, validates and resolves a `newsmill.yaml`; every problem becomes one ConfigError naming the file. */
export function loadConfig(file: string, env: Record<string, string | undefined>): Config {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read';
    throw new ConfigError(`${file}: ${reason}; pass --config FILE or run newsmill init`, { cause: error });
  }
  return parseConfigText(text, absolute, env);
}

/** Validates config text as if it were read from `file` (used by loadConfig and by tests). */
export function parseConfigText(text: string, file: string, env: Record<string, string | undefined>): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new ConfigError(`${file}: invalid YAML: ${first?.message ?? 'unknown error'}`);
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${file}: invalid config:\n${formatIssues(parsed.error.issues)}`);
  }
  return resolveConfig(parsed.data, file, env);
}

function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `  - ${formatPath(issue.path)}: ${describeIssue(issue)}`).join('\n');
}

function formatPath(segments: PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `required, expected ${issue.expected}`;
  }
  return issue.message;
}
