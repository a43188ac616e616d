/** Near-miss and chain rules as library units: RuleTester-style examples, and the CLI knows them. */

import { describe, expect, it } from 'vitest';
import { NEAR_MISS_RULES } from '../../src/correlate/near-miss.js';
import { CHAIN_RULES } from '../../src/correlate/chains.js';
import { NEAR_MISS_UNITS, checkUnitExamples, exampleRegistry, parseSeen } from '../../src/correlate/rule-units.js';
import { runInProcess } from '../e2e/helpers.js';

describe.each(NEAR_MISS_UNITS.map((u) => [u.id, u] as const))('near-miss rule %s', (_id, unit) => {
  it('flags its invalid examples with its title, severity and edit, and lets its valid ones pass', () => {
    expect(unit.invalid.length).toBeGreaterThan(0);
    expect(unit.valid.length).toBeGreaterThan(0);
    expect(checkUnitExamples(unit)).toEqual([]);
  });
});

describe('near-miss units', () => {
  it('cover every rule the correlator runs, one unit each', () => {
    const registry = exampleRegistry();
    const ids = NEAR_MISS_UNITS.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(NEAR_MISS_UNITS.map((u) => u.check)).toEqual(expect.arrayContaining([...NEAR_MISS_RULES]));
    expect(NEAR_MISS_UNITS).toHaveLength(NEAR_MISS_RULES.length);
    for (const u of NEAR_MISS_UNITS) expect(u.check(parseSeen(u.invalid[0]!.seen), registry)?.rule).toBe(u.id);
  });

  it('the example check fails a wrong expectation (it can fail)', () => {
    const unit = NEAR_MISS_UNITS.find((u) => u.id === 'kind-case-mismatch')!;
    expect(checkUnitExamples({ ...unit, invalid: [{ seen: 'example.com/v1/WIDGET', edit: 'WIDGET → Gadget' }] })).toEqual([
      'kind-case-mismatch: invalid example.com/v1/WIDGET: got error "Kind differs from the registered kind only in letter case", edit WIDGET → Widget; expected error "Kind differs from the registered kind only in letter case", edit WIDGET → Gadget',
    ]);
    expect(checkUnitExamples({ ...unit, valid: [{ seen: 'example.com/v1/WIDGET', why: 'wrongly thought fine' }] })).toHaveLength(1);
  });
});

describe('the CLI knows near-miss and chain rules', () => {
  it('explain kind-case-mismatch (the seed case root cause) and a chain rule', async () => {
    const r = await runInProcess(['explain', 'kind-case-mismatch']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Kind differs from the registered kind only in letter case');
    expect(r.stdout).toContain('example.com/v1/WIDGET  →  WIDGET → Widget');
    const json = await runInProcess(['explain', 'kind-case-mismatch', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 'near-miss', id: 'kind-case-mismatch', severity: 'error' });
    const chain = await runInProcess(['explain', 'tls-breaks-webhook']);
    expect(chain.code).toBe(0);
    expect(chain.stdout).toContain('Cause      tls-x509');
  });

  it('patterns list names them, and patterns test runs their examples', async () => {
    const list = JSON.parse((await runInProcess(['patterns', 'list', '-o', 'json'])).stdout) as { type: string; id: string }[];
    expect(list.filter((r) => r.type === 'near-miss').map((r) => r.id)).toEqual(NEAR_MISS_UNITS.map((u) => u.id));
    expect(list.filter((r) => r.type === 'chain')).toHaveLength(CHAIN_RULES.length);
    const test = await runInProcess(['patterns', 'test']);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain(`near-miss rules: ${NEAR_MISS_UNITS.length} rules, 0 failing examples`);
  });
});
