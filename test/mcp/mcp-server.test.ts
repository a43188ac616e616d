/** `kube-log-doctor mcp`: the SDK's own client over a real stdio transport, against the built CLI. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, ROOT } from '../e2e/helpers.js';

let client: Client;
let transport: StdioClientTransport;
const stderr: string[] = [];

beforeAll(async () => {
  transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: ROOT, stderr: 'pipe', env: { ...process.env, NO_COLOR: '1' } as Record<string, string> });
  transport.stderr?.on('data', (d) => stderr.push(String(d)));
  client = new Client({ name: 'kube-log-doctor-test', version: '1.0.0' });
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close();
});

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };
async function call(name: string, args: Record<string, unknown>): Promise<TextResult> {
  return (await client.callTool({ name, arguments: args })) as TextResult;
}
const body = (r: TextResult): any => JSON.parse(r.content[0]!.text);

describe('kube-log-doctor mcp', () => {
  it('lists the three tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['diagnose', 'explain', 'list_signatures']);
    const diagnose = tools.find((t) => t.name === 'diagnose')!;
    expect(Object.keys(diagnose.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['paths', 'text', 'crds', 'since', 'namespace', 'pod', 'minSeverity', 'only', 'exclude', 'maxFindings']));
  });

  it('diagnoses a path through the same collector as the CLI: the seed case, root cause first', async () => {
    const r = await call('diagnose', { paths: ['samples/seed-case'] });
    expect(r.isError).toBeFalsy();
    const report = body(r);
    expect(report.findings.map((f: any) => [f.id, f.count])).toEqual([
      ['kind-case-mismatch', 20],
      ['gc-rest-mapping', 20],
    ]);
    expect(report.findings[1].causedBy).toEqual([report.findings[0].key]);
    expect(report.findings[0].evidence[0]).toMatchObject({ source: 'samples/seed-case/kube-controller-manager.log', line: 28 });
    // Both findings listed; only evidence lines past the first three were left out (gc-rest-mapping keeps 5), and counted.
    expect(report.leftOut).toMatchObject({ findings: 0, count: 0, evidence: 2 });
    expect(report.findings[1].evidence).toHaveLength(3);
  });

  it('diagnoses pasted text, with the CLI filters', async () => {
    const text = readFileSync(new URL('../../samples/seed-case/kube-controller-manager.log', import.meta.url), 'utf8');
    const all = body(await call('diagnose', { text }));
    expect(all.findings.map((f: any) => f.id)).toEqual(['gc-rest-mapping']);
    expect(all.findings[0].evidence[0].source).toBe('pasted');
    // klog lines carry no year (a paste's is the current one): the window is taken from the unfiltered run.
    const { firstSeen, lastSeen } = all.findings[0];
    const until = new Date((Date.parse(firstSeen) + Date.parse(lastSeen)) / 2).toISOString();
    const windowed = body(await call('diagnose', { text, since: firstSeen, until }));
    expect(windowed.filters).toMatchObject({ since: firstSeen, until });
    expect(windowed.findings[0].count).toBeLessThan(20);
    expect(windowed.findings[0].count + windowed.filters.excludedEntries).toBe(20);
  });

  it('bounds the report and counts what it left out', async () => {
    const r = body(await call('diagnose', { paths: ['samples/bundles/must-gather'], maxFindings: 2 }));
    expect(r.findings).toHaveLength(2);
    expect(r.leftOut.findings).toBeGreaterThan(0);
    expect(r.leftOut.count).toBeGreaterThan(0);
  });

  it('answers a bad request with an error result, not a crash', async () => {
    const missing = await call('diagnose', { paths: ['no/such/file.log'] });
    expect(missing.isError).toBe(true);
    expect(missing.content[0]!.text).toContain('no/such/file.log');
    const badOnly = await call('diagnose', { paths: ['samples/seed-case'], only: ['no-such-signature'] });
    expect(badOnly.isError).toBe(true);
    expect(badOnly.content[0]!.text).toContain('no-such-signature');
    const badTime = await call('diagnose', { paths: ['samples/seed-case'], since: 'yesterday' });
    expect(badTime.isError).toBe(true);
    expect((await call('diagnose', {})).isError).toBe(true);
    // The server is still there.
    expect((await call('explain', { id: 'gc-rest-mapping' })).isError).toBeFalsy();
  });

  it('explains a signature, a near-miss rule and a family', async () => {
    const sig = body(await call('explain', { id: 'gc-rest-mapping' }));
    expect(sig).toMatchObject({ type: 'signature', id: 'gc-rest-mapping', family: 'gc-rest-mapping', severity: 'error' });
    expect(sig.fixes.length).toBeGreaterThan(0);
    const rule = body(await call('explain', { id: 'kind-case-mismatch' }));
    expect(rule).toMatchObject({ type: 'near-miss', id: 'kind-case-mismatch' });
    expect(rule.invalid.length).toBeGreaterThan(0);
    const unknown = await call('explain', { id: 'nope' });
    expect(unknown.isError).toBe(true);
  });

  it('lists signatures, near-miss rules and chain rules', async () => {
    const rows = body(await call('list_signatures', {}));
    const types = new Set(rows.map((r: any) => r.type));
    expect(types).toEqual(new Set(['signature', 'near-miss', 'chain']));
    expect(rows.find((r: any) => r.id === 'gc-rest-mapping')).toMatchObject({ family: 'gc-rest-mapping', severity: 'error' });
    expect(rows.length).toBeGreaterThan(100);
  });

  it('writes nothing but the protocol to stdout (no stray stderr either)', () => {
    // Any non-protocol byte on stdout would have failed the client's parsing above.
    expect(stderr.join('')).toBe('');
  });
});
