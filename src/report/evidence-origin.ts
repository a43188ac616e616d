/** The pod and container an evidence line came from, as reports show it: `ns/pod/container`, `(previous)` for a terminated instance. */

import type { Evidence } from '../model/finding.js';

export function evidenceOrigin(e: Evidence): string | null {
  if (e.pod === undefined && e.container === undefined) return null;
  const where = [e.namespace, e.pod, e.container].filter((p): p is string => p !== undefined).join('/');
  return e.previous ? `${where} (previous)` : where;
}
