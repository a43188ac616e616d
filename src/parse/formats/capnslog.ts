/**
 * CoreOS capnslog, the logger of etcd before 3.4 and of Rook:
 * `2017-03-15 13:00:43.015534 W | etcdserver: apply entries took too long [279.788ms for 1 entries]` — the
 * local wall-clock time, one level letter (C critical, E error, W warning, N notice, I info, D debug,
 * T trace), ` | `, then the package (`etcdserver`, `etcdserver/membership`, `op-mon`) before `: `.
 */

import type { Level } from '../../model/entry.js';
import type { ParsedLine } from '../parsed-line.js';
import { fractionMs, wallClockIso } from '../timestamps.js';

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? ([CEWNIDT]) \| (?:([A-Za-z0-9_./-]{1,64}): )?/;

const LEVELS: Record<string, Level> = { C: 'fatal', E: 'error', W: 'warning', N: 'info', I: 'info', D: 'debug', T: 'debug' };

export function parseCapnslog(line: string): ParsedLine | null {
  // Cheap pre-test: `YYYY-MM-DD hh:mm:ss`.
  if (line.charCodeAt(4) !== 45 /* - */ || line.charCodeAt(10) !== 32) return null;
  const m = LINE.exec(line);
  if (!m || m[0].length === line.length) return null;
  const [, y, mo, d, h, mi, s, frac, letter, pkg] = m;
  const time = wallClockIso(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), fractionMs(frac));
  return {
    format: 'capnslog',
    level: LEVELS[letter!] ?? null,
    time,
    message: line.slice(m[0].length),
    error: null,
    fields: pkg ? { pkg } : {},
    openBlock: null,
  };
}
