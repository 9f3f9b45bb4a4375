/**
 * Attributes that lazy-loading scripts read the real image URL from. Feeds are copied from pages
 * that rely on those scripts, so without promotion the image would show only its placeholder.
 */
export const LAZY_SRC_ATTRIBUTES = [
  'data-original',
  'data-src',
  'data-lazy-src',
  'data-lazy',
  'data-actualsrc',
  'data-original-src',
  'data-lazyload',
  'data-echo',
  'data-url',
  'data-hi-res-src',
] as const;

/** Lazy-loading counterparts of `srcset`. */
export const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'] as const;

/** Moves the real URL from a lazy attribute into `src`/`srcset`; placeholders in `src` are replaced. */
export function promoteLazyImage(attribs: Record<string, string>): Record<string, string> {
  const lazySrc = firstImageReference(attribs, LAZY_SRC_ATTRIBUTES);
  const lazySrcset = firstImageReference(attribs, LAZY_SRCSET_ATTRIBUTES);
  if (lazySrc) attribs.src = lazySrc.trim();
  if (lazySrcset) attribs.srcset = lazySrcset.trim();
  return attribs;
}

function firstImageReference(attribs: Record<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attribs[name];
    if (isImageReference(value)) return value;
  }
  return undefined;
}

function isImageReference(value: string | undefined): value is string {
  if (!value) return false;
  const trimmed = value.trim();
  // A `data:` value in a lazy attribute is itself a placeholder, not the image.
  return trimmed !== '' && !/^data:/i.test(trimmed);
}
