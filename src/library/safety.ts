/**
 * Regex safety: every pattern regex is checked for catastrophic (exponential or polynomial)
 * backtracking with recheck's static analysis. A user's regexes are checked when they are
 * loaded, and an unsafe one is refused. recheck needs seconds per regex, so the verdicts for the
 * bundled library are recorded in patterns/redos-verdicts.json, keyed by the exact regex source
 * and recheck's version; a regex that is not recorded there is checked afresh.
 */

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readSideFile } from '../side-file.js';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { CompiledPattern } from './compile.js';
import { re2Source, type EngineName } from './regex-engine.js';

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

/**
 * recheck's verdicts on a user's regexes, kept across runs in the user's cache directory
 * (`$XDG_CACHE_HOME/kube-log-doctor/regex-verdicts.json`, else `~/.cache/kube-log-doctor/…`), keyed
 * by recheck's version and the regex: the second run with the same patterns does not wait for
 * recheck again. An unreadable or unwritable cache is simply not used.
 */
export class VerdictCache {
  /** Entries kept at most (the oldest go first). */
  static readonly MAX_ENTRIES = 1000;
  private readonly verdicts = new Map<string, { status: RegexStatus; detail: string }>();
  private dirty = false;

  constructor(
    readonly file: string | null,
    private readonly timeoutMs = 10_000,
  ) {
    if (file === null) return;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { recheck?: unknown; verdicts?: Record<string, { status: RegexStatus; detail: string }> };
      if (data.recheck !== recheckVersion() || !data.verdicts || typeof data.verdicts !== 'object') return;
      for (const [k, v] of Object.entries(data.verdicts)) {
        if (v && (v.status === 'safe' || v.status === 'vulnerable' || v.status === 'unknown') && typeof v.detail === 'string') this.verdicts.set(k, v);
      }
    } catch {
      // No cache yet, or a broken one: it is rewritten.
    }
  }

  /** The default cache file for this user, or null when there is no home to put it in. */
  static defaultFile(env: NodeJS.ProcessEnv = process.env): string | null {
    const xdg = env['XDG_CACHE_HOME'];
    let base: string | null = xdg && isAbsolute(xdg) ? xdg : null;
    if (base === null) {
      try {
        const home = homedir();
        base = home ? join(home, '.cache') : null;
      } catch {
        base = null;
      }
    }
    return base === null ? null : join(base, 'kube-log-doctor', 'regex-verdicts.json');
  }

  /** The cached verdict, or a fresh check (then cached). */
  check(re: RegExp): { status: RegexStatus; detail: string; cached: boolean } {
    const key = verdictKey(re);
    const known = this.verdicts.get(key);
    if (known) return { ...known, cached: true };
    const fresh = checkRegex(re, this.timeoutMs);
    this.verdicts.set(key, fresh);
    while (this.verdicts.size > VerdictCache.MAX_ENTRIES) this.verdicts.delete(this.verdicts.keys().next().value!);
    this.dirty = true;
    return { ...fresh, cached: false };
  }

  /** Writes new verdicts (atomically: a temporary file renamed over the old one). */
  save(): void {
    if (!this.dirty || this.file === null) return;
    try {
      writeAtomic(this.file, JSON.stringify({ recheck: recheckVersion(), verdicts: Object.fromEntries(this.verdicts) }));
      this.dirty = false;
    } catch {
      // A read-only home: the next run checks again.
    }
  }
}

/**
 * Writes a cache file so that a reader (another run at the same moment) sees the old file or the
 * new one, never half of one: a temporary file of this process, renamed over the old one.
 */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** How a user's regex will run, and why. */
export interface UserRegexDecision {
  index: number;
  /** null: refused (vulnerable, or unverified without permission). */
  engine: EngineName | null;
  /** recheck's verdict, when it was asked (only for regexes RE2 cannot run). */
  status: RegexStatus | null;
  detail: string;
}

/**
 * A user's regex runs on RE2 when RE2 can express it: its matching time is then linear, whatever
 * the regex, so recheck is not needed. Otherwise recheck decides: safe runs on V8, vulnerable is
 * refused, unknown is refused unless `allowUnverified`, and then runs time-boxed.
 */
export function decideUserRegexes(pattern: CompiledPattern, cache: VerdictCache, allowUnverified: boolean): UserRegexDecision[] {
  return pattern.regexes.map((re, index) => {
    if (re.flags === '' && re2Source(re.source) !== null) return { index, engine: 're2', status: null, detail: '' };
    const { status, detail } = cache.check(re);
    const engine: EngineName | null = status === 'safe' ? 'v8' : status === 'unknown' && allowUnverified ? 'v8-time-boxed' : null;
    return { index, engine, status, detail };
  });
}
