/**
 * `patterns new` states each match example's captures: what the generated regex captures on that
 * line (and nothing it does not), so `patterns test` checks them like any other signature's.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInProcess } from '../e2e/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-new-captures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two slots vary: the kind (no capture: the kind extractor cannot tell it from this wording) and the object.
const LOG = [
  'E1103 09:14:42.118311       1 sync.go:88] sync failed: no informer for kind Gizmo in toys.acme.io, object shop/gizmo-1 skipped',
  'E1103 09:14:43.118311       1 sync.go:88] sync failed: no informer for kind Widget in toys.acme.io, object billing/widget-7 skipped',
  'E1103 09:14:44.118311       1 sync.go:88] sync failed: no informer for kind Gizmo in toys.acme.io, object shop/gizmo-2 skipped',
  'E1103 09:14:45.118311       1 cache.go:12] widget cache refresh failed: lease held by pod-7 expired',
  '',
].join('\n');

const TODO_ONLY = [
  'title: TODO — still to be written',
  'diagnosis: TODO — still to be written',
  'explanation: TODO — still to be written',
  'causes[0]: TODO — still to be written',
  'fixes[0]: TODO — still to be written',
];

describe('patterns new: match examples with their captures', () => {
  it('writes the captures the regex takes from each line, and patterns test checks them', async () => {
    const log = join(dir, 'operator.log');
    writeFileSync(log, LOG);
    const r = await runInProcess(['patterns', 'new', '--from', log, '--id', 'informer-missing', '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(dir, 'informer-missing.yaml');
    const text = readFileSync(file, 'utf8');
    const spec = parse(text) as { match: { regex: string }; examples: { match: { line: string; captures?: Record<string, string> }[] } };
    expect(spec.match.regex).toContain('(?<object>');
    expect(spec.examples.match).toEqual([
      { line: LOG.split('\n')[0], captures: { object: 'shop/gizmo-1' } },
      { line: LOG.split('\n')[1], captures: { object: 'billing/widget-7' } },
      { line: LOG.split('\n')[2], captures: { object: 'shop/gizmo-2' } },
    ]);

    // As written, only the TODO fields fail.
    const test = await runInProcess(['patterns', 'test', file]);
    expect(test.code).toBe(1);
    expect(test.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim())).toEqual(TODO_ONLY);

    // The captures are checked: a wrong one is reported as wrong-captures for that example.
    writeFileSync(file, text.replace('object: billing/widget-7', 'object: billing/widget-8'));
    const wrong = await runInProcess(['patterns', 'test', file]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('match[1] wrong-captures: object: expected "billing/widget-8", got "billing/widget-7"');
  });
});
