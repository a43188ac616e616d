/**
 * User regexes: RE2 where it can run them, recheck (cached across runs) where it cannot, and an
 * "unknown" verdict refused unless --allow-unverified-regex, which then time-boxes each line.
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PatternError } from '../../src/errors.js';
import { loadLibrary } from '../../src/library/load.js';
import { regexRunner, re2Source } from '../../src/library/regex-engine.js';
import { VerdictCache, verdictKey } from '../../src/library/safety.js';
import { exampleLine } from '../../src/library/schema.js';
import { exampleEntry } from '../../src/match/examples.js';
import { matchText } from '../../src/model/entry.js';
import { runInProcess } from '../e2e/helpers.js';
import { tempDir } from '../tmp.js';

const pattern = (regex: string, keyword = 'widget exploded') => `id: my-signature
family: my-family
title: Something went wrong
severity: warning
match:
  keywords: ["${keyword}"]
  regex: '${regex}'
diagnosis: Widget exploded.
explanation: Widgets explode when overfilled.
causes: [Overfilled widget.]
fixes: ["Refill less."]
examples:
  match: ['E0101 00:00:00.000000       1 w.go:1] widget exploded: aab']
  nomatch: ['I0101 00:00:00.000000       1 w.go:1] widget ok']
`;

function patternDir(yaml: string): string {
  const dir = tempDir('kld-user-regex-');
  writeFileSync(join(dir, 'mine.yaml'), yaml);
  return dir;
}

const tempCache = (): string => join(tempDir('kld-cache-'), 'kube-log-doctor', 'regex-verdicts.json');

/** recheck gives up on a backreference: its verdict is "unknown". */
const BACKREF = 'widget exploded: (a*)*\\1b';

/** A cache file that already holds recheck's "unknown" for BACKREF (so tests need not wait ten seconds). */
function cacheWithUnknown(): string {
  const file = tempCache();
  const cache = new VerdictCache(file, 500);
  expect(cache.check(new RegExp(BACKREF)).status).toBe('unknown');
  cache.save();
  return file;
}

const own = (lib: ReturnType<typeof loadLibrary>) => lib.patterns.find((p) => p.spec.id === 'my-signature')!;

