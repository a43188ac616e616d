/**
 * Deterministic synthetic controller logs for the benchmark and the fast-path equivalence test:
 * kube-controller-manager klog text and controller-runtime zap JSON, mostly routine lines with
 * realistic names and values, plus about 1% signature lines taken from the pattern library's own
 * match examples (re-timestamped), so several signature families fire.
 */

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A small fast PRNG (mulberry32): the same seed always gives the same file. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['default', 'kube-system', 'payments', 'checkout', 'monitoring', 'ingress-nginx', 'cert-manager', 'argocd', 'team-a', 'team-b', 'ml-serving', 'data'];
const APPS = ['web', 'api', 'worker', 'redis', 'postgres', 'frontend', 'cart', 'orders', 'llama-7b', 'prometheus', 'grafana', 'nginx', 'memcached', 'queue', 'search'];
const NODES = ['ip-10-0-1-23.ec2.internal', 'ip-10-0-2-101.ec2.internal', 'ip-10-0-3-77.ec2.internal', 'worker-a-1', 'worker-b-2', 'gpu-node-3'];
const HEX = '0123456789abcdef';
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function chars(r, alphabet, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function uuid(r) {
  return `${chars(r, HEX, 8)}-${chars(r, HEX, 4)}-4${chars(r, HEX, 3)}-a${chars(r, HEX, 3)}-${chars(r, HEX, 12)}`;
}

const pad = (n, w) => String(n).padStart(w, '0');

/** Wall clock advancing a few milliseconds per line from 2025-06-12 08:00 UTC. */
class Clock {
  constructor(r) {
    this.r = r;
    this.ms = Date.UTC(2025, 5, 12, 8, 0, 0);
  }
  tick() {
    this.ms += Math.floor(this.r() * 4);
    return new Date(this.ms);
  }
}

function klogHeader(level, d, file) {
  const us = pad(d.getUTCMilliseconds() * 1000 + (d.getUTCSeconds() * 37) % 1000, 6);
  return `${level}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${us}       1 ${file}] `;
}

/** Routine kube-controller-manager lines (klog text, structured and printf style). */
const KLOG_ROUTINE = [
  (r, ns, app) => ['I', 'replica_set.go:676', `"Finished syncing" logger="replicaset-controller" kind="ReplicaSet" key="${ns}/${app}-${chars(r, ALNUM, 10)}" duration="${(r() * 300).toFixed(3)}µs"`],
  (r, ns, app) => ['I', 'deployment_controller.go:597', `"Finished syncing deployment" logger="deployment-controller" deployment="${ns}/${app}" duration="${(r() * 5).toFixed(6)}ms"`],
  (r, ns, app) => ['I', 'endpoints_controller.go:349', `"Finished syncing service endpoints" logger="endpoints-controller" service="${ns}/${app}" startTime="2025-06-12 08:00:0${Math.floor(r() * 10)}.${chars(r, '0123456789', 9)} +0000 UTC m=+${(r() * 9000).toFixed(9)}"`],
  (r, ns, app) => ['I', 'endpointslice_controller.go:338', `"Finished syncing EndpointSlices" logger="endpointslice-controller" service="${ns}/${app}" duration="${(r() * 900).toFixed(2)}µs"`],
  (r, ns, app) => ['I', 'event.go:389', `"Event occurred" object="${ns}/${app}-${chars(r, ALNUM, 10)}" fieldPath="" kind="ReplicaSet" apiVersion="apps/v1" type="Normal" reason="SuccessfulCreate" message="Created pod: ${app}-${chars(r, ALNUM, 10)}-${chars(r, ALNUM, 5)}"`],
  (r, ns, app) => ['I', 'event.go:389', `"Event occurred" object="${ns}/${app}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled up replica set ${app}-${chars(r, ALNUM, 10)} to ${1 + Math.floor(r() * 9)}"`],
  (r, ns, app) => ['I', 'replica_set.go:583', `"Too few replicas" logger="replicaset-controller" replicaSet="${ns}/${app}-${chars(r, ALNUM, 10)}" need=${2 + Math.floor(r() * 6)} creating=1`],
  (r, ns, app) => ['I', 'horizontal.go:881', `"Successfully rescaled" logger="horizontal-pod-autoscaler-controller" HPA="${ns}/${app}" currentReplicas=${1 + Math.floor(r() * 5)} desiredReplicas=${2 + Math.floor(r() * 5)} reason="cpu resource utilization (percentage of request) above target"`],
  (r) => ['I', 'node_lifecycle_controller.go:1225', `"Node is healthy again, removed all taints" logger="node-lifecycle-controller" node="${pick(r, NODES)}"`],
  (r, ns) => ['I', 'resource_quota_controller.go:460', `"Resource quota synced" logger="resourcequota-controller" namespace="${ns}" quota="compute-resources"`],
  (r, ns, app) => ['I', 'garbagecollector.go:549', `"Processing item" logger="garbage-collector-controller" item="[v1/Pod, namespace: ${ns}, name: ${app}-${chars(r, ALNUM, 10)}-${chars(r, ALNUM, 5)}, uid: ${uuid(r)}]" virtual=false`],
  (r, ns, app) => ['I', 'disruption.go:627', `"Finished syncing PodDisruptionBudget" logger="disruption-controller" key="${ns}/${app}-pdb" duration="${(r() * 90).toFixed(3)}µs"`],
  (r, ns, app) => ['I', 'stateful_set.go:446', `"StatefulSet has been deleted" logger="statefulset-controller" key="${ns}/${app}"`],
  (r, ns, app) => ['I', 'job_controller.go:566', `"enqueueing job" logger="job-controller" key="${ns}/${app}-backup-${Math.floor(r() * 29000000)}" delay="0s"`],
  (r) => ['I', 'range_allocator.go:241', `"Successfully synced" logger="node-ipam-controller" key="${pick(r, NODES)}"`],
  (r, ns, app) => ['I', 'pvc_protection_controller.go:281', `"Looking for Pods using PVC" logger="persistentvolumeclaim-protection-controller" PVC="${ns}/data-${app}-0"`],
  (r, ns, app) => ['W', 'warnings.go:70', `"Warning" message="spec.template.spec.containers[0].resources.limits[memory]: fractional byte value \\"1288490188800m\\" is invalid, must be an integer" object="${ns}/${app}"`],
  (r, ns, app) => ['I', 'controller_utils.go:223', `Controller ${app}-${chars(r, ALNUM, 10)} either never recorded expectations, or the ttl expired.`],
  (r) => ['I', 'leaderelection.go:281', `successfully renewed lease kube-system/kube-controller-manager`],
  (r, ns, app) => ['I', 'cronjob_controllerv2.go:526', `"Cronjob is not due to run yet" logger="cronjob-controller" cronjob="${ns}/${app}-report" nextRun="2025-06-12T${pad(8 + Math.floor(r() * 10), 2)}:00:00Z"`],
];

/** Routine controller-runtime operator lines (zap JSON through zapr). */
const ZAP_ROUTINE = [
  (r, ns, app) => ['info', 'Reconciling Memcached', { controller: 'memcached', controllerGroup: 'cache.example.com', controllerKind: 'Memcached', Memcached: { name: app, namespace: ns }, namespace: ns, name: app, reconcileID: uuid(r) }],
  (r, ns, app) => ['debug', 'Deployment is up to date', { controller: 'memcached', controllerGroup: 'cache.example.com', controllerKind: 'Memcached', Memcached: { name: app, namespace: ns }, namespace: ns, name: app, reconcileID: uuid(r), replicas: 1 + Math.floor(r() * 5) }],
  (r, ns, app) => ['info', 'Updating Deployment', { controller: 'memcached', controllerGroup: 'cache.example.com', controllerKind: 'Memcached', Memcached: { name: app, namespace: ns }, namespace: ns, name: app, reconcileID: uuid(r), 'Deployment.Namespace': ns, 'Deployment.Name': app }],
  (r, ns, app) => ['debug', 'Status updated', { controller: 'memcached', controllerGroup: 'cache.example.com', controllerKind: 'Memcached', Memcached: { name: app, namespace: ns }, namespace: ns, name: app, reconcileID: uuid(r), nodes: [`${app}-${chars(r, ALNUM, 10)}-${chars(r, ALNUM, 5)}`] }],
  (r, ns, app) => ['info', 'Reconcile finished', { controller: 'certificate', controllerGroup: 'cert-manager.io', controllerKind: 'Certificate', Certificate: { name: `${app}-tls`, namespace: ns }, namespace: ns, name: `${app}-tls`, reconcileID: uuid(r), requeueAfter: `${Math.floor(r() * 3600)}s` }],
  (r, ns, app) => ['debug', 'cache hit', { logger: 'controller-runtime.cache', gvk: 'apps/v1, Kind=Deployment', key: `${ns}/${app}` }],
  (r, ns, app) => ['info', 'Creating a new Service', { controller: 'memcached', 'Service.Namespace': ns, 'Service.Name': `${app}-svc`, reconcileID: uuid(r) }],
  (r, ns, app) => ['debug', 'Received event', { logger: 'controller-runtime.source.EventHandler', kind: 'Pod', namespace: ns, name: `${app}-${chars(r, ALNUM, 10)}-${chars(r, ALNUM, 5)}`, type: pick(r, ['update', 'create', 'delete']) }],
  (r, ns, app) => ['info', 'metrics scraped', { logger: 'autoscaler', target: `${ns}/${app}`, cpu: `${Math.floor(r() * 900)}m`, memory: `${Math.floor(r() * 4000)}Mi`, pods: 1 + Math.floor(r() * 9) }],
  (r, ns, app) => ['info', 'Starting workers', { controller: app, controllerGroup: 'apps', controllerKind: 'Deployment', 'worker count': 1 + Math.floor(r() * 4) }],
];

/** Words for error messages no signature knows (combined, they give 100,000s of distinct messages). */
const VERBS = ['provision', 'attach', 'resize', 'rotate', 'snapshot', 'replicate', 'migrate', 'compact', 'index', 'publish', 'restore', 'seal', 'unseal', 'mirror', 'prune', 'rebalance', 'throttle', 'decode', 'encode', 'verify'];
const NOUNS = ['bucket', 'volume', 'shard', 'tenant', 'license', 'topic', 'ledger', 'keyspace', 'pipeline', 'gateway', 'quota', 'replica', 'segment', 'manifest', 'catalog', 'vault', 'cursor', 'lease', 'channel', 'artifact'];
const REASONS = ['upstream returned 503', 'checksum mismatch', 'lock held by another writer', 'budget exhausted', 'schema drift detected', 'peer closed the stream', 'token expired', 'disk pressure', 'inventory out of date', 'rate limited by provider'];
const SYLLABLES = ['ka', 'lo', 'mi', 'nu', 're', 'sa', 'ti', 'vo', 'ze', 'po', 'qu', 'di', 'fa', 'gu', 'he', 'jo', 'ly', 'xe', 'wu', 'bo'];

/**
 * An error message no signature knows. With `distinct`, a made-up word from the message's number
 * `index % distinct` (at most 20^4 = 160,000) makes that many messages differ in a word that no
 * masking takes away: the first `distinct` unknown lines are all different.
 */
function unknownMessage(r, ns, app, distinct, index) {
  const verb = pick(r, VERBS);
  const noun = pick(r, NOUNS);
  const reason = pick(r, REASONS);
  if (distinct) {
    let n = index % distinct;
    let word = '';
    for (let i = 0; i < 4; i++) {
      word += SYLLABLES[n % 20];
      n = Math.floor(n / 20);
    }
    return `${word} failed to ${verb} ${noun} for ${ns}/${app}: ${reason}`;
  }
  return `failed to ${verb} ${noun} "${app}-${chars(r, ALNUM, 5)}" in ${ns} after ${1 + Math.floor(r() * 9)} attempts: ${reason}`;
}

function klogExample(line, d) {
  return line.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}/, (_m, l) => klogHeader(l, d, 'x').slice(0, 21));
}

