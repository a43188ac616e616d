/** Go `log` package lines and slog's default logger (formats.md §3.6, §3.7). */

import { describe, expect, it } from 'vitest';
import { one } from '../assemble.js';

describe('Go log package', () => {
  it('reads the timestamp, an optional file:line and the message', () => {
    expect(one('2024/05/01 10:00:00 Starting webhook server on :9443')).toMatchObject({ format: 'go-log', level: null, time: '2024-05-01T10:00:00.000Z', message: 'Starting webhook server on :9443' });
    const e = one('2024/05/01 10:00:00.123456 main.go:58: loading configuration');
    expect(e).toMatchObject({ time: '2024-05-01T10:00:00.123Z', message: 'loading configuration' });
    expect(e.fields).toEqual({ caller: 'main.go:58' });
  });

  it('reads slog default-logger lines: level, message, attributes, err', () => {
    const e = one('2024/05/01 10:00:03 ERROR reconcile failed err="Operation cannot be fulfilled" namespace=default name=bar');
    expect(e).toMatchObject({ level: 'error', message: 'reconcile failed', error: 'Operation cannot be fulfilled' });
    expect(e.fields).toEqual({ namespace: 'default', name: 'bar' });
  });

  it('rejects impossible dates', () => {
    expect(one('2024/02/31 10:00:00 nope').time).toBeNull();
  });
});
