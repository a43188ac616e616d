/**
 * Property tests: random and mutated log lines never throw and always keep the accounting
 * identity (entries + continuation + unparsed = lines), in the assembler and through the whole
 * pipeline from raw bytes.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble, balanced } from './assemble.js';
import { INPUT_FORMATS } from '../../src/parse/input-format.js';
import { analyze } from '../../src/analysis.js';
import { looksLikeDumpStream } from '../../src/input/layout/cluster-info-dump.js';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';

const SAMPLE_LINES = readdirSync('samples/formats').flatMap((f) =>
  readFileSync(join('samples/formats', f), 'utf8').split('\n').filter((l) => l.length < 4000),
);

const sampleLine = fc.constantFrom(...SAMPLE_LINES);

/** Envelopes a line could arrive in, to mix layers the way real inputs do. */
const wrap = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => `2024-05-01T10:00:00.123456789Z stderr F ${s}`,
  (s) => `2024-05-01T10:00:00.5+00:00 stdout P ${s}`,
  (s) => `2024-05-01T10:00:00.123456789Z ${s}`,
  (s) => `[pod/p-6d4f8b9c7-x2x9q/manager] ${s}`,
  (s) => `[pod/q-0/] ${s}`,
  (s) => JSON.stringify({ log: `${s}\n`, stream: 'stderr', time: '2024-05-01T10:00:00Z' }),
  (s) => JSON.stringify({ log: s, stream: 'stdout', time: '2024-05-01T10:00:00Z' }),
  (s) => `memcached-6d4f8b9c7-x2x9q manager ${s}`,
  (s) => `==== START logs for container c of pod ns/${s.slice(0, 8).replace(/\s/g, 'x') || 'p'} ====`,
  (s) => `${s}==== END logs for container c of pod ns/p ====`,
  (s) => `\x1b[36m${s}\x1b[0m`,
);

/** Mutations: cut, splice in odd characters, or replace a character. */
const mutated = fc
  .tuple(sampleLine, fc.nat(), fc.constantFrom('', '\u0000', '\ufffd', '\t', ' >', '"', '\\', '{', '=<', '\r', '\u203a', '\x1b['), fc.integer({ min: 0, max: 2 }))
  .map(([line, at, insert, mode]) => {
    const i = line.length === 0 ? 0 : at % line.length;
    if (mode === 0) return line.slice(0, i);
    if (mode === 1) return line.slice(0, i) + insert + line.slice(i);
    return line.slice(0, i) + insert + line.slice(i + 1);
  });

const anyLine = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(wrap, sampleLine).map(([w, l]) => w(l)) },
  { weight: 3, arbitrary: fc.tuple(wrap, mutated).map(([w, l]) => w(l)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }).map((s) => s.replace(/\n/g, '')) },
);

describe('property: assembler', () => {
  it('never throws, emits one entry per entry or unparsed line, and keeps the identity', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 60 }), fc.constantFrom(...INPUT_FORMATS), (lines, inputFormat) => {
        const { entries, counters } = assemble(lines, { inputFormat });
        expect(counters.lines).toBe(lines.length);
        expect(balanced(counters)).toBe(true);
        expect(entries).toHaveLength(counters.entries + counters.unparsed);
        const kept = entries.reduce((n, e) => n + e.continuation.length + (e.continuationOmitted ?? 0), 0);
        expect(kept).toBeLessThanOrEqual(counters.continuation);
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: pipeline from bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kld-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const library = loadLibrary();

  it('frames and parses arbitrary bytes (CRLF, NUL, invalid UTF-8, long lines) with the identity intact', async () => {
    const chunk = fc.oneof(
      anyLine.map((l) => Buffer.from(`${l}\n`)),
      anyLine.map((l) => Buffer.from(`${l}\r\n`)),
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 40 }), fc.integer({ min: 8, max: 400 }), async (chunks, maxLineBytes) => {
        const file = join(dir, `input-${run++}.log`);
        writeFileSync(file, Buffer.concat(chunks));
        const report = await analyze([file], { library, registry: KindRegistry.withBuiltins() }, { maxLineBytes, jobs: 1 });
        const s = report.stats;
        expect(s.entries + s.continuation + s.unparsed).toBe(s.lines);
        // Bytes whose head looks like a cluster-info dump are read as one (as every mode reads them); the
        // dump's API-object part may then be broken JSON, which is an error about the content, not a failed read.
        const head = readFileSync(file).subarray(0, 4096).toString('utf8');
        const readFailures = s.errors.filter((e) => !(looksLikeDumpStream(head) && e.includes('API objects not readable as JSON')));
        expect(readFailures).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
