// YAML cannot represent these in a single-quoted or plain scalar (YAML 1.2 §5.1, printable set).
// With the `u` flag the surrogate range matches only lone surrogates, so emoji survive.
const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Removes characters no YAML scalar may hold and folds line breaks and tabs into single spaces. */
export function toSingleLine(value: string): string {
  return value.replace(NON_PRINTABLE, '').replace(/\s+/g, ' ').trim();
}

/** Writes a value as a YAML single-quoted scalar, the only escape being `'` → `''`. */
export function singleQuoted(value: string): string {
  return `'${toSingleLine(value).replaceAll("'", "''")}'`;
}

// Words that a YAML 1.1 loader (js-yaml in older Hexo) or 1.2 loader would not read as a string.
const RESERVED = /^(?:~|null|true|false|yes|no|on|off|y|n|\.nan|[-+]?\.inf|<<|=)$/i;
// js-yaml (Hexo's loader) turns these into Date objects.
const TIMESTAMP_LIKE = /^\d{4}-\d\d?-\d\d?/;
const NUMBER_LIKE = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$|^0[xob][\da-f_]+$|^\d+(?::\d+)+$/i;
// A plain scalar may not start with an indicator, nor contain `: ` or ` #`, nor end in `:`.
const UNSAFE_PLAIN = /^[-?:,[\]{}#&*!|>'"%@`\s]|:\s|\s#|:$|\s$|[\t\n\r]/;

/** Writes a value as a plain YAML scalar where that reads back unchanged, else single-quoted. */
export function plainOrQuoted(value: string): string {
  const line = toSingleLine(value);
  if (
    line === '' ||
    RESERVED.test(line) ||
    TIMESTAMP_LIKE.test(line) ||
    NUMBER_LIKE.test(line) ||
    UNSAFE_PLAIN.test(line)
  ) {
    return singleQuoted(line);
  }
  return line;
}
