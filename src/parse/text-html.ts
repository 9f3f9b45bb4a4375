import { escapeHtmlText } from '../io/html-escape.js';

/** Returns trimmed HTML, or null when it is empty or only whitespace. */
export function nonEmptyHtml(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Turns plain text into HTML paragraphs: blank lines separate paragraphs, single newlines become `<br>`. */
export function textToHtml(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtmlText(paragraph.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
