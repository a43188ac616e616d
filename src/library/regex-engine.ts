/**
 * The engines a signature's regex runs on. Bundled regexes run on V8's own engine: each has a
 * recorded ReDoS verdict. A user's regex runs on RE2 (re2js, a pure-JavaScript port of RE2 whose
 * matching time is linear in the text) whenever RE2 can express it, so no line can make it
 * backtrack. One RE2 cannot express (a backreference, a lookaround) runs on V8 only if recheck
 * proves it safe, or, with --allow-unverified-regex, inside a time box: each line it is tried on
 * gets at most UNVERIFIED_BUDGET_MS, after which the line counts as not matching and a notice says so.
 */

import { createRequire } from 'node:module';
import type * as Re2js from 're2js';
import type * as Vm from 'node:vm';

export type EngineName = 'v8' | 're2' | 'v8-time-boxed';

export interface RegexRunner {
  readonly engine: EngineName;
  /** The named captures of the first match (groups that took part), or null when there is none. */
  exec(text: string): Record<string, string> | null;
}

/** The time a regex that could not be verified may spend on one line (--allow-unverified-regex). */
export const UNVERIFIED_BUDGET_MS = 100;

const require = createRequire(import.meta.url);
let re2js: typeof Re2js | undefined;
/** re2js is loaded only when a user's regex needs it. */
function loadRe2(): typeof Re2js {
  re2js ??= require('re2js') as typeof Re2js;
  return re2js;
}

const NAMED_GROUP = /\(\?<([A-Za-z][A-Za-z0-9_]*)>/g;

/**
 * The source as RE2 reads it, or null when RE2 cannot express it with the same meaning
 * (backreferences, lookarounds; named groups are translated to RE2's `(?P<name>…)`).
 */
export function re2Source(source: string): string | null {
  const { RE2JS } = loadRe2();
  const js = withJsClasses(source);
  if (js === null) return null;
  try {
    const translated = RE2JS.translateRegExp(js);
    RE2JS.compile(translated);
    return translated;
  } catch {
    return null;
  }
}

/** What `\s` matches in JavaScript (RE2's `\s` is only `[\t\n\f\r ]`), as class members. */
const JS_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * The source with JavaScript's meaning of `.` (not \n, \r, U+2028, U+2029) and `\s`/`\S` (Unicode
 * spaces) spelt out, where RE2 would read them differently; null when that cannot be written
 * (`\S` inside a class) or RE2 would read the class differently (`[]`, `[^]`).
 */
function withJsClasses(source: string): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1];
      i++;
      if (e === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (e === 'S') {
        if (inClass) return null;
        out += `[^${JS_SPACE}]`;
      } else out += c + (e ?? '');
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      // JavaScript's [] (nothing) and [^] (anything): RE2 would read the ] as a member.
      if (source[i + 1] === ']' || source.startsWith('^]', i + 1)) return null;
      inClass = true;
      out += c;
      continue;
    }
    out += c === '.' ? '[^\\n\\r\\u2028\\u2029]' : c;
  }
  return out;
}

class V8Runner implements RegexRunner {
  readonly engine = 'v8';
  constructor(private readonly re: RegExp) {}
  exec(text: string): Record<string, string> | null {
    const m = this.re.exec(text);
    if (!m) return null;
    const captures: Record<string, string> = {};
    const groups = m.groups;
    // An own-keys walk of the groups object (no entries array per match), in the same order.
    if (groups !== undefined) {
      for (const k in groups) {
        const v = groups[k];
        if (v !== undefined) captures[k] = v;
      }
    }
    return captures;
  }
}

class Re2Runner implements RegexRunner {
  readonly engine = 're2';
  private readonly re: Re2js.RE2JS;
  private readonly names: string[];
  constructor(source: string) {
    const translated = re2Source(source);
    if (translated === null) throw new Error(`RE2 cannot run ${source}`);
    this.re = loadRe2().RE2JS.compile(translated);
    this.names = [...new Set([...source.matchAll(NAMED_GROUP)].map((m) => m[1]!))];
  }
  exec(text: string): Record<string, string> | null {
    const m = this.re.matcher(text);
    if (!m.find()) return null;
    const captures: Record<string, string> = {};
    for (const name of this.names) {
      const v = m.group(name);
      if (v !== null && v !== undefined) captures[name] = v;
    }
    return captures;
  }
}

/** Where a time-boxed regex reports a line it gave up on (once per regex). */
export type BudgetNotice = (message: string) => void;
const toStderr: BudgetNotice = (m) => process.stderr.write(`kube-log-doctor: ${m}\n`);

/**
 * V8 inside a vm time box: the script is interrupted after the budget, even in the middle of a
 * backtracking match. Each call costs about 0.2 ms more than a plain exec (the watchdog).
 */
class TimeBoxedRunner implements RegexRunner {
  readonly engine = 'v8-time-boxed';
  /** Lines given up on so far. */
  gaveUp = 0;
  private readonly context: { re: RegExp; text: string; out: RegExpExecArray | null };
  private readonly script: Vm.Script;
  constructor(
    re: RegExp,
    private readonly what: string,
    private readonly budgetMs: number,
    private readonly notice: BudgetNotice,
  ) {
    const vm = require('node:vm') as typeof Vm;
    this.context = vm.createContext({ re, text: '', out: null }) as typeof this.context;
    this.script = new vm.Script('out = re.exec(text)');
  }
  exec(text: string): Record<string, string> | null {
    this.context.text = text;
    this.context.out = null;
    try {
      this.script.runInContext(this.context, { timeout: this.budgetMs });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
      if (this.gaveUp++ === 0) this.notice(`${this.what} gave up on a line after ${this.budgetMs} ms (an unverified regex); such lines count as not matching`);
      return null;
    }
    const m = this.context.out as RegExpExecArray | null;
    if (!m) return null;
    const captures: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
    return captures;
  }
}

/** A runner for `re` on the given engine; `what` names the regex in a notice. */
export function regexRunner(re: RegExp, engine: EngineName, what = re.source, budgetMs = UNVERIFIED_BUDGET_MS, notice = toStderr): RegexRunner {
  switch (engine) {
    case 'v8':
      return new V8Runner(re);
    case 're2':
      return new Re2Runner(re.source);
    case 'v8-time-boxed':
      return new TimeBoxedRunner(re, what, budgetMs, notice);
  }
}
