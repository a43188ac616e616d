/**
 * Regex safety: every pattern regex is checked for catastrophic (exponential or polynomial)
 * backtracking with recheck's static analysis. A user's regexes are checked when they are
 * loaded, and an unsafe one is refused. recheck needs seconds per regex, so the verdicts for the
 * bundled library are recorded in patterns/redos-verdicts.json, keyed by the exact regex source
 * and recheck's version; a regex that is not recorded there is checked afresh.
 */

import { readSideFile } from '../side-file.js';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CompiledPattern } from './compile.js';

type Recheck = typeof import('recheck');
let recheck: Recheck | undefined;
const require = createRequire(import.meta.url);

/** recheck is large; load it only when a regex is actually checked. */
function loadRecheck(): Recheck {
  recheck ??= require('recheck') as Recheck;
  return recheck;
}

export function recheckVersion(): string {
  return (require('recheck/package.json') as { version: string }).version;
}

export type RegexStatus = 'safe' | 'vulnerable' | 'unknown';

export interface RegexVerdict {
  pattern: CompiledPattern;
  index: number;
  source: string;
  /** `unknown`: the checker gave up (time or size limit), which is not a finding of vulnerability. */
  status: RegexStatus;
  /** For vulnerable regexes: the complexity and an attack string; for unknown: why it gave up. */
  detail: string;
  /** Whether the verdict came from the recorded verdicts rather than a fresh check. */
  recorded: boolean;
}

/** Recorded verdicts: `${flags}/${source}` → status, valid for one recheck version. */
export interface VerdictFile {
  recheck: string;
  verdicts: Record<string, Exclude<RegexStatus, 'vulnerable'>>;
}

export const verdictKey = (re: RegExp): string => `${re.flags}/${re.source}`;

/** Reads a verdict file; a missing or unreadable one, or one for another recheck version, records nothing. */
export function readVerdicts(file: string): Map<string, RegexStatus> {
  try {
    // A regular file or a pipe, and not endless: a verdict file is a few KiB.
    const data = JSON.parse(readSideFile(file, 16 * 1024 * 1024).toString('utf8')) as VerdictFile;
    if (data.recheck !== recheckVersion()) return new Map();
    return new Map(Object.entries(data.verdicts));
  } catch {
    return new Map();
  }
}

export function verdictsFileFor(patternsDir: string): string {
  return join(patternsDir, 'redos-verdicts.json');
}

/** Runs recheck on one regex. */
export function checkRegex(re: RegExp, timeoutMs = 10_000): { status: RegexStatus; detail: string } {
  // No separate time limits on trying attack strings: on a busy machine those limits turn slow
  // runs of a safe regex into false "vulnerable" verdicts. The overall timeout still applies.
  const result = loadRecheck().checkSync(re.source, re.flags, {
    timeout: timeoutMs,
    attackTimeout: null,
    incubationTimeout: null,
    seedingTimeout: null,
  });
  if (result.status === 'vulnerable') {
    const c = result.complexity;
    const degree = c.type === 'polynomial' ? ` (degree ${c.degree})` : '';
    return { status: 'vulnerable', detail: `${c.type} backtracking${degree}, e.g. on input ${JSON.stringify(result.attack.pattern)}` };
  }
  return { status: result.status, detail: result.status === 'unknown' ? result.error.kind : '' };
}

/** Checks every regex of a pattern, using recorded verdicts where they exist. */
export function checkPatternRegexes(pattern: CompiledPattern, recorded: Map<string, RegexStatus> = new Map()): RegexVerdict[] {
  return pattern.regexes.map((re, index) => {
    const known = recorded.get(verdictKey(re));
    if (known) return { pattern, index, source: re.source, status: known, detail: '', recorded: true };
    return { pattern, index, source: re.source, ...checkRegex(re), recorded: false };
  });
}
