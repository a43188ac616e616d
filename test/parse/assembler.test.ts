/**
 * The assembler across formats: mixed streams, detection re-checked per line, the input-format
 * override, continuation rules, bounded lanes and stored lines, and the accounting identity.
 */

import { describe, expect, it } from 'vitest';
import { assemble, balanced } from './assemble.js';
import type { LogEntry } from '../../src/model/entry.js';
import { EntryAssembler, MAX_LANES, newAssemblerCounters } from '../../src/parse/assembler.js';
import { MAX_KEPT_CONTINUATION, MAX_KEPT_CONTINUATION_CHARS, MAX_VALUE_CHARS } from '../../src/parse/lane.js';

const T = '\t';

describe('EntryAssembler', () => {
  it('follows a stream that switches from banner lines to zap JSON with klog from client-go mixed in', () => {
    const { entries, counters } = assemble([
      '2024/05/01 10:00:00 Operator Version: 0.3.1',
      '{"level":"info","ts":"2024-05-01T10:00:00Z","logger":"setup","msg":"starting manager"}',
      'W0501 10:00:01.123456       1 reflector.go:547] failed to list *v1alpha1.PodAutoscaler: forbidden',
      '{"level":"error","ts":"2024-05-01T10:02:00Z","msg":"Could not wait for Cache to sync","error":"timed out"}',
      `2024-05-01T10:02:01Z${T}INFO${T}console line in the same stream`,
    ]);
    expect(entries.map((e) => e.format)).toEqual(['go-log', 'zap-json', 'klog', 'zap-json', 'zap-console']);
    expect(counters.byFormat).toEqual({ 'go-log': 1, 'zap-json': 2, klog: 1, 'zap-console': 1 });
    expect(counters.byLevel).toEqual({ info: 2, warning: 1, error: 1 });
  });

  it('with a declared payload format, reads only that format (crash blocks still recognised)', () => {
    const lines = [
      'level=info msg="Starting workers" count=2',
      'level=info ts=2024-05-01T10:00:00Z msg=x',
      '{"level":"info","ts":"2024-05-01T10:00:00Z","msg":"json"}',
      'panic: boom',
    ];
    expect(assemble(lines).entries.map((e) => e.format)).toEqual(['logrus', 'logfmt', 'zap-json', 'go-panic']);
    const forced = assemble(lines, { inputFormat: 'logfmt' });
    expect(forced.entries.map((e) => e.format)).toEqual(['unknown', 'logfmt', 'unknown', 'go-panic']);
    expect(forced.counters.unparsed).toBe(2);
  });

  it('attaches blank and indented lines to the entry above', () => {
    const { entries, counters } = assemble(['', '   leading indent', 'I0501 10:00:00.000000       1 main.go:1] x', '', '    wrapped text']);
    expect(entries.map((e) => e.format)).toEqual(['plain', 'klog']);
    expect(entries[0]!.continuation).toEqual(['   leading indent']);
    expect(entries[1]!.continuation).toEqual(['', '    wrapped text']);
    expect(counters).toMatchObject({ lines: 5, entries: 2, continuation: 3, unparsed: 0 });
  });

  it('does not attach an unindented unknown line to the entry above', () => {
    const { entries } = assemble(['I0501 10:00:00.000000       1 main.go:1] x', 'Copying system trust bundle']);
    expect(entries.map((e) => e.format)).toEqual(['klog', 'unknown']);
  });

  it('keeps the source, line number, raw line and envelope on every entry', () => {
    const { entries } = assemble(['a', '2024-05-01T10:00:00Z stderr F I0501 10:00:00.000000       1 main.go:1] x']);
    expect(entries[1]).toMatchObject({ source: 'test', line: 2, raw: '2024-05-01T10:00:00Z stderr F I0501 10:00:00.000000       1 main.go:1] x' });
  });

  it('flushes the least recently used lane when more pods interleave than it keeps, losing nothing', () => {
    const lines: string[] = [];
    for (let i = 0; i < MAX_LANES + 10; i++) lines.push(`[pod/p-${i}/c] I0501 10:00:00.000000       1 main.go:1] pod ${i}`);
    lines.push('[pod/p-0/c] \tlate continuation for the first pod');
    const { entries, counters } = assemble(lines);
    expect(entries).toHaveLength(MAX_LANES + 11);
    expect(counters).toMatchObject({ lines: MAX_LANES + 11, entries: MAX_LANES + 10, unparsed: 1 });
    expect(balanced(counters)).toBe(true);
  });

  it('stores at most the cap of continuation lines per entry and counts the rest', () => {
    const stack = Array.from({ length: MAX_KEPT_CONTINUATION + 5 }, (_, i) => `\tframe ${i}`);
    const { entries, counters } = assemble(['panic: boom', ...stack]);
    expect(entries[0]!.continuation).toHaveLength(MAX_KEPT_CONTINUATION);
    expect(entries[0]!.continuationOmitted).toBe(5);
    expect(counters.continuation).toBe(MAX_KEPT_CONTINUATION + 5);
  });

  it('keeps at most the cap of continuation characters per entry, and cuts a value written over lines at its cap', () => {
    const big = 'a'.repeat(100_000);
    // Long indented lines after an entry: kept while they fit, the rest counted.
    const plain = assemble(['E0101 10:00:00.000000       1 x.go:1] "error syncing item" err="boom"', ...Array.from({ length: 10 }, () => `  ${big}`)]);
    const kept = plain.entries[0]!.continuation.reduce((n, l) => n + l.length, 0);
    expect(kept).toBeLessThanOrEqual(MAX_KEPT_CONTINUATION_CHARS);
    expect(plain.entries[0]!.continuation.length + (plain.entries[0]!.continuationOmitted ?? 0)).toBe(10);
    expect(plain.counters.continuation).toBe(10);
    // A klog `err=<` block and an hclog value: their text stops at MAX_VALUE_CHARS, its start kept.
    const klog = assemble(['E0101 10:00:00.000000       1 x.go:1] "sync failed" err=<', '\tunable to get REST mapping', ...Array.from({ length: 5 }, () => `\t${big}`), ' >']);
    expect(klog.entries[0]!.error!.startsWith('unable to get REST mapping\n')).toBe(true);
    expect(klog.entries[0]!.error!.length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
    const hclog = assemble(['2021-11-22T17:45:58.799Z [ERROR] auth.handler: error authenticating:', '  error=', '  | Code: 403. Errors:', ...Array.from({ length: 5 }, () => `  | ${big}`), '   backoff=1s']);
    expect(hclog.entries[0]!.error!.startsWith('Code: 403. Errors:\n')).toBe(true);
    expect(hclog.entries[0]!.error!.length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
    expect(hclog.entries[0]!.fields['backoff']).toBe('1s');
  });

  it('keeps NUL bytes, replacement characters and huge lines without throwing', () => {
    const { entries, counters } = assemble(['\u0000\u0000', '\ufffd\ufffd{"level":', 'x'.repeat(200_000), '{"log":"unterminated']);
    expect(entries).toHaveLength(4);
    expect(balanced(counters)).toBe(true);
  });

  it('can be flushed mid-stream (follow mode idle flush) and carry on with the accounting intact', () => {
    const entries: LogEntry[] = [];
    const counters = newAssemblerCounters();
    const a = new EntryAssembler('live', counters, (e) => entries.push(e), 2024);
    a.push('2024-05-01T10:00:00Z stdout P {"level":"info","ts":"2024-05-01T10:00:00Z",', 1);
    a.flush();
    expect(entries).toHaveLength(1);
    a.push('I0501 10:00:01.000000       1 main.go:1] "after the pause"', 2);
    a.push('\tindented', 3);
    a.flush();
    expect(entries.map((e) => e.format)).toEqual(['unknown', 'klog']);
    expect(entries[1]!.continuation).toEqual(['\tindented']);
    expect(balanced(counters)).toBe(true);
  });
});
