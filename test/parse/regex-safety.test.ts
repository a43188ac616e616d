/**
 * Every regular expression in the parser and the framer is free of catastrophic backtracking
 * (recheck's static analysis). The regexes are found in the source text, so a new one cannot be
 * added without being checked. recheck needs seconds per regex (most of this file's time): as for
 * the bundled library (patterns/redos-verdicts.json), its "safe" verdicts are recorded in
 * regex-verdicts.json beside this file, keyed by recheck's version and the exact regex, and any
 * regex not recorded there (a new or changed one, or another recheck) is checked here and now.
 * `KLD_RECORD_VERDICTS=1 npx vitest run test/parse/regex-safety.test.ts` records them again.
 */

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSync } from 'recheck';
import { readVerdicts, recheckVersion, verdictKey } from '../../src/library/safety.js';

const VERDICTS = 'test/parse/regex-verdicts.json';
const recorded = readVerdicts(VERDICTS);
/** Verdicts of this run (recorded or fresh), written back with KLD_RECORD_VERDICTS=1. */
const safe = new Set<string>();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Regex literals in TypeScript source: a `/` where an expression may start (after `=`, `(`,
 * `,`, `:`, `?`, `[`, `!`, `&`, `|`, `return`), read up to the closing unescaped `/` outside a
 * character class, then its flags. Comments are skipped first.
 */
function regexLiterals(text: string): Array<{ source: string; flags: string }> {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: Array<{ source: string; flags: string }> = [];
  const start = /(?:[=(,:?[!&|]|\breturn)\s*\//g;
  let m: RegExpExecArray | null;
  while ((m = start.exec(code))) {
    let i = m.index + m[0].length;
    let inClass = false;
    let body = '';
    for (; i < code.length; i++) {
      const c = code[i]!;
      if (c === '\n') break;
      if (c === '\\') {
        body += c + code[i + 1];
        i++;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      body += c;
    }
    if (code[i] !== '/' || body.length === 0 || body.startsWith('/') || body.startsWith('*')) continue;
    const flags = /^[a-z]*/.exec(code.slice(i + 1))![0];
    out.push({ source: body, flags });
    start.lastIndex = i + 1;
  }
  return out;
}

const files = [...sourceFiles('src/parse'), ...sourceFiles('src/framing')];
const regexes = files.flatMap((file) => regexLiterals(readFileSync(file, 'utf8')).map((r) => ({ file, ...r })));

describe('parser regexes', () => {
  it('finds the regexes it is meant to check', () => {
    expect(regexes.length).toBeGreaterThanOrEqual(12);
    expect(regexes.map((r) => r.source)).toContain('^(?:\\d{1,10} )?([\\w.-]{1,200}\\.go):(\\d{1,7})\\] ');
  });

  it.each(regexes.map((r) => [`${r.file}: /${r.source}/${r.flags}`, r] as const))('%s is valid and safe', (_name, r) => {
    expect(() => new RegExp(r.source, r.flags)).not.toThrow();
    const key = verdictKey(new RegExp(r.source, r.flags));
    if (recorded.get(key) !== 'safe') {
      const result = checkSync(r.source, r.flags, { timeout: 10_000 });
      expect(result.status, result.status === 'vulnerable' ? `${result.complexity.type}: ${JSON.stringify(result.attack.pattern)}` : '').toBe('safe');
    }
    safe.add(key);
  });

  afterAll(() => {
    if (!process.env['KLD_RECORD_VERDICTS']) return;
    // Only regexes the sources hold now, each checked safe (recorded or just now).
    const verdicts = Object.fromEntries([...safe].sort().map((k) => [k, 'safe']));
    writeFileSync(VERDICTS, JSON.stringify({ recheck: recheckVersion(), verdicts }, null, 2) + '\n');
  });
});
