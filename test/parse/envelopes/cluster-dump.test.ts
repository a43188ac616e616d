/** kubectl cluster-info dump log sections (formats.md §2.8), including an END marker glued to a line. */

import { describe, expect, it } from 'vitest';
import { assemble } from '../assemble.js';

const T = '\t';

describe('cluster-info dump sections', () => {
  it('sets namespace/pod/container for the lines of a section and counts markers as entries', () => {
    const { entries, counters } = assemble([
      '==== START logs for container manager of pod ns-a/pod-a-6d4f8b9c7-x2x9q ====',
      `2024-05-01T10:00:00Z${T}INFO${T}setup${T}starting manager`,
      '==== END logs for container manager of pod ns-a/pod-a-6d4f8b9c7-x2x9q ====',
      'outside any section',
    ]);
    expect(entries.map((e) => e.format)).toEqual(['marker', 'zap-console', 'marker', 'unknown']);
    expect(entries[1]!.envelope).toEqual({ layers: ['cluster-dump'], time: null, stream: null, namespace: 'ns-a', pod: 'pod-a-6d4f8b9c7-x2x9q', container: 'manager' });
    expect(entries[3]!.envelope).toBeNull();
    expect(counters).toMatchObject({ lines: 4, entries: 3, unparsed: 1, continuation: 0 });
  });

  it('splits an END marker glued to the last log line and ends the section after it', () => {
    const { entries, counters } = assemble([
      '==== START logs for container app of pod ns/p-0 ====',
      'I0501 10:00:00.000000       1 main.go:1] first',
      'I0501 10:00:01.000000       1 main.go:1] last line==== END logs for container app of pod ns/p-0 ====',
      '==== START logs for container app of pod ns/p-1 ====',
      'I0501 10:00:02.000000       1 main.go:1] other pod',
    ]);
    const klog = entries.filter((e) => e.format === 'klog');
    expect(klog.map((e) => [e.message, e.envelope?.pod])).toEqual([
      ['first', 'p-0'],
      ['last line', 'p-0'],
      ['other pod', 'p-1'],
    ]);
    expect(counters).toMatchObject({ lines: 5, entries: 5, continuation: 0, unparsed: 0 });
  });

  it('does not split lines that merely contain the END text outside a section', () => {
    const { entries } = assemble(['I0501 10:00:01.000000       1 main.go:1] x==== END logs for container app of pod ns/p-0 ====']);
    expect(entries[0]!.message).toBe('x==== END logs for container app of pod ns/p-0 ====');
  });
});
