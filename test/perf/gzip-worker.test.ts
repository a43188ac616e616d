/**
 * A large compressed log with several threads: this thread inflates it while a worker parses and
 * matches (run-bundle.ts). The report is the one a single thread gives, for a plain .gz log and
 * for gzip members concatenated (as logrotate with `delaycompress` and `cat` make them).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'kld-gzip-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Worker threads run the compiled code (npm test builds first).
const dist = (m: string) => import(new URL(`../../dist/${m}`, import.meta.url).href);

describe('a compressed log matched in a worker', () => {
  it.each([
    ['klog', false],
    ['zap', true],
  ])('%s (concatenated members: %s) gives the report of one thread', async (format, concatenated) => {
    const { analyzeBundle } = await dist('parallel/run-bundle.js');
    const { KindRegistry } = await dist('correlate/registry.js');
    const { loadLibrary } = await dist('library/load.js');
    const { signatureKeywords } = await dist('match/matcher.js');
    const { writeRealisticLog } = await import('../../bench/realistic-logs.mjs');
    const patterns = loadLibrary().patterns;
    const plain = join(dir, `${format}.log`);
    await writeRealisticLog(plain, format, 3_000_000, patterns, { seed: 9, signatureRate: 0.04 });
    const text = readFileSync(plain);
    const gz = join(dir, `${format}.log.gz`);
    const half = text.indexOf(10, text.length >> 1) + 1;
    writeFileSync(gz, concatenated ? Buffer.concat([gzipSync(text.subarray(0, half)), gzipSync(text.subarray(half))]) : gzipSync(text));
    const opts = { patterns, maxLineBytes: 4096, assembler: { inputFormat: 'auto', matchKeywords: signatureKeywords(patterns) }, maxExpandedBytes: 1 << 30 };
    const one = await analyzeBundle([gz], { ...opts, registry: KindRegistry.withBuiltins(), jobs: 1 });
    const two = await analyzeBundle([gz], { ...opts, registry: KindRegistry.withBuiltins(), jobs: 2, inflatedWorkerMinBytes: 1 });
    expect(one.findings.length).toBeGreaterThan(20);
    expect(one.stats.lines).toBe(text.toString().split('\n').length - 1);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  }, 120_000);
});
