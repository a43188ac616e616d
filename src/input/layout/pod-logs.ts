/**
 * Node log directories (formats.md §5.4): `/var/log/pods/<ns>_<pod>_<uid>/<ctr>/<N>.log` (with
 * rotated `<N>.log.<YYYYMMDD-hhmmss>` beside it), the `/var/log/containers/<pod>_<ns>_<ctr>-<id>.log`
 * copies of the same files, and the pre-1.14 `/var/log/pods/<uid>/<ctr>_<N>.log`. The layout name
 * is `kind-export` when the directory above is a kind node (see kind-export.ts).
 */

import type { LayoutName } from '../source-meta.js';
import type { Role } from '../role.js';

// Namespaces, pod and container names cannot contain `_`, so it splits unambiguously.
const POD_LOG = /(?:^|\/)(?:([^/]+)\/)?pods\/([^_/]+)_([^_/]+)_([^_/]+)\/([^/]+)\/(\d+)\.log(?:\.\d{8}-\d{6})?$/;
const LEGACY_POD_LOG = /(?:^|\/)(?:([^/]+)\/)?pods\/([0-9a-f-]{32,36})\/([^/_]+)_(\d+)\.log$/;
// The container ID follows the last `-`; the name may have been cut at 255 bytes, losing it.
const CONTAINER_LOG = /(?:^|\/)(?:([^/]+)\/)?containers\/([^_/]+)_([^_/]+)_([^/]+?)(?:-[0-9a-f]{12,64})?\.log$/;

/** The part of the path up to and including the node directory: where both copies of a log live. */
function treeOf(path: string, marker: string): string {
  const i = path.lastIndexOf(`/${marker}/`);
  return i === -1 ? '' : path.slice(0, i);
}

export function classifyPodLogs(path: string, layoutFor: (node: string | undefined) => LayoutName): Role | null {
  let m = POD_LOG.exec(path);
  if (m) {
    const layout = layoutFor(m[1]);
    const [ns, pod, container] = [m[2]!, m[3]!, m[5]!];
    return {
      role: 'log',
      meta: { layout, namespace: ns, pod, container, restart: Number(m[6]), ...(layout === 'kind-export' ? { node: m[1]! } : {}) },
      dedupe: { group: treeOf(path, 'pods'), container: `${ns}/${pod}/${container}`, side: 'pods' },
    };
  }
  m = LEGACY_POD_LOG.exec(path);
  if (m) {
    return { role: 'log', meta: { layout: layoutFor(m[1]), container: m[3]!, restart: Number(m[4]) } };
  }
  m = CONTAINER_LOG.exec(path);
  if (m) {
    const layout = layoutFor(m[1]);
    const [pod, ns, container] = [m[2]!, m[3]!, m[4]!];
    return {
      role: 'log',
      meta: { layout, namespace: ns, pod, container, ...(layout === 'kind-export' ? { node: m[1]! } : {}) },
      dedupe: { group: treeOf(path, 'containers'), container: `${ns}/${pod}/${container}`, side: 'containers' },
    };
  }
  return null;
}
