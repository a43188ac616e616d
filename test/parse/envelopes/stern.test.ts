/** stern output (formats.md §2.4, §7.3): sniffed or declared prefixes, -A, timestamps, -o json. */

import { describe, expect, it } from 'vitest';
import { assemble, balanced, one } from '../assemble.js';

const T = '\t';
const P1 = 'memcached-operator-controller-manager-6d4f8b9c7-x2x9q';
const P2 = 'memcached-operator-controller-manager-6d4f8b9c7-k7m2p';
const zap = (msg: string) => `2024-05-01T10:00:00Z${T}INFO${T}${msg}`;

describe('stern', () => {
  it('sniffs the default prefix from the first lines and records pod and container', () => {
    const { entries, counters } = assemble([
      `+ ${P1} \u203a manager`,
      `${P1} manager ${zap('starting manager')}`,
      `${P2} manager ${zap('starting manager')}`,
      `${P1} manager ${zap('Starting workers')}`,
    ]);
    const prefixed = entries.filter((e) => e.envelope?.layers.includes('stern'));
    expect(prefixed.map((e) => [e.envelope?.pod, e.envelope?.container, e.format])).toEqual([
      [P1, 'manager', 'zap-console'],
      [P2, 'manager', 'zap-console'],
      [P1, 'manager', 'zap-console'],
    ]);
    expect(counters.unparsed).toBe(0);
  });

  it('sniffs -A (namespace first) with --timestamps in the viewer\'s zone', () => {
    const { entries } = assemble([
      `memcached-operator-system ${P1} manager 2024-05-01T12:00:00.123456789+02:00 ${zap('a')}`,
      `memcached-operator-system ${P2} manager 2024-05-01T12:00:01.123456789+02:00 ${zap('b')}`,
    ]);
    expect(entries.map((e) => e.envelope)).toEqual([
      { layers: ['stern', 'kubectl-timestamps'], time: '2024-05-01T10:00:00.123Z', stream: null, namespace: 'memcached-operator-system', pod: P1, container: 'manager' },
      { layers: ['stern', 'kubectl-timestamps'], time: '2024-05-01T10:00:01.123Z', stream: null, namespace: 'memcached-operator-system', pod: P2, container: 'manager' },
    ]);
  });

  it('reads --timestamps=short', () => {
    const { entries } = assemble([`${P1} manager 05-01 12:00:00 ${zap('a')}`, `${P1} manager 05-01 12:00:01 ${zap('b')}`], {}, 2024);
    expect(entries[0]!.envelope?.time).toBe('2024-05-01T12:00:00.000Z');
  });

  it('attaches prefixed stack lines to the right pod\'s entry', () => {
    const { entries, counters } = assemble([
      `${P1} manager 2024-05-01T10:00:03Z${T}ERROR${T}Reconciler error${T}{"error": "boom"}`,
      `${P1} manager sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler`,
      `${P2} manager ${zap('other pod')}`,
      `${P1} manager \t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324`,
      `${P1} manager ${zap('next')}`,
    ]);
    expect(entries.find((e) => e.message === 'Reconciler error')!.continuation).toHaveLength(2);
    expect(counters).toMatchObject({ lines: 5, entries: 3, continuation: 2, unparsed: 0 });
  });

  it('is conservative: prose of two words and a payload-looking rest is not sniffed as stern', () => {
    const { entries } = assemble(['hello world I0501 10:00:00.000000       1 main.go:1] x', 'just some words', 'more words here', 'and again']);
    expect(entries.every((e) => e.envelope === null)).toBe(true);
  });

  it('does not sniff plain klog or JSON logs (no lines held back, no prefix)', () => {
    const { entries } = assemble(['I0501 10:00:00.000000       1 main.go:1] x', 'I0501 10:00:01.000000       1 main.go:1] y']);
    expect(entries.map((e) => e.envelope)).toEqual([null, null]);
  });

  it('reads a declared stern prefix without sniffing, even on a single line', () => {
    const e = one(`${P1} manager ${zap('starting manager')}`, { inputFormat: 'stern' });
    expect(e.envelope).toMatchObject({ layers: ['stern'], pod: P1, container: 'manager' });
    expect(e.message).toBe('starting manager');
  });

  it('reads stern -o json records', () => {
    const e = one(`{"message":"{\\"level\\":\\"info\\",\\"ts\\":\\"2024-05-01T10:00:00Z\\",\\"msg\\":\\"starting manager\\"}","nodeName":"kind-worker","namespace":"memcached-operator-system","podName":"${P1}","containerName":"manager","labels":{},"annotations":{}}`);
    expect(e).toMatchObject({ format: 'zap-json', message: 'starting manager' });
    expect(e.envelope).toMatchObject({ layers: ['stern-json'], namespace: 'memcached-operator-system', pod: P1, container: 'manager' });
  });

  it('strips colour codes before sniffing and parsing', () => {
    const { entries, counters } = assemble([
      `\x1b[96m${P1}\x1b[0m \x1b[36mmanager\x1b[0m ${zap('a')}`,
      `\x1b[92m${P2}\x1b[0m \x1b[32mmanager\x1b[0m ${zap('b')}`,
    ]);
    expect(entries.map((e) => e.envelope?.pod)).toEqual([P1, P2]);
    expect(entries[0]!.raw.startsWith('\x1b[96m')).toBe(true);
    expect(balanced(counters)).toBe(true);
  });
});
