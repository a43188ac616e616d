/**
 * Bundles end to end through the built CLI (`npx tsc -p .` first; `npm test` does it): the seed
 * case found from a must-gather archive alone, identical JSON under parallelism, faults reported
 * once with the rest analysed, and the exit codes.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript build script, no type declarations
import { buildBundles, tarOf, gzipOf, treeFiles, BUNDLES } from '../../scripts/build-bundles.mjs';
import { runInProcess } from '../e2e/helpers.js';
import { tempDir } from '../tmp.js';

const MG_TGZ = 'samples/bundles/must-gather.tar.gz';
const KCM = 'kube-controller-manager';
const POD = 'kube-controller-manager-master-0';

beforeAll(async () => {
  await buildBundles();
});

async function json(args: string[]) {
  const r = await runInProcess([...args, '-o', 'json']);
  return { ...r, report: JSON.parse(r.stdout) };
}

describe('the seed case from a must-gather archive alone', () => {
  it('finds PodAutoScaler vs the bundled PodAutoscaler CRD and names the pod and container', async () => {
    const r = await runInProcess([MG_TGZ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('kind-case-mismatch');
    expect(r.stdout).toContain('registers it as PodAutoscaler');
    expect(r.stdout).toContain(`openshift-kube-controller-manager/${POD}/${KCM}\n`);

    const { report } = await json([MG_TGZ]);
    const root = report.findings.find((f: { id: string }) => f.id === 'kind-case-mismatch');
    expect(root.diagnosis).toContain('PodAutoScaler');
    const gc = report.findings.find((f: { id: string }) => f.id === 'gc-rest-mapping');
    expect(gc.count).toBe(20);
    expect(gc.causedBy).toEqual([root.key]);
    expect(gc.evidence[0]).toMatchObject({ namespace: 'openshift-kube-controller-manager', pod: POD, container: KCM, previous: false });
    expect(gc.evidence[0].source).toMatch(/^samples\/bundles\/must-gather\.tar\.gz!must-gather\.local\.\d+\/.*\/logs\/current\.log$/);
    expect(report.stats.inputs).toMatchObject({ archives: 1, manifests: 1, bundleKinds: 1, eventLists: 1, logs: 3 });
  });

  it('folds the HPA events and the HPA controller log line for the same metric into one finding', async () => {
    const { report } = await json([MG_TGZ]);
    const hpa = report.findings.filter((f: { id: string }) => f.id.startsWith('hpa-metrics-unavailable'));
    expect(hpa).toHaveLength(1);
    expect(hpa[0].kinds.map((k: { kind: string }) => k.kind)).toEqual(['HorizontalPodAutoscaler', 'Deployment']);
    expect(hpa[0].objects.map((o: { kind: string; name: string }) => `${o.kind} ${o.name}`)).toEqual([
      'HorizontalPodAutoscaler llama-7b',
      'Deployment llama-7b',
    ]);
    const sources = hpa[0].evidence.map((e: { source: string }) => e.source.split('/').pop());
    expect(sources).toContain('events.yaml');
    expect(sources).toContain('current.log');
  });

  it('tells the previous container instance apart and lists sources with --by source', async () => {
    const { report } = await json([MG_TGZ, '--by', 'source']);
    const lost = report.findings.find((f: { id: string }) => f.id === 'leader-election-lost');
    expect(lost.evidence[0]).toMatchObject({ pod: POD, container: KCM, previous: true });
    const previous = report.sources.find((s: { previous?: boolean }) => s.previous === true);
    expect(previous).toMatchObject({ kind: 'log', layout: 'must-gather', pod: POD, container: KCM, lines: 6 });
    expect(previous.findings.map((f: { key: string }) => f.key)).toContain(lost.key);
    const text = (await runInProcess([MG_TGZ, '--by', 'source'])).stdout;
    expect(text).toContain(`openshift-kube-controller-manager/${POD}/${KCM} (previous instance)  6 lines`);
    expect(text).toContain('events of namespace default');
  });

  it('reads the cluster-info dump in both forms with the same findings', async () => {
    const dir = (await json(['samples/bundles/cluster-info-dump'])).report;
    const stdout = (await json(['samples/bundles/cluster-info-dump.txt'])).report;
    const tgz = (await json(['samples/bundles/cluster-info-dump.tar.gz'])).report;
    const summary = (r: { findings: { key: string; count: number }[] }) => r.findings.map((f) => `${f.key} ×${f.count}`);
    expect(summary(stdout)).toEqual(summary(dir));
    expect(summary(tgz)).toEqual(summary(dir));
    expect(summary(dir)).toContain('gc-rest-mapping:autoscaling.aibrix.ai/v1alpha1/PodAutoScaler ×20');
    expect(stdout.stats.byFormat['k8s-event']).toBe(3);
  });
});

describe('parallel analysis', () => {
  it('gives byte-identical JSON on every run and with any number of workers', async () => {
    const inputs = [MG_TGZ, 'samples/bundles/cluster-info-dump.tar.gz', 'samples/bundles/cluster-info-dump.txt', 'samples/bundles/must-gather', 'samples/seed-case'];
    const run = (jobs: string) => runInProcess([...inputs, '--jobs', jobs, '--by', 'source', '-o', 'json']);
    const first = await run('2');
    expect(first.code).toBe(0);
    expect((await run('2')).stdout).toBe(first.stdout);
    expect((await run('1')).stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout).stats.sources).toBe(4 + 4 + 3 + 4 + 1);
  });
});

describe('faults in a bundle', () => {
  async function damagedBundle(): Promise<string> {
    const dir = tempDir('kld-e2e-');
    const members: [string, Buffer][] = treeFiles(join(BUNDLES, 'must-gather'));
    const rotated = gzipOf(Buffer.from('2025-06-12T09:00:00.000000000+00:00 stderr F I0612 09:00:00.000000       1 main.go:1] old\n'.repeat(50)));
    rotated[rotated.length - 5] ^= 0xff;
    members.push([members[0]![0].replace(/\/[^/]+$/, '/namespaces/openshift-kube-controller-manager/pods/x-0/c/c/logs/rotated/0.log.20250612-090000.gz'), rotated]);
    const path = join(dir, 'damaged.tar.gz');
    writeFileSync(path, gzipOf(await tarOf(members)));
    return path;
  }

  it('a corrupt member gives one warning line and a complete report of the rest; --strict makes it exit 2', async () => {
    const path = await damagedBundle();
    const r = await runInProcess([path]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kube-log-doctor: .*damaged\.tar\.gz!.*\/rotated\/0\.log\.20250612-090000\.gz: corrupt gzip data \(incorrect data check\)/);
    expect(r.stdout).toContain('kind-case-mismatch');
    expect(r.stdout).toContain('1 input error');
    const strict = await runInProcess([path, '--strict', '-o', 'json']);
    expect(strict.code).toBe(2);
    expect(JSON.parse(strict.stdout).stats.errors).toHaveLength(1);
  });

  it('exits 2 when nothing in the input could be read, 0 when part of it could', async () => {
    const dir = tempDir('kld-e2e-');
    const tgz = readFileSync(MG_TGZ);
    writeFileSync(join(dir, 'head.tar.gz'), tgz.subarray(0, 20));
    const none = await runInProcess([join(dir, 'head.tar.gz'), '-o', 'json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/head\.tar\.gz: truncated gzip data/);
    copyFileSync(MG_TGZ, join(dir, 'good.tar.gz'));
    const some = await runInProcess([join(dir, 'head.tar.gz'), join(dir, 'good.tar.gz'), '-o', 'json']);
    expect(some.code).toBe(0);
    expect(JSON.parse(some.stdout).stats.errors).toHaveLength(1);
  });

  it('reads an archive from standard input', async () => {
    const r = await runInProcess(['-o', 'json'], { input: readFileSync(MG_TGZ) });
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('kind-case-mismatch');
    expect(report.findings.find((f: { id: string }) => f.id === 'gc-rest-mapping').evidence[0].source).toMatch(/^-!must-gather\.local/);
  });
});
