/**
 * JSON payloads (formats.md §3.2, §3.3, §3.5, §3.6, §7.2): component-base, zap (every time
 * encoding), slog, logrus, generic JSON, and zap's duplicate `stacktrace` key.
 */

import { describe, expect, it } from 'vitest';
import { one } from '../assemble.js';

describe('component-base JSON', () => {
  it('reads info (has "v") and error (no "v", has "err") entries with epoch-ms time', () => {
    const info = one('{"ts":1714557605123.4568,"logger":"replicaset-controller","caller":"replicaset/replica_set.go:214","msg":"Starting controller","v":0,"name":"replicaset"}');
    expect(info).toMatchObject({ format: 'klog-json', level: 'info', time: '2024-05-01T10:00:05.123Z', message: 'Starting controller', error: null });
    expect(info.fields).toEqual({ logger: 'replicaset-controller', caller: 'replicaset/replica_set.go:214', v: 0, name: 'replicaset' });
    const err = one('{"ts":1714557606000.001,"caller":"foo/foo_controller.go:88","msg":"Failed to sync","foo":{"name":"bar","namespace":"default"},"err":"Operation cannot be fulfilled on foos.example.com \\"bar\\": the object has been modified; please apply your changes to the latest version and try again"}');
    expect(err).toMatchObject({ format: 'klog-json', level: 'error', time: '2024-05-01T10:00:06.000Z', message: 'Failed to sync' });
    expect(err.error).toBe('Operation cannot be fulfilled on foos.example.com "bar": the object has been modified; please apply your changes to the latest version and try again');
    expect(err.fields['foo']).toEqual({ name: 'bar', namespace: 'default' });
  });
});

describe('zap JSON', () => {
  const at = (ts: string) => one(`{"level":"info","ts":${ts},"msg":"m"}`).time;

  it('normalises every ts encoding: RFC 3339, epoch seconds, millis, nanos, ISO 8601 +0200, rfc3339nano', () => {
    expect(at('"2024-05-01T10:00:00Z"')).toBe('2024-05-01T10:00:00.000Z');
    expect(at('1714557600.1234567')).toBe('2024-05-01T10:00:00.123Z');
    expect(at('1714557600123.4568')).toBe('2024-05-01T10:00:00.123Z');
    expect(at('1714557600123456789')).toBe('2024-05-01T10:00:00.123Z');
    expect(at('"2024-05-01T12:00:00.123+0200"')).toBe('2024-05-01T10:00:00.123Z');
    expect(at('"2024-05-01T10:00:00.123456789Z"')).toBe('2024-05-01T10:00:00.123Z');
  });

  it('reads a controller-runtime Reconciler error: error out of fields, controller fields and the kind-named object kept', () => {
    const e = one('{"level":"error","ts":"2024-05-01T10:00:03Z","msg":"Reconciler error","controller":"memcached","controllerGroup":"cache.example.com","controllerKind":"Memcached","Memcached":{"name":"memcached-sample","namespace":"default"},"namespace":"default","name":"memcached-sample","reconcileID":"8c4f3f5e-5a8e-4f7e-9a7d-2f6c1f0e9b3a","error":"Deployment.apps \\"memcached-sample\\" is invalid: spec.template.spec.containers[0].image: Required value","stacktrace":"sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler\\n\\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324"}');
    expect(e).toMatchObject({ format: 'zap-json', level: 'error', message: 'Reconciler error' });
    expect(e.error).toBe('Deployment.apps "memcached-sample" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(e.fields).toMatchObject({
      controllerKind: 'Memcached',
      controllerGroup: 'cache.example.com',
      Memcached: { name: 'memcached-sample', namespace: 'default' },
      namespace: 'default',
      name: 'memcached-sample',
    });
    expect(e.fields['stacktrace']).toMatch(/^sigs\.k8s\.io\/controller-runtime.*\n\t\/go\/pkg/);
    expect(e.fields).not.toHaveProperty('error');
  });

  it('maps zap levels, including logr V(n) as Level(-n) and dpanic', () => {
    const level = (l: string) => one(`{"level":"${l}","ts":"2024-05-01T10:00:00Z","msg":"m"}`).level;
    expect(level('debug')).toBe('debug');
    expect(level('warn')).toBe('warning');
    expect(level('dpanic')).toBe('error');
    expect(level('fatal')).toBe('fatal');
    expect(level('Level(-2)')).toBe('debug');
  });

  it('keeps both values of a duplicated stacktrace key (goroutine dump first, call site as stacktrace#2)', () => {
    const e = one('{"level":"error","ts":"2024-05-01T10:00:05Z","msg":"Observed a panic","panic":"boom","stacktrace":"goroutine 7 [running]:\\nmain.main()","stacktrace":"k8s.io/apimachinery/pkg/util/runtime.logPanic\\n\\truntime.go:107"}');
    expect(e.fields['stacktrace']).toBe('goroutine 7 [running]:\nmain.main()');
    expect(e.fields['stacktrace#2']).toBe('k8s.io/apimachinery/pkg/util/runtime.logPanic\n\truntime.go:107');
  });

  it('keeps errorVerbose and errorCauses beside the error', () => {
    const e = one('{"level":"error","ts":1620000003.2499998,"msg":"Reconciler error","error":"a; b","errorCauses":[{"error":"a"},{"error":"b"}]}');
    expect(e.error).toBe('a; b');
    expect(e.fields['errorCauses']).toEqual([{ error: 'a' }, { error: 'b' }]);
  });
});

