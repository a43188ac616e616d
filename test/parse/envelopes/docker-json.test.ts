/** Docker json-file records (formats.md §2.6): decoding, escapes, empty lines, 16 KiB chunks. */

import { describe, expect, it } from 'vitest';
import { assemble, one } from '../assemble.js';

describe('Docker json-file', () => {
  it('decodes the log, strips its newline and records stream and time', () => {
    const e = one('{"log":"2024-05-01T10:00:00Z\\u0009INFO\\u0009setup\\u0009starting manager\\n","stream":"stderr","time":"2024-05-01T10:00:00.1234Z"}');
    expect(e).toMatchObject({ format: 'zap-console', message: 'starting manager' });
    expect(e.envelope).toEqual({ layers: ['docker-json'], time: '2024-05-01T10:00:00.123Z', stream: 'stderr', namespace: null, pod: null, container: null });
  });

  it('decodes \\u003c-style escapes inside an embedded JSON payload', () => {
    const e = one('{"log":"{\\"level\\":\\"error\\",\\"ts\\":\\"2024-05-01T10:00:03Z\\",\\"msg\\":\\"a \\u003c b\\"}\\n","stream":"stderr","time":"2024-05-01T10:00:03.5Z"}');
    expect(e).toMatchObject({ format: 'zap-json', level: 'error', message: 'a < b' });
  });

  it('reads a record without "log" as an empty line, and accepts attrs', () => {
    expect(one('{"stream":"stdout","time":"2024-05-01T10:00:04Z"}')).toMatchObject({ format: 'plain', message: '' });
    expect(one('{"log":"hello\\n","stream":"stdout","attrs":{"app":"x"},"time":"2024-05-01T10:00:04Z"}').envelope?.layers).toEqual(['docker-json']);
  });

  it('joins chunks without a trailing newline with the next record of the same stream', () => {
    const { entries, counters } = assemble([
      '{"log":"I0501 10:00:07.000001       1 x.go:1] first half ","stream":"stderr","time":"2024-05-01T10:00:07Z"}',
      '{"log":"other stream\\n","stream":"stdout","time":"2024-05-01T10:00:07Z"}',
      '{"log":"second half\\n","stream":"stderr","time":"2024-05-01T10:00:07Z"}',
    ]);
    expect(entries.find((e) => e.format === 'klog')!.message).toBe('first half second half');
    expect(counters).toMatchObject({ lines: 3, entries: 1, unparsed: 1, continuation: 1 });
  });

  it('does not take a JSON log object with other keys for a Docker record', () => {
    const e = one('{"log":"x","kubernetes":{"pod_name":"p"}}');
    expect(e.envelope).toBeNull();
  });
});
