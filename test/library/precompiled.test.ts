/**
 * The build validates the bundled library once and start-up reuses it: the result must be the
 * library the YAML gives, and a file edited after the build must be read from YAML again.
 */

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_PATTERNS_DIR, loadLibrary, writePrecompiled } from '../../src/library/load.js';
import { PatternError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-precompiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = (lib: ReturnType<typeof loadLibrary>) => lib.patterns.map((p) => ({ spec: p.spec, regexes: p.regexes.map(String), keywords: p.keywords }));

describe('precompiled bundled library', () => {
  const patternsDir = join(dir, 'patterns');
  const cache = join(dir, 'bundled-patterns.json');
  const fresh = () => {
    rmSync(patternsDir, { recursive: true, force: true });
    mkdirSync(patternsDir);
    for (const f of readdirSync(BUNDLED_PATTERNS_DIR)) if (f.endsWith('.yaml')) copyFileSync(join(BUNDLED_PATTERNS_DIR, f), join(patternsDir, f));
  };

  it('gives the same library as the YAML files', () => {
    fresh();
    expect(writePrecompiled(patternsDir, cache)).toBe(readdirSync(patternsDir).length);
    expect(shape(loadLibrary([], { bundledDir: patternsDir, precompiled: cache }))).toEqual(shape(loadLibrary([], { bundledDir: patternsDir, precompiled: join(dir, 'none.json') })));
  });

  it('reads a file edited after the build from YAML, errors and all', () => {
    fresh();
    writePrecompiled(patternsDir, cache);
    const file = join(patternsDir, 'gc-rest-mapping.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited after the build'));
    expect(loadLibrary([], { bundledDir: patternsDir, precompiled: cache }).patterns.find((p) => p.spec.id === 'gc-rest-mapping')!.spec.title).toBe('Edited after the build');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'titel: typo'));
    expect(() => loadLibrary([], { bundledDir: patternsDir, precompiled: cache })).toThrow(PatternError);
  });

  it('ignores a cache it cannot read', () => {
    fresh();
    writeFileSync(cache, '{ not json');
    expect(loadLibrary([], { bundledDir: patternsDir, precompiled: cache }).patterns.length).toBe(readdirSync(patternsDir).length);
  });
});
