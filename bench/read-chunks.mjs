#!/usr/bin/env node
/**
 * What reading a large file costs before any parsing: `fs.createReadStream` (a new buffer for
 * every 256 KiB read) against src/input/file-reader.ts (buffers given back and read into again),
 * each consumed chunk by chunk as analyzeLog does. Prints CPU (user + system) and wall time, the
 * median of alternating runs.
 *
 * Usage: npm run build && node bench/read-chunks.mjs FILE [RUNS]
 */

import { createReadStream } from 'node:fs';

const [file, runsArg = '5'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/read-chunks.mjs FILE [RUNS]');
  process.exit(2);
}
const { FileReader, CHUNK_BYTES } = await import(new URL('../dist/input/file-reader.js', import.meta.url).href);
const { eachChunk } = await import(new URL('../dist/input/settle.js', import.meta.url).href);

async function once(reuse) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  let check = 0;
  const stream = reuse ? new FileReader(file, 0) : createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let previous = null;
  await eachChunk(stream, (chunk) => {
    bytes += chunk.length;
    check ^= chunk[chunk.length - 1];
    if (reuse && previous) stream.recycle(previous);
    previous = chunk;
    return true;
  });
  const c = process.cpuUsage(c0);
  return { bytes, check, cpu: (c.user + c.system) / 1e3, sys: c.system / 1e3, wall: performance.now() - t0 };
}

const runs = { stream: [], reuse: [] };
for (let i = 0; i < Number(runsArg); i++) {
  runs.stream.push(await once(false));
  runs.reuse.push(await once(true));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, rs] of Object.entries(runs)) {
  const mb = rs[0].bytes / 1e6;
  console.log(`${name.padEnd(7)} ${mb.toFixed(0)} MB  cpu ${median(rs.map((r) => r.cpu)).toFixed(0)} ms (system ${median(rs.map((r) => r.sys)).toFixed(0)})  wall ${median(rs.map((r) => r.wall)).toFixed(0)} ms`);
}
