/** The import rules of ARCHITECTURE.md: each folder imports only what its row allows. */

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
/** Modules every folder may import. */
const SHARED = ['model', 'errors.ts', 'exit-codes.ts', 'lazy.ts', 'side-file.ts', 'version.ts'];
const ALLOWED: Record<string, string[]> = {
  model: [],
  framing: [],
  library: [],
  parse: ['match'],
  match: ['library', 'parse'],
  correlate: ['library', 'match'],
  input: ['correlate'],
  report: ['correlate', 'input', 'parallel', 'library'],
  parallel: ['input', 'framing', 'parse', 'match', 'correlate', 'library'],
  'analysis.ts': ['library', 'correlate', 'match', 'parallel', 'input', 'parse'],
  follow: ['analysis.ts', 'correlate', 'report', 'io.ts'],
  tui: ['analysis.ts', 'correlate', 'report', 'library', 'io.ts'],
  mcp: ['analysis.ts', 'correlate', 'report', 'library', 'parse'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** `src/parse/x.ts` → `parse`; `src/analysis.ts` → `analysis.ts`. */
const unit = (file: string): string => relative(SRC, file).split('/')[0]!;

const imports = files(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => ({
    from: unit(file),
    file: relative(SRC, file),
    to: unit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
  })),
);

describe('import rules (ARCHITECTURE.md)', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
  });

  it.each(Object.keys(ALLOWED))('%s imports only what it may', (folder) => {
    const allowed = new Set([folder, ...SHARED, ...ALLOWED[folder]!]);
    const bad = imports.filter((i) => i.from === folder && !allowed.has(i.to.replace(/\.tsx$/, '.ts')));
    expect(bad.map((i) => `${i.file} → ${i.to}`)).toEqual([]);
  });

  it('nothing outside cli/ imports cli/', () => {
    expect(imports.filter((i) => i.to === 'cli' && i.from !== 'cli').map((i) => i.file)).toEqual([]);
  });
});
