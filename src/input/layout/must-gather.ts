/**
 * OpenShift must-gather (formats.md §5.1): container logs at
 * `namespaces/<ns>/pods/<pod>/<ctr>/<ctr>/logs/{current,previous}.log` (kubelet --timestamps form),
 * rotated raw CRI files beside them, per-namespace `core/events.yaml`, inspected CRDs under
 * `cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/`, aggregated discovery,
 * and journal exports under `host_service_logs/`. Every other API object file is skipped.
 */

import type { Role } from '../role.js';

// The container name appears twice (oc adm inspect joins it twice); \3 keeps the pair honest.
const CONTAINER_LOG = /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/(current|previous)(?:\.insecure)?\.log$/;
const ROTATED_LOG = /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/rotated\/(\d+)\.log\.\d{8}-\d{6}$/;
const EVENTS = /(?:^|\/)namespaces\/([^/]+)\/core\/events\.(?:ya?ml|json)$/;
const CRDS = /(?:^|\/)cluster-scoped-resources\/apiextensions\.k8s\.io\/customresourcedefinitions(?:\/[^/]+)?\.(?:ya?ml|json)$/;
const DISCOVERY = /(?:^|\/)aggregated-discovery-apis?\.(?:ya?ml|json)$/;
const SERVICE_LOG = /(?:^|\/)host_service_logs\/(?:[^/]+\/)*([^/]+?)(?:_service)?\.log$/;
const API_OBJECT = /(?:^|\/)(?:namespaces|cluster-scoped-resources)\/.+\.(?:ya?ml|json)$/;
const METADATA = /(?:^|\/)(?:timestamp|version|event-filter\.html)$/;

/** The role of a must-gather file, or null when the path is not must-gather-shaped. */
export function classifyMustGather(path: string): Role | null {
  let m = CONTAINER_LOG.exec(path);
  if (m) {
    return {
      role: 'log',
      meta: { layout: 'must-gather', namespace: m[1]!, pod: m[2]!, container: m[3]!, previous: m[4] === 'previous' },
    };
  }
  m = ROTATED_LOG.exec(path);
  if (m) {
    return { role: 'log', meta: { layout: 'must-gather', namespace: m[1]!, pod: m[2]!, container: m[3]!, restart: Number(m[4]) } };
  }
  m = EVENTS.exec(path);
  if (m) return { role: 'events', meta: { layout: 'must-gather', namespace: m[1]! } };
  if (CRDS.test(path) || DISCOVERY.test(path)) return { role: 'manifest' };
  m = SERVICE_LOG.exec(path);
  if (m) return { role: 'log', meta: { layout: 'must-gather', unit: m[1]! } };
  if (API_OBJECT.test(path)) return { role: 'skip', reason: 'API object, not a log' };
  if (METADATA.test(path) && /must-gather|quay-io|registry/.test(path)) return { role: 'skip', reason: 'must-gather metadata' };
  return null;
}
