/**
 * Per-file aggregation merged in input order gives the same findings as one pass over the
 * concatenated input: what makes the parallel runner's output independent of how files are split.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePaths, scratch, tree } from '../input/helpers.js';
import type { Report } from '../../src/model/finding.js';

const LINES = readFileSync('samples/seed-case/kube-controller-manager.log', 'utf8').trimEnd().split('\n');

/** What must not depend on the split: everything but where evidence came from. */
function essence(r: Report) {
  return r.findings.map((f) => ({
    key: f.key,
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    objects: f.objects,
    objectsOmitted: f.objectsOmitted,
    evidence: f.evidence.map((e) => e.text),
    diagnosis: f.diagnosis,
    causes: f.causes,
    causedBy: f.causedBy,
  }));
}

describe('merging per-file aggregates', () => {
  it('matches a single pass for any split of the log into files', async () => {
    const whole = join(tree(scratch(), { 'all.log': LINES.join('\n') + '\n' }), 'all.log');
    const expected = essence(await analyzePaths([whole]));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: LINES.length - 1 }), { maxLength: 6 }), async (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), LINES.length];
        const files: Record<string, string> = {};
        for (let i = 0; i + 1 < bounds.length; i++) files[`part-${String(i).padStart(2, '0')}.log`] = LINES.slice(bounds[i], bounds[i + 1]).join('\n') + '\n';
        const r = await analyzePaths([tree(scratch(), files)]);
        expect(essence(r)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
