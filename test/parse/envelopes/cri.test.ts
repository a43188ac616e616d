/** CRI container log files (formats.md §2.5): containerd and CRI-O records, partial-line joining. */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble, balanced, one } from '../assemble.js';
import { criRecordBytes, peelCri } from '../../../src/parse/envelopes/cri.js';
import { rfc3339Length, rfc3339LengthBytes } from '../../../src/parse/timestamps.js';

describe('CRI records', () => {
  it('peels containerd records (variable fraction, Z) and records time and stream', () => {
    const e = one('2024-05-01T10:00:00.1234Z stderr F I0501 10:00:00.123401       1 leaderelection.go:250] attempting to acquire leader lease kube-system/kube-controller-manager...');
    expect(e).toMatchObject({ format: 'klog', level: 'info' });
    expect(e.envelope).toEqual({ layers: ['cri'], time: '2024-05-01T10:00:00.123Z', stream: 'stderr', namespace: null, pod: null, container: null });
  });

  it('peels CRI-O records (9 digits, +00:00) and a record with no fraction', () => {
    expect(one('2024-05-01T10:00:00.123400000+00:00 stdout F {"level":"info","ts":"2024-05-01T10:00:00Z","msg":"m"}').envelope).toMatchObject({ stream: 'stdout', time: '2024-05-01T10:00:00.123Z' });
    expect(one('2024-05-01T10:00:02Z stdout F hello').envelope?.time).toBe('2024-05-01T10:00:02.000Z');
  });

  it('reads an empty record (`F ` with its trailing space) as an empty line', () => {
    const e = one('2024-05-01T10:00:02Z stdout F ');
    expect(e).toMatchObject({ format: 'plain', message: '' });
  });

  it('accepts extra `:`-separated tags after F/P', () => {
    expect(one('2024-05-01T10:00:02Z stdout F:x:y hello').envelope?.layers).toEqual(['cri']);
  });

  it('joins P records with the closing F record of the same stream; P records count as continuation', () => {
    const { entries, counters } = assemble([
      '2024-05-01T10:00:01.500000000+00:00 stdout P {"level":"info","ts":"2024-05-01T10:00:01Z","msg":"dumping st',
      '2024-05-01T10:00:01.500000001+00:00 stdout P at',
      '2024-05-01T10:00:01.500000003+00:00 stdout F e","size":3}',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ format: 'zap-json', message: 'dumping state', line: 1 });
    expect(entries[0]!.fields).toEqual({ size: 3 });
    expect(counters).toMatchObject({ lines: 3, entries: 1, continuation: 2, unparsed: 0 });
  });

  it('joins per stream: a stderr panic between a stdout P and F does not break either', () => {
    const { entries, counters } = assemble([
      '2024-05-01T10:00:01.5+00:00 stdout P {"level":"info","ts":"2024-05-01T10:00:01Z","msg":"dumping st',
      '2024-05-01T10:00:01.6+00:00 stderr F panic: boom',
      '2024-05-01T10:00:01.6+00:00 stderr F ',
      '2024-05-01T10:00:01.6+00:00 stderr F goroutine 1 [running]:',
      '2024-05-01T10:00:01.6+00:00 stderr F main.main()',
      '2024-05-01T10:00:01.6+00:00 stderr F \t/app/main.go:5 +0x1d',
      '2024-05-01T10:00:01.7+00:00 stdout F ate","size":3}',
    ]);
    const panic = entries.find((e) => e.format === 'go-panic')!;
    expect(panic.continuation).toEqual(['', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d']);
    expect(panic.envelope?.stream).toBe('stderr');
    expect(entries.find((e) => e.format === 'zap-json')!.message).toBe('dumping state');
    expect(counters).toMatchObject({ lines: 7, entries: 2, continuation: 5, unparsed: 0 });
  });

  it('completes a partial line still open at the end of input (a rotated file ending in P)', () => {
    const { entries, counters } = assemble(['2024-05-01T10:00:01Z stderr P I0501 10:00:01.000000       1 main.go:1] cut off']);
    expect(entries[0]).toMatchObject({ format: 'klog', message: 'cut off' });
    expect(counters).toMatchObject({ lines: 1, entries: 1, continuation: 0 });
  });

  it('caps a joined line and counts it as truncated, still keeping the accounting', () => {
    const { entries, counters } = assemble(
      ['2024-05-01T10:00:01Z stdout P ' + 'a'.repeat(30), '2024-05-01T10:00:01Z stdout P ' + 'b'.repeat(30), '2024-05-01T10:00:01Z stdout F c'],
      { maxJoinedLength: 40 },
    );
    expect(entries[0]!.message).toBe('a'.repeat(30) + 'b'.repeat(10));
    expect(counters.truncated).toBe(1);
    expect(balanced(counters)).toBe(true);
  });

  it('does not take a --timestamps line whose payload merely starts with a word for a CRI record', () => {
    expect(one('2024-05-01T10:00:00.123456789Z stdoutF x').envelope?.layers).toEqual(['kubectl-timestamps']);
    expect(one('2024-05-01T10:00:00.123456789Z stderr X x').envelope?.layers).toEqual(['kubectl-timestamps']);
  });
});

describe('CRI records read from bytes (the lazy path)', () => {
  /** Lines near the CRI shape: timestamps cut or changed anywhere, other streams and tags, non-ASCII. */
  const piece = fc.constantFrom('2024-05-01T10:00:00', '.123456789', '.5', '.1234567890', 'Z', '+02:00', '-0530', ' ', 'stdout', 'stderr', 'stdin', 'F', 'P', 'F:x', ':', 'é', 'I0501 x.go:1] m', '{"a":1}', '');
  const nearCri = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join(''));

  it('take a line exactly when peelCri reads it as a whole record with no more tags, with the same content and stream', () => {
    fc.assert(
      fc.property(nearCri, (line) => {
        const text = peelCri(line);
        const buf = Buffer.from(`xx${line}yy`);
        const bytes = criRecordBytes(buf, 2, buf.length - 2);
        const plain = text !== null && !text.partial && /^\S+ \S+ F /.test(line);
        expect(bytes !== null).toBe(plain);
        if (bytes && text) {
          expect(buf.toString('utf8', bytes.payload, buf.length - 2)).toBe(text.rest);
          expect(bytes.stdout).toBe(text.stream === 'stdout');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('measure timestamps as rfc3339Length does', () => {
    fc.assert(
      fc.property(nearCri, (line) => {
        const buf = Buffer.from(line, 'latin1');
        expect(rfc3339LengthBytes(buf, 0, buf.length)).toBe(rfc3339Length(buf.toString('latin1')));
      }),
      { numRuns: 2000 },
    );
  });
});
