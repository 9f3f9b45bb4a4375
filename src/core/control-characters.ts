/* eslint-disable no-control-regex -- matching control characters is this module's purpose */

// ECMA-48 §5.4 control sequences (CSI, 7-bit ESC [ or 8-bit 0x9B, up to a final byte), §5.6 control
// strings (OSC, DCS, SOS, PM, APC, up to ST or BEL, or to the end when never closed: a terminal would
// swallow the rest too), and two-character escapes such as ESC c (reset) or ESC ( B.
const ESCAPE_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;

// C0 except tab and line feed, DEL, C1, and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) that reorder what a terminal shows (CVE-2021-42574). The marks
// LRM, RLM and ALM only affect neutral characters, and right-to-left titles need them.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a feed, an OPML file or a server without terminal escape sequences, controls (tab and line feed kept) or bidi overrides. */
export function stripControlCharacters(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Untrusted text made safe for one line of terminal output: also no tab, line break or line separator. */
export function toTerminalLine(text: string): string {
  return stripControlCharacters(text).replace(/[\t\n\u2028\u2029]/g, ' ');
}

// JSON.stringify escapes C0 controls but writes DEL, C1 controls and bidi overrides as they are.
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with DEL, C1 controls and bidi overrides written as escapes: it reads back the same but cannot drive a terminal. */
export function escapeJsonControls(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Any C0 or C1 control, tab and line feed included: none belongs in a URL or a file name.
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether a URL, route or file path holds a control character (C0 with tab and line feed, DEL, C1). */
export function hasControlCharacter(text: string): boolean {
  return ANY_CONTROL.test(text);
}
