#!/usr/bin/env node
/**
 * Memory check for events via stream-json: writes an EventList of SIZE MiB (default 300) to a
 * temporary file, analyses it with the built CLI modules (run `npx tsc -p .` first) in this
 * process, samples memory every 20 ms, and prints throughput and peak memory. It fails (exit 1)
 * when the heap grows with the input instead of staying flat: peak heap above LIMIT MiB
 * (default 256) while the file is several times larger.
 *
 * Usage: node bench/events.mjs [SIZE_MIB] [LIMIT_MIB]
 */

import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sizeMiB = Number(process.argv[2] ?? 300);
const limitMiB = Number(process.argv[3] ?? 256);
const dist = new URL('../dist/', import.meta.url);
const { analyzeBundle } = await import(new URL('parallel/run-bundle.js', dist).href);
const { loadLibrary } = await import(new URL('library/load.js', dist).href);
const { KindRegistry } = await import(new URL('correlate/registry.js', dist).href);

const dir = mkdtempSync(join(tmpdir(), 'kld-bench-'));
const path = join(dir, 'events.json');

async function generate() {
  const out = createWriteStream(path);
  out.write('{\n    "kind": "EventList",\n    "apiVersion": "v1",\n    "metadata": {},\n    "items": [\n');
  let written = 0;
  for (let i = 0; written < sizeMiB * 1024 * 1024; i++) {
    const warning = i % 3 === 0;
    const ev = {
      metadata: { name: `web-${i}.17d8a9b0c1d2e3f5`, namespace: `ns-${i % 50}`, creationTimestamp: '2025-06-12T10:00:21Z' },
      involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: `ns-${i % 50}`, name: `web-${i % 997}`, apiVersion: 'autoscaling/v2' },
      reason: warning ? 'FailedGetResourceMetric' : 'SuccessfulRescale',
      message: warning
        ? 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API'
        : 'New size: 3; reason: cpu resource utilization (percentage of request) above target',
      source: { component: 'horizontal-pod-autoscaler' },
      firstTimestamp: '2025-06-12T10:00:21Z',
      lastTimestamp: `2025-06-12T1${i % 10}:${String(i % 60).padStart(2, '0')}:00Z`,
      count: (i % 40) + 1,
      type: warning ? 'Warning' : 'Normal',
    };
    const text = `${i > 0 ? ',\n' : ''}${JSON.stringify(ev, null, 4)}`;
    written += text.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end('\n    ]\n}\n');
  await once(out, 'finish');
}

await generate();
const bytes = statSync(path).size;
global.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 20);
const started = process.hrtime.bigint();
const report = await analyzeBundle([path], {
  patterns: loadLibrary().patterns,
  registry: KindRegistry.withBuiltins(),
  maxLineBytes: 1024 * 1024,
  maxExpandedBytes: 20 * 1024 ** 3,
  jobs: 1,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(timer);
rmSync(dir, { recursive: true, force: true });

const mib = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`events.json: ${mib(bytes)} MiB, ${report.stats.entries} events, ${report.findings.length} findings, errors: ${report.stats.errors.length}`);
console.log(`time: ${seconds.toFixed(2)} s (${mib(bytes / seconds)} MiB/s)`);
console.log(`peak heap used: ${mib(peakHeap)} MiB (${mib(base.heapUsed)} before); peak RSS: ${mib(peakRss)} MiB (${mib(base.rss)} before)`);
if (peakHeap > limitMiB * 1024 * 1024) {
  console.error(`FAIL: peak heap ${mib(peakHeap)} MiB is over ${limitMiB} MiB for a ${mib(bytes)} MiB file; events are not being streamed`);
  process.exit(1);
}
console.log(`ok: heap stayed under ${limitMiB} MiB`);
