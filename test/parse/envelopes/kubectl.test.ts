/** kubectl envelopes (formats.md §2.2, §2.3): --timestamps, --prefix, both, and interleaved pods. */

import { describe, expect, it } from 'vitest';
import { assemble, balanced, one } from '../assemble.js';

const T = '\t';
const POD = 'memcached-operator-controller-manager-6d4f8b9c7-x2x9q';

describe('kubectl logs --timestamps', () => {
  it('peels the RFC 3339 nano timestamp and records it; the payload keeps its own time', () => {
    const e = one('2024-05-01T10:00:00.123456789Z I0501 10:00:00.123401       1 leaderelection.go:250] attempting to acquire leader lease kube-system/kube-controller-manager...');
    expect(e).toMatchObject({ format: 'klog', level: 'info', time: '2024-05-01T10:00:00.123Z', message: 'attempting to acquire leader lease kube-system/kube-controller-manager...' });
    expect(e.envelope).toEqual({ layers: ['kubectl-timestamps'], time: '2024-05-01T10:00:00.123Z', stream: null, namespace: null, pod: null, container: null });
  });

  it('uses the envelope time for a payload without one, and reads ±hh:mm offsets', () => {
    const e = one('2024-05-01T12:00:00.500000000+02:00 some program output');
    expect(e).toMatchObject({ format: 'unknown', message: 'some program output', time: '2024-05-01T10:00:00.500Z' });
  });

  it('repairs a line that a kubelet before 1.26 broke with a timestamp in the middle', () => {
    const e = one('2024-05-01T10:00:01.500000000+00:00 {"level":"info","ts":"2024-05-01T10:00:01Z","msg":"dumping state",2024-05-01T10:00:01.500000003+00:00 "size":3}');
    expect(e).toMatchObject({ format: 'zap-json', message: 'dumping state' });
    expect(e.fields).toEqual({ size: 3 });
  });

  it('leaves timestamps inside a line that parses as it is', () => {
    const e = one('2024-05-01T10:00:01.500000000Z I0501 10:00:01.000000       1 main.go:1] started at 2024-05-01T10:00:00.000000000Z as planned');
    expect(e.message).toBe('started at 2024-05-01T10:00:00.000000000Z as planned');
  });

  it('keeps every line of a klog block under its own timestamp as one entry', () => {
    const { entries, counters } = assemble([
      '2024-05-01T10:00:12.000200000Z I0501 10:00:12.000123       1 output.go:123] "Config dump" config=<',
      '2024-05-01T10:00:12.000200000Z \t{"a": 1}',
      '2024-05-01T10:00:12.000200000Z  >',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.fields['config']).toBe('{"a": 1}');
    expect(counters).toMatchObject({ entries: 1, continuation: 2 });
  });
});

describe('kubectl logs --prefix', () => {
  it('peels [pod/NAME/CONTAINER] and records pod and container', () => {
    const e = one(`[pod/${POD}/manager] 2024-05-01T10:00:00Z${T}INFO${T}setup${T}starting manager`);
    expect(e).toMatchObject({ format: 'zap-console', message: 'starting manager' });
    expect(e.envelope).toMatchObject({ layers: ['kubectl-prefix'], pod: POD, container: 'manager', time: null });
  });

  it('reads an empty container part as no container', () => {
    expect(one(`[pod/${POD}/] plain words`).envelope).toMatchObject({ pod: POD, container: null });
  });

  it('reads --prefix --timestamps (prefix outside the timestamp)', () => {
    const e = one(`[pod/${POD}/manager] 2024-05-01T10:00:00.123456789Z 2024-05-01T10:00:00Z${T}INFO${T}setup${T}starting manager`);
    expect(e.format).toBe('zap-console');
    expect(e.envelope).toMatchObject({ layers: ['kubectl-prefix', 'kubectl-timestamps'], time: '2024-05-01T10:00:00.123Z', container: 'manager' });
  });

  it('does not take other bracketed text for a prefix', () => {
    expect(one('[pod/x] hello').envelope).toBeNull();
    expect(one('[pods/x/y] hello').envelope).toBeNull();
  });

  it('keeps each pod\'s continuation lines with that pod when streams interleave', () => {
    const A = `[pod/${POD}/manager] `;
    const B = '[pod/web-7d4b9c8f5-abcde/app] ';
    const { entries, counters } = assemble([
      A + `2024-05-01T10:00:03Z${T}ERROR${T}Reconciler error${T}{"error": "boom"}`,
      A + 'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler',
      B + 'I0501 10:00:03.100000       1 main.go:1] serving',
      A + '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324',
      B + '\tnot a stack line, but indented: belongs to the B entry',
      A + `2024-05-01T10:00:04Z${T}INFO${T}next`,
    ]);
    const byMessage = Object.fromEntries(entries.map((e) => [e.message, e]));
    expect(byMessage['Reconciler error']!.continuation).toEqual([
      'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler',
      '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324',
    ]);
    expect(byMessage['serving']!.continuation).toEqual(['\tnot a stack line, but indented: belongs to the B entry']);
    expect(entries).toHaveLength(3);
    expect(balanced(counters)).toBe(true);
  });
});
