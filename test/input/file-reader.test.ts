/** Reading files into reused buffers: the bytes are the file's, chunks are reused only once given back, and reports do not change. */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { CHUNK_BYTES, FileReader } from '../../src/input/file-reader.js';
import { openDiskFile } from '../../src/input/bundle-file.js';
import { eachChunk } from '../../src/input/settle.js';
import type { DiskPath } from '../../src/input/walk.js';
import { analyzePaths, gcLine, INFO_LINE, scratch, tree } from './helpers.js';

/** Bytes that differ everywhere, so that a chunk read into the wrong place shows. */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + (i >> 11)) & 0xff;
  return b;
}

async function readAll(reader: FileReader, recycleAfter: boolean): Promise<{ data: Buffer; memories: Set<ArrayBufferLike> }> {
  const parts: Buffer[] = [];
  const memories = new Set<ArrayBufferLike>();
  let previous: Buffer | null = null;
  await eachChunk(reader, (chunk) => {
    parts.push(Buffer.from(chunk));
    memories.add(chunk.buffer);
    if (recycleAfter && previous) reader.recycle(previous);
    previous = chunk;
    return true;
  });
  return { data: Buffer.concat(parts), memories };
}

describe('FileReader', () => {
  const size = 10 * CHUNK_BYTES + 12345;
  const path = join(tree(scratch(), { 'data.bin': pattern(size) }), 'data.bin') as DiskPath;

  it('reads the file from its start offset, and reuses only the buffers given back', async () => {
    const whole = readFileSync(path);
    const recycled = await readAll(new FileReader(path, 0), true);
    expect(recycled.data.equals(whole)).toBe(true);
    // Read ahead keeps a chunk or two in flight; the rest is memory given back.
    expect(recycled.memories.size).toBeLessThanOrEqual(4);

    const kept = await readAll(new FileReader(path, 0), false);
    expect(kept.data.equals(whole)).toBe(true);
    expect(kept.memories.size).toBe(11);

    const tail = await readAll(new FileReader(path, 1000), true);
    expect(tail.data.equals(whole.subarray(1000))).toBe(true);
  });

  it('ignores chunks it did not make and chunks given back twice', async () => {
    const reader = new FileReader(path, 0);
    const seen: Buffer[] = [];
    await eachChunk(reader, (chunk) => {
      // Every chunk held is distinct memory from the others still held.
      for (const s of seen) expect(s.buffer).not.toBe(chunk.buffer);
      reader.recycle(Buffer.alloc(CHUNK_BYTES));
      if (seen.length === 2) {
        const old = seen.shift()!;
        reader.recycle(old);
        reader.recycle(old);
      }
      seen.push(chunk);
      return true;
    });
  });

  it('stops reading when the consumer stops, and reports a missing file as the source failure', async () => {
    let chunks = 0;
    const reader = new FileReader(path, 0);
    await eachChunk(reader, () => ++chunks < 2);
    expect(chunks).toBe(2);
    expect(reader.destroyed).toBe(true);

    const missing = openDiskFile(join(scratch(), 'gone.log') as DiskPath, 0);
    await eachChunk(missing.stream, () => true);
    expect(missing.failure()?.message).toMatch(/ENOENT/);
  });
});

describe('eachChunk', () => {
  it('passes the chunks themselves, not joined copies, and rejects on a stream error', async () => {
    const chunks = [Buffer.from('a\n'), Buffer.from('b\n'), Buffer.from('c\n')];
    const got: Buffer[] = [];
    await eachChunk(Readable.from(chunks), (c) => (got.push(c), true));
    expect(got).toHaveLength(3);
    got.forEach((c, i) => expect(c).toBe(chunks[i]));

    const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    await expect(eachChunk(failing, () => true)).rejects.toThrow('disk on fire');
  });
});

describe('reports read from reused buffers', () => {
  it('are the same as from a stream of the same bytes, for a log many chunks long', async () => {
    // klog and zap lines of several levels, lines cut by chunk boundaries, findings throughout.
    const zap = (i: number, level: string) =>
      JSON.stringify({ level, ts: `2025-06-12T08:00:${String(i % 60).padStart(2, '0')}.000Z`, msg: 'Reconcile finished', controller: 'certificate', name: `app-${i % 97}`, namespace: 'team-a' });
    const lines: string[] = [];
    for (let i = 0, length = 0; length < 6 * CHUNK_BYTES; i++) {
      lines.push(i % 3 === 0 ? INFO_LINE : zap(i, ['info', 'debug', 'INFO', 'warn'][i % 4]!));
      if (i % 997 === 0) lines.push(gcLine(`Kind${i % 7}`));
      length += lines.at(-1)!.length + 1;
    }
    const text = lines.join('\n') + '\n';
    const path = join(tree(scratch(), { 'mixed.log': text }), 'mixed.log');
    const fromFile = await analyzePaths([path]);
    const fromStream = await analyzePaths([{ label: path, stream: Readable.from([Buffer.from(text)]) }]);
    expect(fromFile.stats.lines).toBe(lines.length);
    expect(fromFile.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(fromFile.findings)).toBe(JSON.stringify(fromStream.findings));
    expect(fromFile.stats.lines).toBe(fromStream.stats.lines);
  });
});
