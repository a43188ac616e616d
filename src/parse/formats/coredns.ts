/**
 * CoreDNS's log (its clog package over Go's `log`): `[LEVEL] plugin/<name>: message`, the plugin
 * part absent for the server's own lines, and an RFC 3339 time in front in some releases
 * (`2019-09-26T18:56:57.880Z [INFO] plugin/reload: …`). The kubernetes plugin writes client-go's
 * reflector errors this way, so an RBAC denial on EndpointSlices reaches the log as
 * `[ERROR] plugin/kubernetes: …/reflector.go:169: Failed to watch *v1.EndpointSlice: …`.
 */

import type { ParsedLine } from '../parsed-line.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';

const LINE = /^(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) )?\[(INFO|ERROR|WARNING|DEBUG|FATAL|PANIC)\] (?:plugin\/([A-Za-z0-9_-]{1,64}): )?/;

export function parseCoreDns(line: string): ParsedLine | null {
  const m = LINE.exec(line);
  if (!m || m[0].length === line.length) return null;
  return {
    format: 'coredns',
    level: levelOf(m[2]),
    time: m[1] ? toIso(m[1]) : null,
    message: line.slice(m[0].length),
    error: null,
    fields: m[3] ? { plugin: m[3] } : {},
    openBlock: null,
  };
}
