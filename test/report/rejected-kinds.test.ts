/**
 * Kinds a bundle's discovery document registers under invalid names are refused (never used in
 * the kind check or a command) and the report says so: JSON `stats.rejectedKinds` with the exact
 * count, one escaped line in text and markdown.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess, runJson } from '../e2e/helpers.js';

const ESC = '\u001b';

/** An aggregated discovery list naming these resources (plural, kind) in group demo.io/v1. */
function discovery(resources: [string, string][]): string {
  return JSON.stringify({
    apiVersion: 'apidiscovery.k8s.io/v2',
    kind: 'APIGroupDiscoveryList',
    metadata: {},
    items: [
      {
        metadata: { name: 'demo.io' },
        versions: [
          {
            version: 'v1',
            freshness: 'Current',
            resources: resources.map(([resource, kind]) => ({ resource, responseKind: { group: '', version: '', kind }, scope: 'Namespaced', verbs: ['get'] })),
          },
        ],
      },
    ],
  });
}

const gc = `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for demo.io/v1/Widget."`;

let dir = '';
let bundle = '';
let clean = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kld-rejected-'));
  bundle = join(dir, 'bundle');
  mkdirSync(bundle);
  writeFileSync(join(bundle, 'controller.log'), `${gc}\n`);
  // Four invalid kinds (one with a terminal escape in its kind name, one with a shell
  // substitution in its plural) and one valid one.
  writeFileSync(
    join(bundle, 'aggregated-discovery-apis.json'),
    discovery([
      ['widgets', 'Widget'],
      ['things$(id)', 'Thing'],
      ['gadgets', `Gadget${ESC}]0;owned${ESC}\\`],
      ['gizmos', 'Gizmo Evil'],
      ['Doodads', 'Doodad'],
    ]),
  );
  clean = join(dir, 'clean');
  mkdirSync(clean);
  writeFileSync(join(clean, 'controller.log'), `${gc}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('registered kinds rejected for invalid names', { timeout: 60_000 }, () => {
  it('JSON counts them in stats.rejectedKinds, with each source and reason; the valid kind is used', async () => {
    const { code, report } = await runJson(['-q', bundle]);
    expect(code).toBe(0);
    expect(report.stats.rejectedKinds.count).toBe(4);
    expect(report.stats.rejectedKinds.kinds).toHaveLength(4);
    const reasons = report.stats.rejectedKinds.kinds.map((k: { reason: string }) => k.reason);
    expect(reasons).toContain('plural "things$(id)" is not a valid resource name (DNS-1123 label)');
    expect(reasons).toContain('kind "Gizmo Evil" is not a valid kind ([A-Za-z][A-Za-z0-9]*)');
    expect(report.stats.rejectedKinds.kinds[0].source).toMatch(/aggregated-discovery-apis\.json$/);
    expect(report.stats.inputs.bundleKinds).toBe(5);
    // Widget is registered, so the log's kind is no missing kind; no rejected name reaches a fix.
    const text = JSON.stringify(report.findings);
    expect(text).not.toContain('things$(id)');
    expect(text).not.toContain('Gizmo Evil');
  });

  it('text says it in one line, escaped, and says nothing when no kind was rejected', async () => {
    const { stdout } = await runInProcess(['-q', bundle]);
    const lines = stdout.split('\n').filter((l) => l.includes('registered kinds were rejected'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}4 registered kinds were rejected as invalid names: .*aggregated-discovery-apis\.json: .*; and 1 more$/);
    expect(stdout).not.toContain(ESC);
    // The reason quotes the name as JSON does: the escape shows as \u001b.
    expect(lines[0]).toContain('kind "Gadget\\u001b]0;owned\\u001b\\\\" is not a valid kind');
    expect((await runInProcess(['-q', clean])).stdout).not.toContain('registered kind');
  });

  it('markdown says it in one quoted line, escaped; --by kind and --by source too', async () => {
    const md = (await runInProcess(['-q', '-o', 'markdown', bundle])).stdout;
    const lines = md.split('\n').filter((l) => l.includes('registered kinds were rejected'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^> 4 registered kinds were rejected as invalid names: /);
    expect(md).not.toContain(ESC);
    // Markdown-escaped: a shell substitution in a name reads as text.
    expect(lines[0]).toContain('plural "things\\$(id)" is not a valid resource name');
    for (const by of ['kind', 'source']) {
      for (const out of ['text', 'markdown']) {
        const r = (await runInProcess(['-q', '-o', out, '--by', by, bundle])).stdout;
        expect(r.split('\n').filter((l) => l.includes('4 registered kinds were rejected as invalid names: ')), `${out} --by ${by}`).toHaveLength(1);
        expect(r).not.toContain(ESC);
      }
    }
  });
});
