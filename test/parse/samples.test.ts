/**
 * Every sample in samples/formats through the real pipeline: each parses in its expected
 * formats with no unparsed line, the accounting identity holds, and its error line reaches a
 * signature of the bundled library.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis.js';
import { createReadStream } from 'node:fs';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import type { LogEntry } from '../../src/model/entry.js';
import type { Report } from '../../src/model/finding.js';

const DIR = 'samples/formats';
const library = loadLibrary();

async function run(file: string, year = 2024): Promise<{ report: Report; entries: LogEntry[] }> {
  const entries: LogEntry[] = [];
  // The sample's own year, not the checkout's file time, for yearless klog timestamps.
  const path = join(DIR, file);
  const input = { label: path, stream: createReadStream(path), mtime: new Date(Date.UTC(year, 0, 1)) };
  const report = await analyze([input], { library, registry: KindRegistry.withBuiltins() }, {
    maxLineBytes: 1024 * 1024,
    live: { onEntry: (e) => entries.push(e) },
  });
  return { report, entries };
}

/** Entries per format each sample must produce (exactly), and the envelopes its entries carry. */
const EXPECTED: Record<string, { byFormat: Record<string, number>; layers: string[][] }> = {
  'klog.log': { byFormat: { klog: 15, 'go-panic': 1 }, layers: [[]] },
  'klog-json.log': { byFormat: { 'klog-json': 6 }, layers: [[]] },
  'zap-json.log': { byFormat: { 'zap-json': 9 }, layers: [[]] },
  'zap-json-epoch.log': { byFormat: { 'zap-json': 5 }, layers: [[]] },
  'zap-console.log': { byFormat: { 'zap-console': 7 }, layers: [[]] },
  'logrus.log': { byFormat: { logrus: 7 }, layers: [[]] },
  'logrus-json.log': { byFormat: { 'logrus-json': 5 }, layers: [[]] },
  'logrus-tty.log': { byFormat: { logrus: 6 }, layers: [[]] },
  'pasted.log': { byFormat: { plain: 1, klog: 4, 'zap-console': 1, 'zap-json': 1 }, layers: [[]] },
  'slog.log': { byFormat: { slog: 5 }, layers: [[]] },
  'slog-json.log': { byFormat: { 'slog-json': 4 }, layers: [[]] },
  'logfmt.log': { byFormat: { logfmt: 6 }, layers: [[]] },
  'go-log.log': { byFormat: { 'go-log': 6 }, layers: [[]] },
  'go-panic.log': { byFormat: { 'zap-json': 2, 'go-panic': 1 }, layers: [[]] },
  'hclog.log': { byFormat: { hclog: 6, plain: 1 }, layers: [[]] },
  'coredns.log': { byFormat: { coredns: 4, plain: 3 }, layers: [[]] },
  'log4j.log': { byFormat: { log4j: 5 }, layers: [[]] },
  'capnslog.log': { byFormat: { capnslog: 7 }, layers: [[]] },
  'plain.log': { byFormat: { plain: 6, klog: 3 }, layers: [[]] },
  'mixed.log': { byFormat: { 'go-log': 3, 'zap-json': 5, klog: 2 }, layers: [[]] },
  'kubectl-timestamps.log': { byFormat: { klog: 7 }, layers: [['kubectl-timestamps']] },
  'kubectl-prefix.log': { byFormat: { klog: 5, 'zap-console': 4 }, layers: [['kubectl-prefix']] },
  'kubectl-prefix-timestamps.log': { byFormat: { 'zap-json': 7 }, layers: [['kubectl-prefix', 'kubectl-timestamps']] },
  'stern.log': { byFormat: { plain: 2, 'zap-console': 6 }, layers: [[], ['stern']] },
  'stern-json.log': { byFormat: { 'zap-json': 3 }, layers: [['stern-json']] },
  'cri-containerd.log': { byFormat: { 'zap-json': 4, klog: 1, plain: 1 }, layers: [['cri']] },
  'cri-crio.log': { byFormat: { 'zap-json': 3, 'go-panic': 1 }, layers: [['cri']] },
  'docker-json.log': { byFormat: { klog: 3, 'zap-console': 1, 'zap-json': 1, plain: 1 }, layers: [['docker-json']] },
  // Read as a dump, as every mode reads it: each container's section is a source of its own (its markers are structure, not lines).
  'cluster-info-dump.txt': { byFormat: { klog: 2, 'zap-console': 3, plain: 1 }, layers: [[]] },
};

const files = readdirSync(DIR).sort();

