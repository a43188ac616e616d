/**
 * The user's pattern cache ($XDG_CACHE_HOME/kube-log-doctor): validated pattern files by the digest
 * of their bytes (user-patterns.json) beside recheck's verdicts (regex-verdicts.json). A second run
 * with the same files reuses both; an edited file, a corrupt or outdated cache, or an unwritable
 * cache directory never changes what is loaded or reported.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, SpecCache } from '../../src/library/load.js';
import { runInProcess } from '../e2e/helpers.js';
import { tempDir } from '../tmp.js';

/** RE2 runs the default regex (no recheck); a lookahead needs recheck's verdict. */
const LOOKAHEAD = 'widget exploded: (?=a)(?<name>[a-z]+)';
const yaml = (title: string, regex = 'widget exploded: (?<name>[a-z]+)') => `id: my-signature
family: my-family
title: ${title}
severity: warning
match:
  keywords: ["widget exploded"]
  regex: '${regex}'
diagnosis: Widget {{name}} exploded.
explanation: Widgets explode when overfilled.
causes: [Overfilled widget.]
fixes: ["Refill less."]
examples:
  match: ['E0101 00:00:00.000000       1 w.go:1] widget exploded: aab']
  nomatch: ['I0101 00:00:00.000000       1 w.go:1] widget ok']
`;

function setup(text = yaml('Something went wrong')) {
  const dir = tempDir('kld-pattern-cache-');
  const patterns = join(dir, 'patterns');
  mkdirSync(patterns);
  writeFileSync(join(patterns, 'mine.yaml'), text);
  const cacheDir = join(dir, 'cache', 'kube-log-doctor');
  const verdicts = join(cacheDir, 'regex-verdicts.json');
  const specs = join(cacheDir, 'user-patterns.json');
  const load = () => loadLibrary([patterns], { verdictCache: verdicts }).patterns.find((p) => p.spec.id === 'my-signature')!;
  return { dir, patterns, cacheDir, verdicts, specs, load };
}

const cachedSpecs = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { schema: string; specs: Record<string, { title: string }> };

describe('user pattern cache', () => {
  it('keeps the validated file by its digest, and a second load takes it from there', () => {
    const t = setup(yaml('Something went wrong', LOOKAHEAD));
    const first = t.load();
    expect(first.spec.title).toBe('Something went wrong');
    expect(first.runners.map((r) => r.engine)).toEqual(['v8']);
    const data = cachedSpecs(t.specs);
    const [digest] = Object.keys(data.specs);
    expect(Object.keys(data.specs)).toHaveLength(1);
    expect(Object.keys(JSON.parse(readFileSync(t.verdicts, 'utf8')).verdicts)).toEqual(['/widget exploded: (?=a)(?<name>[a-z]+)']);
    // The cache is what the second load reads: a title changed there shows.
    data.specs[digest!]!.title = 'From the cache';
    writeFileSync(t.specs, JSON.stringify(data));
    expect(t.load().spec.title).toBe('From the cache');
  });

  it('an edited file is validated again, and a broken edit is reported with its line', () => {
    const t = setup();
    t.load();
    writeFileSync(join(t.patterns, 'mine.yaml'), yaml('Edited title'));
    expect(t.load().spec.title).toBe('Edited title');
    expect(Object.keys(cachedSpecs(t.specs).specs)).toHaveLength(2);
    writeFileSync(join(t.patterns, 'mine.yaml'), yaml('Edited title').replace('severity: warning', 'severity: dire'));
    expect(() => t.load()).toThrow(/mine\.yaml:4: severity: /);
  });

  it('a corrupt cache, or one of another schema or version, is ignored and rewritten', () => {
    for (const content of ['{"schema": "x', '[]', '{"schema":"0.0.0:old","specs":{}}', '\u0000\u0001']) {
      const t = setup();
      mkdirSync(t.cacheDir, { recursive: true });
      writeFileSync(t.specs, content);
      expect(t.load().spec.title).toBe('Something went wrong');
      expect(Object.keys(cachedSpecs(t.specs).specs)).toHaveLength(1);
    }
    // A cached spec for this schema that does not compile (a hand-edited regex) falls back to the file.
    const t = setup();
    t.load();
    const data = cachedSpecs(t.specs) as unknown as { specs: Record<string, { match: { regex: string } }> };
    for (const spec of Object.values(data.specs)) spec.match.regex = '(unclosed';
    writeFileSync(t.specs, JSON.stringify(data));
    expect(t.load().regexes[0]!.source).toBe('widget exploded: (?<name>[a-z]+)');
  });

  it('writes atomically (no temporary file left) and never fails on an unwritable cache directory', () => {
    const t = setup();
    t.load();
    expect(readdirSync(t.cacheDir).sort()).toEqual(['user-patterns.json']);
    // The cache directory's place is taken by a file: nothing can be written, the load still works.
    const blocked = setup();
    mkdirSync(join(blocked.dir, 'cache'));
    writeFileSync(blocked.cacheDir, 'not a directory');
    expect(blocked.load().spec.title).toBe('Something went wrong');
    expect(existsSync(blocked.specs)).toBe(false);
    const none = new SpecCache(null);
    none.set('x', {} as never);
    expect(() => none.save()).not.toThrow();
  });

  it('the CLI keeps its cache under XDG_CACHE_HOME and reports the same with a warm cache', async () => {
    const t = setup(yaml('Widget exploded', LOOKAHEAD));
    const env = { XDG_CACHE_HOME: join(t.dir, 'cache') };
    const input = 'E0101 00:00:00.000000       1 w.go:1] widget exploded: aab\n';
    const cold = await runInProcess(['--patterns', t.patterns, '-o', 'json'], { input, env });
    expect(cold.code).toBe(0);
    expect(existsSync(t.specs) && existsSync(t.verdicts)).toBe(true);
    const warm = await runInProcess(['--patterns', t.patterns, '-o', 'json'], { input, env });
    expect(warm.stdout).toBe(cold.stdout);
    const finding = JSON.parse(warm.stdout).findings.find((f: { id: string }) => f.id === 'my-signature');
    expect(finding).toMatchObject({ title: 'Widget exploded', diagnosis: 'Widget aab exploded.' });
  });
});
