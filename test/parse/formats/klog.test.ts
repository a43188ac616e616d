/** klog text (formats.md §3.1): header, printf and structured messages, values, multi-line blocks. */

import { describe, expect, it } from 'vitest';
import { assemble, balanced, one } from '../assemble.js';

describe('klog text', () => {
  it('reads a printf-style line: level, time (year from the source), caller, message', () => {
    const e = one('W0501 10:00:05.000012       1 reflector.go:539] k8s.io/client-go/informers/factory.go:160: failed to list *v1.Pod: Get "https://10.96.0.1:443/api/v1/pods?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: connect: connection refused');
    expect(e.format).toBe('klog');
    expect(e.level).toBe('warning');
    expect(e.time).toBe('2024-05-01T10:00:05.000Z');
    expect(e.fields).toEqual({ caller: 'reflector.go:539' });
    expect(e.message).toMatch(/^k8s\.io\/client-go\/informers\/factory\.go:160: failed to list \*v1\.Pod: Get "https/);
    expect(e.error).toBeNull();
  });

  it("reads go-logr's klogr of before klog v2: quoted keys, the logger first, the error from \"error\"", () => {
    // https://github.com/cert-manager/cert-manager/issues (cert-manager 1.7)
    const e = one('E0206 17:00:20.630289       1 controller.go:163] cert-manager/controller/certificates-request-manager "msg"="re-queuing item due to error processing" "error"="Internal error occurred: failed calling webhook \\"webhook.cert-manager.io\\": context deadline exceeded" "key"="istio-system/toolhub" ');
    expect(e).toMatchObject({ format: 'klog', level: 'error', message: 're-queuing item due to error processing', error: 'Internal error occurred: failed calling webhook "webhook.cert-manager.io": context deadline exceeded' });
    expect(e.fields).toMatchObject({ logger: 'cert-manager/controller/certificates-request-manager', key: 'istio-system/toolhub' });
    const v = one('I0206 17:00:03.399216       1 sync.go:41] "level"=1 "msg"="cache synced" "kind"="Certificate"');
    expect(v).toMatchObject({ message: 'cache synced', error: null });
    expect(v.fields).toMatchObject({ level: 1, kind: 'Certificate' });
    // Prose that holds the text is prose.
    const prose = 'I0206 17:00:03.399216       1 sync.go:41] the reply said "msg"="x" oddly';
    expect(one(prose).message).toBe('the reply said "msg"="x" oddly');
  });

  it('reads a value cut before its closing quote (a line cut when copied) as the rest of the line', () => {
    const e = one('E0501 10:00:06.000001       1 garbagecollector.go:406] "error syncing item" err="unable to get REST mapping for extensions/v1beta1/Ingress');
    expect(e).toMatchObject({ message: 'error syncing item', error: 'unable to get REST mapping for extensions/v1beta1/Ingress' });
    // A closing quote that is there, however escaped, is no cut.
    const bad = one('E0501 10:00:06.000001       1 x.go:1] "m" err="a \\"b\\" c" tail\\');
    expect(bad.error).toBe('a "b" c');
  });

  it('reads a structured line: quoted message, err first, logger and object values', () => {
    const e = one('E0501 10:00:06.000001       1 foo_controller.go:88] "Failed to sync" err="Operation cannot be fulfilled on foos.example.com \\"bar\\": the object has been modified; please apply your changes to the latest version and try again" logger="foo-controller" foo="default/bar"');
    expect(e.level).toBe('error');
    expect(e.message).toBe('Failed to sync');
    expect(e.error).toBe('Operation cannot be fulfilled on foos.example.com "bar": the object has been modified; please apply your changes to the latest version and try again');
    expect(e.fields).toEqual({ caller: 'foo_controller.go:88', logger: 'foo-controller', foo: 'default/bar' });
  });

  it('reads JSON-rendered values: numbers, booleans, arrays, objects, null', () => {
    const e = one('I0501 10:00:07.000000       1 x.go:1] "Synced" count=3 ok=false pods=["kube-system/pod-1","kube-system/pod-2"] obj={"Name":"x"} v=null');
    expect(e.fields).toMatchObject({ count: 3, ok: false, pods: ['kube-system/pod-1', 'kube-system/pod-2'], obj: { Name: 'x' }, v: null });
  });

  it('reads severity F as fatal and I as info', () => {
    expect(one('F0501 10:00:00.000000       1 main.go:9] unable to load config').level).toBe('fatal');
    expect(one('I0501 10:00:00.000000       1 main.go:9] hello').level).toBe('info');
  });

  it('takes the year from the envelope, and moves it across a new year', () => {
    const e = one('2025-01-01T00:00:01.000000000Z I1231 23:59:59.999999       1 main.go:9] still last year', {}, 2030);
    expect(e.time).toBe('2024-12-31T23:59:59.999Z');
  });

  it('does not take a bare E0501 or a short header for klog', () => {
    expect(one('E0501 something went wrong').format).toBe('unknown');
    expect(one('I0501 10:00:00.1234       1 main.go:9] short fraction').format).toBe('unknown');
  });

  it('collects a multi-line value block into its key, with more pairs after the delimiter', () => {
    const { entries, counters } = assemble([
      'I0501 10:00:07.000000       1 output.go:123] "klog.Format" s=<',
      '\t{',
      '\t  "Name": "worker",',
      '\t  "Kind": "pod"',
      '\t}',
      ' > after="yes"',
      'I0501 10:00:08.000000       1 output.go:124] "next"',
    ]);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.fields['s']).toBe('{\n  "Name": "worker",\n  "Kind": "pod"\n}');
    expect(entries[0]!.fields['after']).toBe('yes');
    expect(entries[0]!.continuation).toHaveLength(5);
    expect(counters).toMatchObject({ lines: 7, entries: 2, continuation: 5, unparsed: 0 });
  });

  it('puts a multi-line err block into the entry error, and keeps frame lines (TAB TAB) inside it', () => {
    const { entries } = assemble([
      'E0501 10:00:05.000123       1 runtime.go:142] "Observed a panic" panic="boom" stacktrace=<',
      '\tgoroutine 187 [running]:',
      '\tk8s.io/apimachinery/pkg/util/runtime.logPanic({0x1c0e7e0, 0xc0004a1cc0}, {0x1766b40, 0x2a4e5b0})',
      '\t\t/go/pkg/mod/k8s.io/apimachinery@v0.31.0/pkg/util/runtime/runtime.go:107 +0xbc',
      ' >',
      'E0501 10:00:06.000000       1 x.go:1] "Failed" err=<',
      '\tfirst line',
      '\tsecond line',
      ' > logger="x"',
    ]);
    expect(entries[0]!.fields['stacktrace']).toBe(
      'goroutine 187 [running]:\nk8s.io/apimachinery/pkg/util/runtime.logPanic({0x1c0e7e0, 0xc0004a1cc0}, {0x1766b40, 0x2a4e5b0})\n\t/go/pkg/mod/k8s.io/apimachinery@v0.31.0/pkg/util/runtime/runtime.go:107 +0xbc',
    );
    expect(entries[1]!.error).toBe('first line\nsecond line');
    expect(entries[1]!.fields['logger']).toBe('x');
  });

  it('attaches a printf message\'s goroutine dump (apimachinery < 0.31 "Observed a panic")', () => {
    const { entries, counters } = assemble([
      'E0501 10:00:05.000123       1 runtime.go:79] Observed a panic: "invalid memory address or nil pointer dereference" (runtime error: invalid memory address or nil pointer dereference)',
      'goroutine 187 [running]:',
      'k8s.io/apimachinery/pkg/util/runtime.logPanic({0x1766b40?, 0x2a4e5b0})',
      '\t/go/pkg/mod/k8s.io/apimachinery@v0.28.3/pkg/util/runtime/runtime.go:75 +0x85',
      'created by k8s.io/client-go/tools/cache.(*processorListener).run in goroutine 12',
      '\t/go/pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/shared_informer.go:960 +0x1c5',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.continuation).toHaveLength(5);
    expect(balanced(counters)).toBe(true);
  });
});
