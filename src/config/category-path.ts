/**
 * Splits `top/source/channel` into its names, trimmed: `/` separates, `\/` is a literal slash. The
 * CLI's `--categories` and a config's `categories: a/b/c` both read categories this way.
 */
export function splitCategoryPath(value: string): string[] {
  return value.split(/(?<!\\)\//).map((name) => name.replace(/\\\//g, '/').trim());
}