function zapExample(line, d) {
  return line.replace(/"ts":("[^"]*"|[0-9.e+]+)/, `"ts":"${d.toISOString()}"`);
}

/**
 * The match examples of the library that are in this format, as `[familyOrder, line]`. Multi-line
 * examples (klog blocks, stack traces) stay multi-line.
 */
export function signatureLines(patterns, kind) {
  const out = [];
  for (const p of patterns) {
    for (const e of p.spec.examples.match) {
      const line = typeof e === 'string' ? e : e.line;
      if (kind === 'klog' ? /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} /.test(line) : line.startsWith('{"level"')) out.push(line);
    }
  }
  return out;
}

/** Generates lines of one kind until `bytes` bytes were produced; yields strings of many lines. */
export function* generate(kind, bytes, patterns, { seed = 1, signatureRate = 0.01, unknownRate = 0, distinct = 0 } = {}) {
  const r = rng(seed);
  const clock = new Clock(r);
  const signatures = signatureLines(patterns, kind);
  if (signatures.length === 0) throw new Error(`no ${kind} signature examples in the library`);
  let written = 0;
  let unknown = 0;
  let batch = '';
  while (written < bytes) {
    const d = clock.tick();
    let line;
    const roll = r();
    if (roll < signatureRate) {
      const ex = pick(r, signatures);
      line = kind === 'klog' ? klogExample(ex, d) : zapExample(ex, d);
    } else if (roll < signatureRate + unknownRate) {
      // An error no signature knows (an unrecognised error).
      const message = unknownMessage(r, pick(r, NAMESPACES), pick(r, APPS), distinct, unknown++);
      line =
        kind === 'klog'
          ? klogHeader('E', d, 'worker.go:142') + message
          : JSON.stringify({ level: 'error', ts: d.toISOString(), msg: 'Reconciler error', controller: 'storage', controllerKind: 'Volume', reconcileID: uuid(r), error: message });
    } else {
      const ns = pick(r, NAMESPACES);
      const app = pick(r, APPS);
      if (kind === 'klog') {
        const [level, file, body] = pick(r, KLOG_ROUTINE)(r, ns, app);
        line = klogHeader(level, d, file) + body;
      } else {
        const [level, msg, fields] = pick(r, ZAP_ROUTINE)(r, ns, app);
        line = JSON.stringify({ level, ts: d.toISOString(), msg, ...fields });
      }
    }
    batch += line + '\n';
    if (batch.length >= 1 << 16) {
      const out = batch;
      batch = '';
      written += Buffer.byteLength(out);
      yield out;
    }
  }
  if (batch) yield batch;
}

/** Writes a generated file; resolves with its size in bytes. */
export async function writeLog(path, kind, bytes, patterns, options) {
  const out = createWriteStream(path);
  let size = 0;
  for (const text of generate(kind, bytes, patterns, options)) {
    size += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return size;
}
