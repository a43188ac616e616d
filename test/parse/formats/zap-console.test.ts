/** zap console encoder (formats.md §3.4, §7.3): optional logger/caller, context JSON, stack lines. */

import { describe, expect, it } from 'vitest';
import { assemble, one } from '../assemble.js';

const T = '\t';

describe('zap console', () => {
  it('reads TIME LEVEL LOGGER MSG', () => {
    const e = one(['2024-05-01T10:00:00Z', 'INFO', 'controller-runtime.metrics', 'Starting metrics server'].join(T));
    expect(e).toMatchObject({ format: 'zap-console', level: 'info', time: '2024-05-01T10:00:00.000Z', message: 'Starting metrics server' });
    expect(e.fields).toEqual({ logger: 'controller-runtime.metrics' });
  });

  it('reads TIME LEVEL MSG CONTEXT, taking error and fields from the context', () => {
    const e = one(['2024-05-01T10:00:03Z', 'ERROR', 'Reconciler error', '{"controller": "memcached", "controllerKind": "Memcached", "Memcached": {"name":"memcached-sample","namespace":"default"}, "namespace": "default", "error": "boom"}'].join(T));
    expect(e).toMatchObject({ level: 'error', message: 'Reconciler error', error: 'boom' });
    expect(e.fields).toEqual({ controller: 'memcached', controllerKind: 'Memcached', Memcached: { name: 'memcached-sample', namespace: 'default' }, namespace: 'default' });
  });

  // https://github.com/rabbitmq/cluster-operator/pull/642: the paste ends inside the context's error.
  it('reads a context cut before its end, its string fields as far as they go, with TABs or with spaces', () => {
    const cut = '{"reconciler group": "rabbitmq.com", "reconciler kind": "RabbitmqCluster", "name": "r1", "namespace": "default", "error": "failed to run queue rebalance on pod r1-server-0:';
    const fields = { 'reconciler group': 'rabbitmq.com', 'reconciler kind': 'RabbitmqCluster', name: 'r1', namespace: 'default' };
    const strict = one(['2021-03-19T08:39:56.305Z', 'ERROR', 'controller-runtime.manager.controller.rabbitmqcluster', 'Reconciler error', cut].join(T));
    expect(strict).toMatchObject({ format: 'zap-console', level: 'error', message: 'Reconciler error', error: 'failed to run queue rebalance on pod r1-server-0:' });
    expect(strict.fields).toEqual({ logger: 'controller-runtime.manager.controller.rabbitmqcluster', ...fields });
    const loose = one(`2021-03-19T08:39:56.305Z  ERROR  controller-runtime.manager.controller.rabbitmqcluster  Reconciler error  ${cut}`);
    expect(loose).toMatchObject({ format: 'zap-console', message: 'Reconciler error', error: 'failed to run queue rebalance on pod r1-server-0:' });
    expect(loose.fields).toEqual({ logger: 'controller-runtime.manager.controller.rabbitmqcluster', ...fields });
    // A brace in the message that starts no `{"key` is message text.
    const prose = one(['2021-03-19T08:39:56.305Z', 'ERROR', 'bad template {name'].join(T));
    expect(prose).toMatchObject({ message: 'bad template {name', fields: {} });
  });

  it('reads a caller field, epoch %v time, ISO 8601 time and LEVEL(-2)', () => {
    const e = one(['1.6547779497838595e+09', 'INFO', 'controller-runtime.metrics', 'main.go:42', 'Metrics server is starting to listen', '{"addr": ":8080"}'].join(T));
    expect(e.time).toBe('2022-06-09T12:32:29.783Z');
    expect(e.fields).toEqual({ logger: 'controller-runtime.metrics', caller: 'main.go:42', addr: ':8080' });
    expect(e.message).toBe('Metrics server is starting to listen');
    expect(one(['2021-05-01T12:00:03.250+0200', 'LEVEL(-2)', 'cache hit'].join(T))).toMatchObject({ level: 'debug', time: '2021-05-01T10:00:03.250Z', message: 'cache hit' });
  });

  it('keeps TABs inside a message whose first field has spaces, and braces that are not JSON', () => {
    expect(one(['2024-05-01T10:00:00Z', 'WARN', 'a sentence with a', 'tab'].join(T)).message).toBe(`a sentence with a${T}tab`);
    expect(one(['2024-05-01T10:00:00Z', 'INFO', 'value was {not json}'].join(T)).message).toBe('value was {not json}');
  });

  it('reads the context when the first stack frame was pasted onto its line, and only then', () => {
    const context = '{"controller": "manageiq", "controllerKind": "ManageIQ", "error": "roles.rbac.authorization.k8s.io \\"x\\" is forbidden: {APIGroups:[\\"\\"]}"}';
    const joined = one(['2023-10-10T16:16:02Z', 'ERROR', 'Reconciler error', `${context} sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler`].join(T));
    expect(joined).toMatchObject({ message: 'Reconciler error', error: 'roles.rbac.authorization.k8s.io "x" is forbidden: {APIGroups:[""]}' });
    expect(joined.fields).toEqual({ controller: 'manageiq', controllerKind: 'ManageIQ' });
    // Prose after the object, or a second object: the braces stay part of the message.
    for (const tail of [' and then it failed', ' {"b": 2}', ' main.go:42 extra']) {
      const e = one(['2023-10-10T16:16:02Z', 'ERROR', 'Reconciler error', `{"a": 1}${tail}`].join(T));
      expect(e.fields, tail).toEqual({});
      expect(e.message).toBe(`Reconciler error${T}{"a": 1}${tail}`);
    }
  });

  it('attaches the development-mode stack trace (function lines and TAB file lines) to the entry', () => {
    const { entries, counters } = assemble([
      ['2024-05-01T10:00:03Z', 'ERROR', 'Reconciler error', '{"error": "boom"}'].join(T),
      'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler',
      '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324',
      'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).processNextWorkItem',
      '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:261',
      ['2024-05-01T10:00:04Z', 'INFO', 'next'].join(T),
    ]);
    expect(entries.map((e) => e.message)).toEqual(['Reconciler error', 'next']);
    expect(entries[0]!.continuation).toHaveLength(4);
    expect(counters).toMatchObject({ lines: 6, entries: 2, continuation: 4, unparsed: 0 });
  });

  it('does not take an unknown level or a non-time first field for zap console', () => {
    expect(one(['2024-05-01T10:00:00Z', 'NOTICE', 'x'].join(T)).format).toBe('unknown');
    expect(one(['20240501', 'INFO', 'x'].join(T)).format).toBe('unknown');
  });
});
