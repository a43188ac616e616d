/**
 * One analysis path: every way of reading the same input gives the same report — batch with any
 * number of worker threads, the live path the TUI uses, and follow mode stopped once it has read
 * everything. Run on every sample bundle and the seed case.
 */

import { describe, expect, it } from 'vitest';
import { runInProcess } from './helpers.js';
import { runAnalysis } from '../../src/cli/commands/analyze.js';
import { renderJson } from '../../src/report/json.js';
import type { LiveAnalysis } from '../../src/analysis.js';
import type { Report } from '../../src/model/finding.js';
import { cliOptions, silentIo } from '../tui/helpers.js';

const INPUTS = [
  'samples/seed-case',
  'samples/bundles/must-gather',
  'samples/bundles/must-gather.tar.gz',
  'samples/bundles/cluster-info-dump',
  'samples/bundles/cluster-info-dump.tar.gz',
  'samples/bundles/cluster-info-dump.txt',
];

const batches = new Map<string, Promise<string>>();
/** The batch report as `-o json --by source` prints it (each path and --jobs run once per file). */
function batch(path: string, jobs: string): Promise<string> {
  const key = `${path}\0${jobs}`;
  let r = batches.get(key);
  if (!r) {
    r = runInProcess([path, '-o', 'json', '--jobs', jobs, '--by', 'source']).then((out) => {
      expect(out.code).toBe(0);
      return out.stdout;
    });
    batches.set(key, r);
  }
  return r;
}

/** The report as JSON, with the per-source list, as `-o json --by source` prints it. */
const json = (r: Report): string => renderJson(r);

describe.each(INPUTS)('%s', (path) => {
  it('gives byte-identical JSON with --jobs 1, 2 and auto', async () => {
    const one = await batch(path, '1');
    expect(JSON.parse(one).findings.length).toBeGreaterThan(0);
    expect(await batch(path, '2')).toBe(one);
    expect(await batch(path, 'auto')).toBe(one);
  });

  it('gives the same report on the live path (TUI) and in follow mode as in batch', async () => {
    const expected = await batch(path, '1');
    const tui = await runAnalysis([path], cliOptions({ jobs: 1 }), silentIo(), { live: { idleFlushMs: 20 } });
    expect(json(tui)).toBe(expected);

    // Follow mode goes on until stopped: stop it once it has read every line batch reads.
    const lines = JSON.parse(expected).stats.lines as number;
    const controller = new AbortController();
    let live: LiveAnalysis | null = null;
    const timer = setInterval(() => {
      if (live && live.snapshot().stats.lines >= lines) controller.abort();
    }, 20);
    const followed = await runAnalysis([path], cliOptions(), silentIo(), {
      live: { signal: controller.signal, idleFlushMs: 20, onStart: (l) => (live = l) },
      follow: true,
    }).finally(() => clearInterval(timer));
    expect(json(followed)).toBe(expected);
  });
});
