/**
 * Decides what each file of a bundle is for, trying the layouts from the most specific to the
 * most general, then generic rules by name and, for text, by the first bytes.
 */

import type { Role } from './role.js';
import { classifyMustGather } from './layout/must-gather.js';
import { classifyClusterInfoDump, looksLikeDumpStream } from './layout/cluster-info-dump.js';
import { classifyKindExport } from './layout/kind-export.js';

const EVENTS = /(?:^|\/)events\.(?:json|ya?ml)$/;
const YAML = /\.ya?ml$/i;
const JSON_FILE = /\.json$/i;
const NOT_LOGS = /\.(?:html?|css|js|png|jpe?g|gif|svg|pdf|pem|crt|key|csr)$/i;

/**
 * The role of a file from its path (`/`-separated, archives shown as directories, a `.gz` suffix
 * already removed) and the first bytes of its text.
 */
export function classify(path: string, head: string): Role {
  const byLayout = classifyMustGather(path) ?? classifyKindExport(path) ?? classifyClusterInfoDump(path);
  if (byLayout) return byLayout.role === 'log' && looksLikeDumpStream(head) ? { role: 'dump', meta: byLayout.meta } : byLayout;
  if (EVENTS.test(path)) return { role: 'events', meta: { layout: 'plain' } };
  if (looksLikeDumpStream(head)) return { role: 'dump', meta: { layout: 'cluster-info-dump' } };
  if (YAML.test(path)) return { role: 'manifest' };
  if (JSON_FILE.test(path) && /^\s*[{[]\s*$/m.test(head.split('\n', 1)[0] ?? '')) {
    // A pretty-printed JSON document (not JSON lines): an API object or list.
    if (/"(?:CustomResourceDefinition|APIGroupDiscoveryList)"/.test(head)) return { role: 'manifest' };
    if (/"kind":\s*"EventList"/.test(head) || /"involvedObject"/.test(head)) return { role: 'events', meta: { layout: 'plain' } };
    return { role: 'skip', reason: 'JSON document, not a log' };
  }
  if (NOT_LOGS.test(path)) return { role: 'skip', reason: 'not a log' };
  return { role: 'log', meta: { layout: 'plain' } };
}
