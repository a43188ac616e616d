/**
 * The one place untrusted text is made printable. Log lines may carry terminal escape sequences
 * (ANSI/OSC), other C0 and C1 control characters, and bidirectional overrides; all are escaped
 * visibly (`\x1b`), never passed through and never silently deleted, so evidence stays readable.
 */

// C0 except TAB and LF, DEL, C1, and the Unicode bidi controls used in "Trojan source" tricks.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes control characters; newlines are escaped too unless `keepNewlines`. */
export function terminalSafe(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_OR_NEWLINE, escapeChar);
}

/**
 * JSON output: JSON.stringify escapes C0 but leaves C1 controls, DEL and bidi overrides raw;
 * escape those too so that `cat report.json` is as safe as the text report.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function jsonSafe(json: string): string {
  // A report of thousands of findings is megabytes long and almost never holds one: look first.
  // Every character it escapes is DEL or past U+007F, and a string whose UTF-8 form is as long as
  // it has none past U+007F (both checks run at memory speed, a regex scan does not).
  if (json.indexOf('\u007f') === -1 && Buffer.byteLength(json, 'utf8') === json.length) return json;
  JSON_UNSAFE.lastIndex = 0;
  if (!JSON_UNSAFE.test(json)) return json;
  JSON_UNSAFE.lastIndex = 0;
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
