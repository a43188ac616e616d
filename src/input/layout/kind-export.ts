/**
 * `kind export logs` (formats.md §5.3): one directory per node container, named
 * `<cluster>-control-plane`, `<cluster>-worker2`, …, holding the node's /var/log (pod logs twice:
 * `containers/` and `pods/`, de-duplicated after analysis) and journal exports of the node's units.
 */

import type { LayoutName } from '../source-meta.js';
import type { Role } from '../role.js';
import { classifyPodLogs } from './pod-logs.js';

const KIND_NODE = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?-(?:control-plane|worker|external-load-balancer)\d*$/;
const NODE_JOURNAL = /(?:^|\/)([^/]+)\/(kubelet|containerd|journal|serial)\.log$/;
const METADATA = /(?:^|\/)(?:kind-version\.txt|docker-info\.txt|podman-info\.txt|kubernetes-version\.txt|inspect\.json|images\.log)$/;

export function isKindNode(dir: string | undefined): boolean {
  return dir !== undefined && KIND_NODE.test(dir);
}

function layoutFor(node: string | undefined): LayoutName {
  return isKindNode(node) ? 'kind-export' : 'pod-logs';
}

/** The role of a file in a kind export or a node log directory, or null when neither applies. */
export function classifyKindExport(path: string): Role | null {
  const pods = classifyPodLogs(path, layoutFor);
  if (pods) return pods;
  const m = NODE_JOURNAL.exec(path);
  if (m && isKindNode(m[1])) return { role: 'log', meta: { layout: 'kind-export', node: m[1]!, unit: m[2]! } };
  if (METADATA.test(path)) return { role: 'skip', reason: 'kind export metadata, not a log' };
  return null;
}
