/**
 * `kubectl cluster-info dump` (formats.md §5.2, §2.8), recognised in both forms: the
 * `--output-directory` tree (`<ns>/<pod>/logs.txt`, `<ns>/events.json`, object lists) and the
 * stdout form (JSON lists and START/END log sections in one stream, recognised by its first bytes).
 */

import type { Role } from '../role.js';

const POD_LOGS = /(?:^|\/)([^/]+)\/([^/]+)\/logs\.txt$/;
const OBJECT_LIST = /(?:^|\/)(?:nodes|replication-controllers|services|daemonsets|deployments|replicasets|pods)\.(?:json|ya?ml|txt)$/;

export const START_MARKER = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/;
export const END_MARKER = /==== END logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/;

/** The role of a file of an `--output-directory` dump, or null. */
export function classifyClusterInfoDump(path: string): Role | null {
  const m = POD_LOGS.exec(path);
  if (m) return { role: 'dump', meta: { layout: 'cluster-info-dump', namespace: m[1]!, pod: m[2]! } };
  if (OBJECT_LIST.test(path)) return { role: 'skip', reason: 'API object list, not a log' };
  return null;
}

/** True when a text file's first bytes are a dump's stdout form (the NodeList comes first) or a log section. */
export function looksLikeDumpStream(head: string): boolean {
  return /^\{\s*"kind":\s*"NodeList"/.test(head) || /^==== START logs for container \S+ of pod /.test(head);
}
