#!/usr/bin/env node
/**
 * What the bundled catalog of well-known kinds costs (issue #15: less than 50 ms at start-up).
 * The catalog is read only when a near miss needs it, so a run that never looks past the
 * cluster's kinds pays nothing; this measures, in fresh processes (median of N):
 *  1. the first use in-process: reading and parsing catalog/well-known-kinds.json, building its
 *     CRD kinds and the registry view with them (what the first catalog look-up costs);
 *  2. the CLI end to end on a log whose near miss needs the catalog against the same log with its
 *     group given by a CRD (so the catalog is never read).
 *   node bench/catalog.mjs [N]     (after npm run build)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const probe = `
const t0 = performance.now();
const { catalogFile, catalogCrdKinds } = await import(${JSON.stringify(join(root, 'dist/correlate/catalog.js'))});
const { KindRegistry } = await import(${JSON.stringify(join(root, 'dist/correlate/registry.js'))});
const r = KindRegistry.withBuiltins();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t1 = performance.now(), c1 = cpu();
catalogFile();
const t2 = performance.now(), c2 = cpu();
catalogCrdKinds();
r.withCatalog();
const t3 = performance.now(), c3 = cpu();
console.log(JSON.stringify({ parse: t2 - t1, view: t3 - t2, parseCpu: c2 - c1, viewCpu: c3 - c2 }));
`;
const parse = [];
const view = [];
const parseCpu = [];
const viewCpu = [];
for (let i = 0; i < N; i++) {
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }));
  parse.push(out.parse);
  view.push(out.view);
  parseCpu.push(out.parseCpu);
  viewCpu.push(out.viewCpu);
}
console.log(`catalog file ${(readFileSync(join(root, 'catalog/well-known-kinds.json')).length / 1024).toFixed(0)} KiB`);
console.log(`first use: read + parse ${median(parse).toFixed(1)} ms (CPU ${median(parseCpu).toFixed(1)} ms), kinds + registry view ${median(view).toFixed(1)} ms (CPU ${median(viewCpu).toFixed(1)} ms) (median of ${N})`);

const dir = mkdtempSync(join(tmpdir(), 'kld-catalog-bench-'));
const log = join(root, 'samples/catalog/case-mismatch/kube-controller-manager.log');
const crd = join(dir, 'crd.yaml');
writeFileSync(crd, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: servicemonitors.monitoring.coreos.com}
spec:
  group: monitoring.coreos.com
  names: {kind: ServiceMonitor, plural: servicemonitors}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true}]
`);
// CPU time of the child (user + system), less disturbed by other load than wall time.
const time = (args) => {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, join(root, 'dist/cli/main.js'), ...args, '-o', 'json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const [u, s] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return (u + s) * 1000;
};
const withCatalog = [];
const withCrd = [];
for (let i = 0; i < N; i++) {
  withCatalog.push(time([log]));
  withCrd.push(time([log, '--crds', crd]));
}
console.log(`CLI CPU time on the same log: catalog used ${median(withCatalog).toFixed(0)} ms, group given by a CRD (catalog not read) ${median(withCrd).toFixed(0)} ms, difference ${(median(withCatalog) - median(withCrd)).toFixed(0)} ms (median of ${N}, alternating)`);