describe('slog JSON', () => {
  it('reads time first, upper-case level with offset, source object, err', () => {
    const e = one('{"time":"2024-05-01T10:00:01.0004Z","level":"ERROR+1","source":{"function":"main.run","file":"/app/main.go","line":88},"msg":"reconcile failed","err":"context deadline exceeded","namespace":"default"}');
    expect(e).toMatchObject({ format: 'slog-json', level: 'error', time: '2024-05-01T10:00:01.000Z', message: 'reconcile failed', error: 'context deadline exceeded' });
    expect(e.fields).toEqual({ source: { function: 'main.run', file: '/app/main.go', line: 88 }, namespace: 'default' });
  });

  it('maps INFO+2 to info and DEBUG-4 to debug', () => {
    expect(one('{"time":"2024-05-01T10:00:00Z","level":"INFO+2","msg":"m"}').level).toBe('info');
    expect(one('{"time":"2024-05-01T10:00:00Z","level":"DEBUG-4","msg":"m"}').level).toBe('debug');
  });
});

describe('logrus JSON', () => {
  it('reads sorted keys, warning level, error field, HTML-escaped text', () => {
    const e = one('{"attempt":3,"error":"x \\u003c y","level":"warning","msg":"retrying","time":"2024-05-01T10:00:03Z"}');
    expect(e).toMatchObject({ format: 'logrus-json', level: 'warning', time: '2024-05-01T10:00:03.000Z', message: 'retrying', error: 'x < y' });
    expect(e.fields).toEqual({ attempt: 3 });
  });

  it('is not taken for logrus when keys are unsorted (falls back to generic JSON)', () => {
    expect(one('{"time":"2024-05-01T10:00:03Z","level":"warning","msg":"m"}').format).toBe('json');
  });
});

describe('generic JSON', () => {
  it('reads message/severity/timestamp from their usual names', () => {
    const e = one('{"timestamp":"2024-05-01T10:00:00Z","severity":"ERROR","message":"boom","err":"bad","component":"x"}');
    expect(e).toMatchObject({ format: 'json', level: 'error', time: '2024-05-01T10:00:00.000Z', message: 'boom', error: 'bad' });
    expect(e.fields).toEqual({ component: 'x' });
  });

  it('leaves JSON without a message, and broken JSON, unparsed', () => {
    expect(one('{"kind":"NodeList","apiVersion":"v1"}').format).toBe('unknown');
    expect(one('{"level":"info","ts":').format).toBe('unknown');
  });
});
