/** Framing bytes into lines: terminators, the line-length cap, odd bytes, and chunk boundaries. */

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frameLines, type FramingCounters } from '../../src/framing/lines.js';

async function frame(chunks: Buffer[], cap = 1024): Promise<{ lines: string[]; counters: FramingCounters }> {
  const counters: FramingCounters = { bytes: 0, truncated: 0 };
  const lines: string[] = [];
  for await (const line of frameLines(Readable.from(chunks), counters, cap)) lines.push(line);
  return { lines, counters };
}

const bytes = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));

describe('frameLines', () => {
  it('keeps blank lines, strips CRLF, and frames a last line without newline', async () => {
    const { lines, counters } = await frame([bytes('a\r\n\r\nb\n\nc')]);
    expect(lines).toEqual(['a', '', 'b', '', 'c']);
    expect(counters.bytes).toBe(9);
    expect(counters.truncated).toBe(0);
  });

  it('passes NUL bytes through and replaces invalid UTF-8 without losing the following lines', async () => {
    const { lines } = await frame([bytes([0x61, 0x00, 0x62, 0x0a, 0xff, 0xfe, 0x0a, 0x63, 0x0a])]);
    expect(lines).toEqual(['a\u0000b', '\ufffd\ufffd', 'c']);
  });

  it('cuts a line longer than the cap, counts it, and keeps the next line whole', async () => {
    const { lines, counters } = await frame([bytes(`${'x'.repeat(25)}\nshort\n${'y'.repeat(10)}`)], 10);
    expect(lines).toEqual(['x'.repeat(10), 'short', 'y'.repeat(10)]);
    expect(counters.truncated).toBe(1);
  });

  it('cuts consistently when the long line arrives one byte at a time', async () => {
    const input = bytes(`head\n${'z'.repeat(40)}\ntail\n`);
    const oneByOne = [...input].map((b) => Buffer.from([b]));
    const { lines, counters } = await frame(oneByOne, 16);
    expect(lines).toEqual(['head', 'z'.repeat(16), 'tail']);
    expect(counters.truncated).toBe(1);
  });

  it('splits a multi-byte character across chunks without corrupting it', async () => {
    const input = bytes('größe\nüber\n');
    const { lines } = await frame([input.subarray(0, 3), input.subarray(3, 9), input.subarray(9)]);
    expect(lines).toEqual(['größe', 'über']);
  });

  it('property: any bytes in any chunking frame into the cut lines of the input', async () => {
    const alphabet = fc.constantFrom(...['a', 'b', ' ', '\n', '\r', '\u0000', 'é', '€', '\t'].map((c) => Buffer.from(c)));
    await fc.assert(
      fc.asyncProperty(
        fc.array(alphabet, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        async (parts, cuts, cap) => {
          const input = Buffer.concat(parts);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < input.length; k++) {
            const n = cuts[k % cuts.length]!;
            chunks.push(input.subarray(i, i + n));
            i += n;
          }
          const segments: Buffer[] = [];
          let start = 0;
          for (let i = 0; i < input.length; i++) {
            if (input[i] === 10) {
              segments.push(input.subarray(start, i));
              start = i + 1;
            }
          }
          const last = start < input.length ? input.subarray(start) : null;
          const expected = segments.map((s) => s.subarray(0, cap).toString('utf8').replace(/\r$/, ''));
          if (last) expected.push(last.subarray(0, cap).toString('utf8'));
          const truncated = [...segments, ...(last ? [last] : [])].filter((s) => s.length > cap).length;

          const { lines, counters } = await frame(chunks, cap);
          expect(lines).toEqual(expected);
          expect(counters.truncated).toBe(truncated);
          expect(counters.bytes).toBe(input.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
