/**
 * Escapes text for HTML content and quoted attribute values: moved to io/html-escape.ts (as
 * `escapeHtmlText` and `escapeHtmlAttribute`); remove once plan-feeds.ts imports it from there.
 */
export { escapeHtmlAttribute as escapeHtml } from '../io/html-escape.js';