describe('engine choice for user regexes', () => {
  it('a regex RE2 can express runs on RE2, with no recheck at all (even one V8 would backtrack on)', () => {
    const file = tempCache();
    const lib = loadLibrary([patternDir(pattern('widget exploded: (?<name>(a+)+)$'))], { verdictCache: file });
    const p = own(lib);
    expect(p.runners.map((r) => r.engine)).toEqual(['re2']);
    // Linear time: a hostile text is answered, and the named group comes back.
    expect(p.runners[0]!.exec(`widget exploded: ${'a'.repeat(100_000)}!`)).toBeNull();
    expect(p.runners[0]!.exec('widget exploded: aaa')).toEqual({ name: 'aaa' });
    // recheck was not asked: nothing was cached.
    expect(existsSync(file)).toBe(false);
  });

  it('an "unknown" verdict is refused with a one-line error that names the file, the regex and the flag', () => {
    const dir = patternDir(pattern(BACKREF));
    let err: unknown;
    try {
      loadLibrary([dir], { verdictCache: cacheWithUnknown() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatternError);
    const message = (err as Error).message;
    expect(message).toContain('mine.yaml: match.regex: unverified regex');
    expect(message).toContain('--allow-unverified-regex');
    expect(message).toContain('(pattern my-signature)');
    expect(message).not.toContain('\n');
  });

  it('the same regex is accepted with --allow-unverified-regex and runs time-boxed: a hostile line gives up', () => {
    const lib = loadLibrary([patternDir(pattern(BACKREF))], { verdictCache: cacheWithUnknown(), allowUnverifiedRegex: true });
    const p = own(lib);
    expect(p.runners.map((r) => r.engine)).toEqual(['v8-time-boxed']);
    // Still a working regex on ordinary lines.
    expect(p.runners[0]!.exec('widget exploded: aab')).toEqual({});
    // Unbounded, this line costs minutes of CPU; the box stops it, and it counts as no match.
    const notices: string[] = [];
    const boxed = regexRunner(new RegExp(BACKREF), 'v8-time-boxed', 'test regex', 20, (m) => notices.push(m));
    expect(boxed.exec(`widget exploded: ${'a'.repeat(60)}`)).toBeNull();
    expect(boxed.exec(`widget exploded: ${'a'.repeat(60)}`)).toBeNull();
    expect(notices).toEqual(['test regex gave up on a line after 20 ms (an unverified regex); such lines count as not matching']);
  });

  it('a fresh check that times out is "unknown" too, and is refused', () => {
    expect(() => loadLibrary([patternDir(pattern(BACKREF))], { verdictCache: null, recheckTimeoutMs: 300 })).toThrow(/unverified regex/);
  });

  it('a lookaround regex that recheck proves safe runs on V8', () => {
    const lib = loadLibrary([patternDir(pattern('widget exploded: (?=a)(?<name>[a-z]+)'))], { verdictCache: tempCache() });
    expect(own(lib).runners.map((r) => r.engine)).toEqual(['v8']);
  });

  it('bundled regexes keep running on V8', () => {
    const lib = loadLibrary([], { verdictCache: null });
    expect(new Set(lib.patterns.flatMap((p) => p.runners.map((r) => r.engine)))).toEqual(new Set(['v8']));
  });
});

describe('verdict cache', () => {
  it('keeps verdicts across runs, keyed by the regex and recheck version', () => {
    const file = tempCache();
    const first = new VerdictCache(file);
    const re = /widget exploded: (?=a)(?<name>[a-z]+)/;
    expect(first.check(re)).toMatchObject({ status: 'safe', cached: false });
    first.save();
    const second = new VerdictCache(file);
    expect(second.check(re)).toMatchObject({ status: 'safe', cached: true });
    expect(second.check(/other(?=x)/)).toMatchObject({ cached: false });
    expect(verdictKey(re)).toBe(`/${re.source}`);
  });

  it('an unreadable cache or one for another recheck version is ignored, never an error', () => {
    const file = tempCache();
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '{"recheck":"0.0.1","verdicts":{"/x(?=y)":{"status":"vulnerable","detail":"stale"}}}');
    expect(new VerdictCache(file).check(/x(?=y)/)).toMatchObject({ status: 'safe', cached: false });
    writeFileSync(file, 'not json');
    expect(new VerdictCache(file).check(/x(?=y)/)).toMatchObject({ status: 'safe', cached: false });
  });

  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(VerdictCache.defaultFile({ XDG_CACHE_HOME: '/c' })).toBe('/c/kube-log-doctor/regex-verdicts.json');
    expect(VerdictCache.defaultFile({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toMatch(/\.cache\/kube-log-doctor\/regex-verdicts\.json$/);
  });
});

describe('RE2 runs a regex with the captures V8 gives', () => {
  const bundled = loadLibrary([], { verdictCache: null }).patterns;
  const cases = bundled.flatMap((p) =>
    p.regexes
      .filter((re) => re2Source(re.source) !== null)
      .map((re) => ({ id: p.spec.id, re, lines: [...p.spec.examples.match, ...p.spec.examples.nomatch].map((e) => matchText(exampleEntry(exampleLine(e)))) })),
  );

  it('on every example line of the bundled library', () => {
    expect(cases.length).toBeGreaterThan(150);
    for (const { id, re, lines } of cases) {
      const v8 = regexRunner(re, 'v8');
      const re2 = regexRunner(re, 're2');
      for (const line of lines) expect(re2.exec(line), `${id}: ${re.source} on ${line}`).toEqual(v8.exec(line));
    }
  });

  it('on those lines cut and mutated at random', () => {
    fc.assert(
      fc.property(fc.nat(cases.length - 1), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), (c, a, b, insert) => {
        const { re, lines } = cases[c]!;
        const line = lines[a % lines.length]!;
        const at = b % (line.length + 1);
        const text = line.slice(0, at) + insert + line.slice(at);
        expect(regexRunner(re, 're2').exec(text)).toEqual(regexRunner(re, 'v8').exec(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('RE2 keeps JavaScript\'s meaning of . and \\s', () => {
  const special = fc.constantFrom('a', 'b', ' ', '\r', '\n', '\u00a0', '\u2028', '\u3000', '\t', '\v', 'é', '"', ']');
  const texts = fc.array(special, { maxLength: 12 }).map((cs) => cs.join(''));
  const sources = ['a.b', 'a\\sb', 'a\\S+b', '[\\s"]+', '[^\\s]+', 'x[.]y|a.', '(?<v>[a\\s]+)\\s*$', '\\.\\s'];

  it('on texts with carriage returns, line and paragraph separators and Unicode spaces', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), texts, (src, text) => {
        const re = new RegExp(src);
        expect(regexRunner(re, 're2').exec(text)).toEqual(regexRunner(re, 'v8').exec(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('what RE2 would read otherwise is left to V8: \\S in a class, [] and [^]', () => {
    expect(re2Source('[\\S]+')).toBeNull();
    expect(re2Source('a[]b')).toBeNull();
    expect(re2Source('a[^]b')).toBeNull();
    expect(re2Source('a[\\]]b')).not.toBeNull();
  });
});

describe('the CLI', () => {
  const line = 'E0101 00:00:00.000000       1 w.go:1] widget exploded: aab\n';

  it('refuses an unverified regex with exit 2, and runs it with --allow-unverified-regex', async () => {
    const file = cacheWithUnknown();
    const env = { XDG_CACHE_HOME: join(file, '..', '..') };
    const dir = patternDir(pattern(BACKREF));
    const refused = await runInProcess(['--patterns', dir, '-o', 'json'], { input: line, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^kube-log-doctor: .*mine\.yaml: match\.regex: unverified regex: .*--allow-unverified-regex.*\(pattern my-signature\)\n$/);
    const allowed = await runInProcess(['--patterns', dir, '--allow-unverified-regex', '-o', 'json'], { input: line, env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).findings.map((f: { id: string }) => f.id)).toContain('my-signature');
  });
});

describe('patterns test on a user directory', () => {
  it('runs examples on the engine the analysis uses, and fails an unverified regex with the reason', async () => {
    const file = cacheWithUnknown();
    const env = { XDG_CACHE_HOME: join(file, '..', '..') };
    const ok = await runInProcess(['patterns', 'test', patternDir(pattern('widget exploded: (?<name>a+)b'))], { env });
    expect(ok.stdout).toMatch(/^ok {3}.*mine\.yaml \(my-signature\)$/m);
    expect(ok.code).toBe(0);
    const unverified = await runInProcess(['patterns', 'test', patternDir(pattern(BACKREF))], { env });
    expect(unverified.code).toBe(1);
    expect(unverified.stdout).toMatch(/^FAIL .*mine\.yaml \(my-signature\)\n {2}match\.regex\[0\] unverified regex: .*--allow-unverified-regex/m);
  });
});

describe('keyword limits', () => {
  const withKeywords = (n: number, length: number) =>
    pattern('widget exploded: (?<name>[a-z]+)').replace('  keywords: ["widget exploded"]', `  keywords:\n${Array.from({ length: n }, (_, i) => `    - "widget exploded ${String(i).padStart(Math.max(1, length - 16), '0')}"`).join('\n')}`);

  it('too many keywords: a one-line error naming the file that goes over', () => {
    const bundled = new Set(loadLibrary([], { verdictCache: null }).patterns.flatMap((p) => p.keywords)).size;
    const limits = { count: bundled + 10, chars: 1_000_000 };
    expect(() => loadLibrary([patternDir(withKeywords(10, 20))], { verdictCache: null, keywordLimits: limits })).not.toThrow();
    let err: unknown;
    try {
      loadLibrary([patternDir(withKeywords(11, 20))], { verdictCache: null, keywordLimits: limits });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatternError);
    expect((err as Error).message).toMatch(/mine\.yaml: match\.keywords: with this file the library holds more than \d+ distinct keywords, the limit; .*\(pattern my-signature\)$/);
  });

  it('pattern files with over 4 MiB of keywords in all are refused by the CLI with exit 2, not gigabytes of memory', async () => {
    // Each file stays under the 1 MiB cap on one pattern file; the fifth takes the library over 4 MiB.
    const dir = tempDir('kld-user-regex-');
    for (let f = 0; f < 5; f++) {
      const keywords = Array.from({ length: 220 }, (_, i) => `    - "widget exploded ${f} ${String(i).padStart(3980, '0')}"`).join('\n');
      const yaml = pattern('widget exploded: (?<name>[a-z]+)').replace('id: my-signature', `id: my-signature-${f}`).replace('  keywords: ["widget exploded"]', `  keywords:\n${keywords}`);
      writeFileSync(join(dir, `mine-${f}.yaml`), yaml);
    }
    const r = await runInProcess(['--patterns', dir], { input: 'x\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kube-log-doctor: .*mine-4\.yaml: match\.keywords: with this file the library holds more than 4,194,304 characters of distinct keywords, the limit; .*\n$/);
  });
});
