/** Level names of every supported logger, mapped onto the five levels entries carry. */

import type { Level } from '../model/entry.js';

const NAMES: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  dpanic: 'error',
  panic: 'fatal',
  fatal: 'fatal',
  critical: 'fatal',
  // logrus on a TTY truncates level names to four letters.
  trac: 'debug',
  debu: 'debug',
  erro: 'error',
  fata: 'fatal',
  pani: 'fatal',
};

/**
 * Any logger's level name, case-insensitively: zap (`dpanic`, `Level(-2)`), logrus (`warning`),
 * slog (`INFO+2`, `DEBUG-4`), go-kit. Unknown names give null.
 */
export function levelOf(name: unknown): Level | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 16) return null;
  const lower = name.toLowerCase();
  const known = NAMES[lower];
  if (known) return known;
  // logr V(n) for n >= 2 prints as Level(-n) / LEVEL(-n): deeper than debug.
  if (lower.startsWith('level(')) return 'debug';
  // slog levels between the named ones: INFO+2, ERROR+1, DEBUG-4.
  const sign = Math.max(lower.indexOf('+'), lower.indexOf('-'));
  if (sign > 0) return NAMES[lower.slice(0, sign)] ?? null;
  return null;
}