describe('samples/formats', () => {
  it('has an expectation for every sample and a sample for every expectation', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(files)('%s', (file) => {
    it('parses every line in its expected formats, with the accounting identity and no unparsed line', async () => {
      const { report } = await run(file);
      const s = report.stats;
      expect(s.lines).toBeGreaterThan(0);
      expect(s.entries + s.continuation + s.unparsed).toBe(s.lines);
      expect(s.unparsed).toBe(0);
      expect(s.byFormat).toEqual(EXPECTED[file]!.byFormat);
      expect(s.errors).toEqual([]);
    });

    it('records the envelopes it is wrapped in, and gives every error entry its error text or message', async () => {
      const { entries } = await run(file);
      const layers = new Set(entries.map((e) => JSON.stringify(e.envelope?.layers ?? [])));
      expect([...layers].sort()).toEqual(EXPECTED[file]!.layers.map((l) => JSON.stringify(l)).sort());
      const errors = entries.filter((e) => e.level === 'error' || e.level === 'fatal');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.error ?? e.message).not.toBe('');
    });

    it('has an error line that a bundled signature recognises', async () => {
      const { report } = await run(file);
      expect(report.findings.length).toBeGreaterThan(0);
    });
  });
});

describe('sample details', () => {
  it('pasted.log: a paste from an issue (prompt, quote markers, journal prefix, k9s border, cut header, wrapped JSON) gives the findings of the log', async () => {
    const { report } = await run('pasted.log');
    const found = Object.fromEntries(report.findings.map((f) => [f.id, f.count]));
    expect(found).toEqual({ 'gc-rest-mapping': 2, 'rbac-forbidden-cluster': 1, 'no-kind-match-kind': 1, 'cr-reconciler-error': 2, 'validation-invalid': 1 });
    expect(report.findings.find((f) => f.id === 'gc-rest-mapping')!.kinds[0]).toMatchObject({ group: 'autoscaling.aibrix.ai', version: 'v1alpha1', kind: 'PodAutoScaler' });
    expect(report.stats.continuation).toBe(2);
  });

  it('logrus-tty.log: the TTY layout keeps its fields and its error', async () => {
    const { entries } = await run('logrus-tty.log');
    expect(entries[4]).toMatchObject({ level: 'error', message: 'failed to update backup status', fields: { name: 'backup-1' } });
    expect(entries[4]!.error).toMatch(/^etcdbackups\.etcd\.database\.coreos\.com "backup-1" is forbidden/);
    expect(entries[5]!.time).toBe('2024-05-01T10:00:30.000Z');
  });

  it('klog.log: the GC REST mapping error names the kind; the panic and its stack are one entry', async () => {
    const { report, entries } = await run('klog.log');
    const gc = report.findings.find((f) => f.id === 'gc-rest-mapping');
    expect(gc?.kinds[0]).toMatchObject({ group: 'autoscaling.aibrix.ai', version: 'v1alpha1', kind: 'PodAutoScaler' });
    const panic = entries.find((e) => e.format === 'go-panic')!;
    expect(panic.message).toBe('panic: runtime error: invalid memory address or nil pointer dereference [recovered]');
    expect(panic.continuation).toHaveLength(12);
    const observed = entries.find((e) => e.message === 'Observed a panic')!;
    expect(String(observed.fields['stacktrace'])).toMatch(/^goroutine 412 \[running\]:\n/);
  });

  it('cri-containerd.log: the 16 KiB P record and its F record are one zap entry', async () => {
    const { entries, report } = await run('cri-containerd.log');
    const joined = entries.find((e) => e.line === 5)!;
    expect(joined.format).toBe('zap-json');
    expect(joined.error).toMatch(/^Deployment\.apps "memcached-sample" is invalid: \[spec\.template/);
    expect(joined.error).toMatch(/memcached-config-119.*\]$/);
    expect(report.stats.continuation).toBe(1);
  });

  it('cri-crio.log: the stdout P/F pair joins around the stderr panic', async () => {
    const { entries } = await run('cri-crio.log');
    expect(entries.find((e) => e.envelope?.stream === 'stdout')).toMatchObject({ message: 'dumping state', line: 2 });
    expect(entries.find((e) => e.format === 'go-panic')!.continuation).toHaveLength(11);
  });

  it('kubectl-prefix.log: each container keeps its own entries while they interleave', async () => {
    const { entries } = await run('kubectl-prefix.log');
    const reconcile = entries.find((e) => e.message === 'Reconciler error')!;
    expect(reconcile.envelope?.container).toBe('manager');
    expect(reconcile.continuation).toHaveLength(6);
    expect(entries.filter((e) => e.envelope?.container === 'kube-rbac-proxy')).toHaveLength(5);
  });

  it('cluster-info-dump.txt: the glued END marker ends the manager section after its last line', async () => {
    const { entries } = await run('cluster-info-dump.txt');
    const section = (pod: string, container: string) => `samples/formats/cluster-info-dump.txt#memcached-operator-system/memcached-operator-controller-manager-6d4f8b9c7-${pod}/${container}`;
    const last = entries.find((e) => e.message === 'Reconciling Memcached')!;
    expect(last.source).toBe(section('x2x9q', 'manager'));
    expect(entries.find((e) => e.format === 'plain')!.source).toBe(section('k7m2p', 'manager'));
  });

  it('kubectl-timestamps.log: klog times get their year from the kubelet timestamp', async () => {
    const { entries } = await run('kubectl-timestamps.log', 2031);
    expect(entries[0]!.time).toBe('2024-05-01T10:00:01.120Z');
    expect(entries[0]!.envelope?.time).toBe('2024-05-01T10:00:01.120Z');
  });
});
