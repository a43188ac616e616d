/** Shared set-up for the follow-mode tests: the seed log, and the pipeline over a stream the test writes. */

import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { analyze, type LiveHooks } from '../../src/analysis.js';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { loadCrds } from '../../src/input/registry-files.js';
import type { Report } from '../../src/model/finding.js';

export const SEED_LOG = 'samples/seed-case/kube-controller-manager.log';
export const SEED_CRD = 'samples/seed-case/podautoscaler-crd.yaml';
export const seedLines = (): string[] => readFileSync(SEED_LOG, 'utf8').trimEnd().split('\n');

/** The seed log's first GC error is line 28. */
export const FIRST_FINDING_LINE = 28;

let library: ReturnType<typeof loadLibrary> | null = null;

/** The pipeline over a stream the test writes to (as stdin from a pipe), with the seed CRD known. */
export function liveAnalysis(extra: LiveHooks = {}): { input: PassThrough; done: Promise<Report> } {
  library ??= loadLibrary([]);
  const registry = KindRegistry.withBuiltins();
  loadCrds(registry, SEED_CRD);
  const input = new PassThrough();
  const done = analyze([{ label: '-', stream: input, mtime: new Date('2026-06-01T00:00:00Z') }], { library, registry }, { maxLineBytes: 1024 * 1024, live: extra });
  return { input, done };
}

export function until(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - started > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}
