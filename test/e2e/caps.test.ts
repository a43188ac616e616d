/**
 * A log with more distinct findings than a report lists, and a kind with more objects than it
 * lists: the report says what it left out, in JSON, text and markdown, by finding and by kind.
 * The CLI runs in-process.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from './helpers.js';
import { MAX_FINDINGS } from '../../src/correlate/correlate.js';

const EXTRA = 30;
const OBJECTS = 45;
const gc = (kind: string, object?: number) =>
  `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/${kind}."` +
  (object === undefined ? '' : ` item="[example.com/v1/${kind}, namespace: default, name: w-${object}, uid: 4b1f0c2e-8d7a-4c55-9a0e-${String(object).padStart(12, '0')}]"`);

let dir = '';
let log = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kld-caps-'));
  log = join(dir, 'many.log');
  const lines: string[] = [];
  // One kind named with many objects, each object twice: the most frequent finding.
  for (let i = 0; i < OBJECTS; i++) lines.push(gc('Widget', i), gc('Widget', i));
  for (let i = 0; i < MAX_FINDINGS + EXTRA - 1; i++) lines.push(gc(`Kind${String(i).padStart(5, '0')}`));
  writeFileSync(log, lines.join('\n') + '\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('caps', { timeout: 120_000 }, () => {
  it('JSON lists the first findings and counts the rest per family; objects past the list are counted', async () => {
    const json = (await runInProcess([log, '-o', 'json'])).stdout;
    const report = JSON.parse(json);
    expect(report.findings).toHaveLength(MAX_FINDINGS);
    expect(report.omitted).toEqual({
      findings: EXTRA,
      count: EXTRA,
      families: [{ family: 'gc-rest-mapping', findings: EXTRA, count: EXTRA }],
      kinds: EXTRA,
    });
    const widget = report.findings[0];
    expect(widget.key).toBe('gc-rest-mapping:example.com/v1/Widget');
    expect(widget.objects).toHaveLength(20);
    expect(widget.objectsOmitted).toBe(2 * (OBJECTS - 20));
    const kind = report.kinds.find((k: { kind: string }) => k.kind === 'Widget');
    expect(kind.objects).toHaveLength(20);
    expect(kind.objectsOmitted).toBe(2 * (OBJECTS - 20));
    expect(report.kinds).toHaveLength(MAX_FINDINGS);
    // The same report, byte for byte, from two threads (a deep comparison of 5,000 findings took longer than the run).
    expect((await runInProcess([log, '-o', 'json', '--jobs', '2'])).stdout).toBe(json);
  });

  it('text and markdown say how many findings of which family are not listed, and how many objects', async () => {
    const text = (await runInProcess([log])).stdout;
    expect(text.split('\n')[0]).toContain(`${(MAX_FINDINGS + EXTRA).toLocaleString('en-US')} findings (the first ${MAX_FINDINGS.toLocaleString('en-US')} listed)`);
    expect(text).toContain(`Not listed\n  ${EXTRA} more findings of family gc-rest-mapping not listed (×${EXTRA})\n  ${EXTRA} more kinds not listed`);
    // Five objects shown of the 20 listed (a sample of the 45); 25 objects (50 mentions) were not listed at all.
    expect(text).toMatch(/objects {4}(default\/w-\d+ \(2\), ){5}… 15 more objects and 50 more mentions of objects not listed/);

    const md = (await runInProcess([log, '-o', 'markdown'])).stdout;
    expect(md).toContain(`- ${EXTRA} more findings of family gc-rest-mapping not listed (×${EXTRA})`);
    expect(md).toMatch(/(`default\/w-\d+` \(2\), ){20}… 50 more mentions of objects not listed \|/);
  });

  it('lists findings past the first ones met with the same texts, in any number of threads', async () => {
    // Two logs read by two threads. In the first, the findings met first (in reverse order of their
    // keys) get their texts as they appear, those met after 5,000 others only when the report
    // lists them, which it does (it lists the first keys); both logs also
    // hold a chain (the API server unreachable, so lists fail and the lease is not renewed), whose links must
    // land on those two findings only.
    const chain = [
      `W0501 10:00:05.000012       1 reflector.go:539] k8s.io/client-go/informers/factory.go:160: failed to list *v1.ConfigMap: Get "https://10.96.0.1:443/api/v1/configmaps?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout`,
      'I0501 10:00:06.301202       1 leaderelection.go:297] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition',
    ];
    const total = MAX_FINDINGS + 2 * EXTRA;
    const kinds = (from: number, to: number) => {
      const out: string[] = [];
      for (let i = to - 1; i >= from; i--) out.push(gc(`Lazy${String(i).padStart(5, '0')}`));
      return out;
    };
    const two = join(dir, 'two');
    mkdirSync(two);
    writeFileSync(join(two, 'a.log'), [...chain, ...kinds(0, total)].join('\n') + '\n');
    writeFileSync(join(two, 'b.log'), chain.join('\n') + '\n');
    const json = (await runInProcess([two, '-o', 'json', '--jobs', '1'])).stdout;
    expect((await runInProcess([two, '-o', 'json', '--jobs', '2'])).stdout).toBe(json);
    const report = JSON.parse(json);
    const byKey = new Map(report.findings.map((f: { key: string }) => [f.key, f]));
    const lazy = (i: number) => byKey.get(`gc-rest-mapping:example.com/v1/Lazy${String(i).padStart(5, '0')}`) as Record<string, unknown> | undefined;
    // Listed in key order: the first ones were met last, Lazy01000 among the first 5,000.
    const first = lazy(0)!;
    const eager = lazy(1000)!;
    expect(first).toBeDefined();
    expect(eager).toBeDefined();
    const name = (i: number) => `Lazy${String(i).padStart(5, '0')}`;
    const texts = (f: Record<string, unknown>) => JSON.stringify([f['diagnosis'], f['likelyCauses'], f['fixes'], f['impact']]);
    expect(texts(first)).toContain(name(0));
    expect(texts(first)).toBe(texts(eager).replaceAll(name(1000), name(0)));
    // The chain's links, and no others.
    const linked = report.findings.filter((f: { causes: string[]; causedBy: string[] }) => f.causes.length > 0 || f.causedBy.length > 0);
    expect(linked.map((f: { id: string }) => f.id).sort()).toEqual(['apiserver-unreachable-timeout', 'informer-list-watch-list', 'leader-election-renew-failed']);
  });

  it('--by kind says how many objects were left out', async () => {
    const text = (await runInProcess([log, '--by', 'kind'])).stdout;
    expect(text.split('\n')[0]).toMatch(/ · 5,030 kinds$/);
    // Wrapped to the terminal's width: compare the words.
    expect(text.replace(/\s+/g, ' ')).toMatch(/objects: (default\/w-\d+ \(2\), ){10}… 10 more objects and 50 more mentions of objects not listed/);
    expect(text).toContain(`… ${EXTRA} more kinds not listed`);
    const md = (await runInProcess([log, '--by', 'kind', '-o', 'markdown'])).stdout;
    expect(md).toContain('… 10 more objects and 50 more mentions of objects not listed');
  });
});
