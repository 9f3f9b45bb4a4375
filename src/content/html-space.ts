function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Removes leading HTML whitespace (space, tab, LF, FF, CR; not U+00A0, which is content). */
export function trimHtmlSpaceStart(text: string): string {
  let start = 0;
  while (start < text.length && isHtmlSpace(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** Removes trailing HTML whitespace. */
export function trimHtmlSpaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isHtmlSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}
