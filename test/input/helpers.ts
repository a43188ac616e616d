/** Runs the bundle analysis in-process (one thread) with the bundled patterns, and makes scratch trees. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { analyzeBundle, type BundleOptions } from '../../src/parallel/run-bundle.js';
import type { Report } from '../../src/model/finding.js';
import { tempDir } from '../tmp.js';

const library = loadLibrary();

export function analyzePaths(paths: string[], opts: Partial<BundleOptions> = {}): Promise<Report> {
  return analyzeBundle(paths, {
    patterns: library.patterns,
    registry: KindRegistry.withBuiltins(),
    maxLineBytes: 1024 * 1024,
    maxExpandedBytes: 1024 ** 3,
    jobs: 1,
    ...opts,
  });
}

/** A fresh scratch directory, removed when the test (or the suite) that made it is done. */
export function scratch(): string {
  return tempDir('kld-bundle-');
}

/** Writes files (path relative to `root` → content) and returns `root`. */
export function tree(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

/** A klog line the gc-rest-mapping signature matches, naming `kind` as the owner's kind. */
export function gcLine(kind = 'PodAutoScaler', time = '10:00:20.717515'): string {
  return `E0612 ${time}       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/${kind}." logger="garbage-collector-controller" item="[autoscaling.aibrix.ai/v1alpha1/${kind}, namespace: default, name: llama-7b-pa, uid: 4b1f0c2e-8d7a-4c55-9a0e-2f1e6c3d9b10]"`;
}

export const INFO_LINE = 'I0612 10:00:06.051115       1 leaderelection.go:268] successfully acquired lease kube-system/kube-controller-manager';

/** The finding of a signature, or undefined. */
export function finding(r: Report, id: string) {
  return r.findings.find((f) => f.id === id);
}
