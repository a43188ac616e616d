/** key=value text formats (formats.md §3.5–3.7, §7.3): logrus, slog TextHandler, go-kit logfmt. */

import { describe, expect, it } from 'vitest';
import { one } from '../assemble.js';

describe('logrus text', () => {
  it('reads quoted time, level, msg, sorted fields and the error field', () => {
    const e = one('time="2024-05-01T10:00:01Z" level=warning msg=retrying attempt=3 error="context deadline exceeded"');
    expect(e).toMatchObject({ format: 'logrus', level: 'warning', time: '2024-05-01T10:00:01.000Z', message: 'retrying', error: 'context deadline exceeded' });
    expect(e.fields).toEqual({ attempt: '3' });
  });

  it('unquotes Go-quoted values and reads a line without timestamp (DisableTimestamp)', () => {
    const e = one('time="2024-05-01T10:00:00Z" level=error msg="failed to list pods" error="pods is forbidden: User \\"system:serviceaccount:etcd:etcd-operator\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"etcd\\"" namespace=etcd');
    expect(e.error).toBe('pods is forbidden: User "system:serviceaccount:etcd:etcd-operator" cannot list resource "pods" in API group "" in the namespace "etcd"');
    expect(one('level=info msg="Starting workers" count=2')).toMatchObject({ format: 'logrus', level: 'info', time: null, message: 'Starting workers' });
  });
});

describe('logfmt values with unescaped quotes (issue #19)', () => {
  // https://github.com/kubernetes-sigs/external-dns/issues/488: a message built with bare quotes.
  it('runs a quoted value to the quote that ends the line', () => {
    const e = one('time="2018-03-09T13:02:19Z" level=error msg="List Pods of service[prometheus] error:pods is forbidden: User "system:serviceaccount:default:external-dns" cannot list pods in the namespace "default""');
    expect(e).toMatchObject({ format: 'logrus', level: 'error', message: 'List Pods of service[prometheus] error:pods is forbidden: User "system:serviceaccount:default:external-dns" cannot list pods in the namespace "default"' });
    expect(e.fields).toEqual({});
  });

  it('or to the quote before the next key=, and reads the pairs after it', () => {
    const e = one('time="2018-03-09T13:02:19Z" level=error msg="cannot sync "web" now" error="x \\"y\\"" key=a/b');
    expect(e).toMatchObject({ message: 'cannot sync "web" now', error: 'x "y"' });
    expect(e.fields).toEqual({ key: 'a/b' });
  });
});

describe('slog text', () => {
  it('reads bare time with milliseconds, upper-case level, source, dotted group keys', () => {
    const e = one('time=2024-05-01T10:00:01.000Z level=ERROR source=/app/main.go:88 msg="reconcile failed" err="context deadline exceeded" req.method=GET');
    expect(e).toMatchObject({ format: 'slog', level: 'error', time: '2024-05-01T10:00:01.000Z', message: 'reconcile failed', error: 'context deadline exceeded' });
    expect(e.fields).toEqual({ source: '/app/main.go:88', 'req.method': 'GET' });
  });

  it('maps WARN and offsets like INFO+2', () => {
    expect(one('time=2024-05-01T10:00:01.000Z level=WARN msg=x').level).toBe('warning');
    expect(one('time=2024-05-01T10:00:01.000Z level=INFO+2 msg=x').level).toBe('info');
  });
});

describe('go-kit logfmt', () => {
  it('reads level/ts/caller/msg in either order, warn level and err', () => {
    const e = one('level=warn ts=2024-05-01T10:00:02.5Z caller=operator.go:1091 component=prometheusoperator msg="skipping servicemonitor" err="bad config"');
    expect(e).toMatchObject({ format: 'logfmt', level: 'warning', time: '2024-05-01T10:00:02.500Z', message: 'skipping servicemonitor', error: 'bad config' });
    expect(e.fields).toEqual({ caller: 'operator.go:1091', component: 'prometheusoperator' });
    expect(one('ts=2024-05-01T10:00:04.1Z caller=operator.go:770 level=error msg=x').level).toBe('error');
  });

  it('takes the error as the message when there is no msg', () => {
    const e = one('level=error ts=2024-05-01T10:00:04.1Z caller=main.go:9 err="sync failed"');
    expect(e).toMatchObject({ format: 'logfmt', message: 'sync failed', error: 'sync failed' });
  });

  it('keeps an unreadable tail under _rest instead of dropping it', () => {
    const e = one('level=info ts=2024-05-01T10:00:00Z msg=ok trailing "words here');
    expect(e.format).toBe('logfmt');
    expect(e.fields['_rest']).toBe('trailing "words here');
  });
});
