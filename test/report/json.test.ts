/**
 * `-o json` is written in pieces (renderJsonChunks): the pieces make the same text as the one
 * document renderJson makes, byte for byte, whatever the report holds.
 */

import { describe, expect, it } from 'vitest';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import { finding, report } from './helpers.js';
import { runInProcess } from '../e2e/helpers.js';

const joined = (r: Parameters<typeof renderJson>[0]) => [...renderJsonChunks(r)].join('');

describe('JSON report in pieces', () => {
  it('is the same text as the whole document', () => {
    expect(joined(report([]))).toBe(renderJson(report([])));
    const many = Array.from({ length: 40 }, (_, i) => finding({ key: `k${i}`, diagnosis: `line one\nline "two" \u009b \u202e ${i}` }));
    const r = { ...report(many, ['an error']), omitted: undefined, unknown: [] };
    expect(joined(r)).toBe(renderJson(r));
    // Lists of every length around the one past which elements are written one by one.
    for (const n of [0, 1, 15, 16, 17]) {
      const s = report(Array.from({ length: n }, (_, i) => finding({ key: `k${i}` })));
      expect(joined(s)).toBe(renderJson(s));
    }
  });

  it('is what the CLI prints for a report', async () => {
    const { stdout } = await runInProcess(['samples/seed-case', '-o', 'json']);
    expect(JSON.parse(stdout).findings.length).toBeGreaterThan(0);
    expect(stdout.endsWith('\n}\n')).toBe(true);
    expect(stdout).toBe(renderJson(JSON.parse(stdout)));
  });
});
