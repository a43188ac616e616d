/**
 * Colour codes: stern, logrus on a TTY and zap's colour level encoder wrap text in SGR
 * sequences (formats.md §7.1 step 2). They are removed before parsing; the entry keeps the
 * original line in `raw`.
 */

const SGR = /\x1b\[[0-9;]*m/g;

export function stripSgr(text: string): string {
  return text.indexOf('\x1b') === -1 ? text : text.replace(SGR, '');
}
