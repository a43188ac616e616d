/**
 * Realistic bench inputs, made so that the bench cannot flatter the analyser:
 *
 * - Signature lines are the library's own match examples with their objects and kinds varied:
 *   names in quotes, `namespace/name` keys, name and namespace fields, and the Kind (with its group,
 *   version and plural) in controllerKind fields, `group/version/Kind`, `group/version, Kind=Kind` and
 *   `Kind.group "name"` forms. Each example becomes a template whose variants were checked, once
 *   per kind, to match the same signatures as the example itself; every signature line then names
 *   one of the cluster's 3,000 objects, so a finding family touches thousands of distinct objects and
 *   50+ kinds, as a cluster-wide outage does. Some lines repeat a recent one (controllers retry), most do not.
 *   Families are weighted unevenly (a few dominate, as in a real incident).
 * - Lines of the library's nomatch examples (same keywords, other meaning) are mixed in: they
 *   go past the keyword filter and cost the full parse and the regexes, like real near misses.
 * - Routine lines come from bench/synthetic-logs.mjs (kube-controller-manager klog, a
 *   controller-runtime operator's zap JSON), zap console is made from the zap JSON ones.
 * - `mixed`: blocks of bare klog, zap JSON, zap console, CRI-wrapped lines (containerd) and stern's
 *   `pod container` prefixes over several pods, interleaved, in one file.
 * - writeMustGather: an `oc adm must-gather`-shaped .tar.gz (namespaces/<ns>/pods/<pod>/<container>/
 *   <container>/logs/current.log and previous.log, cluster-scoped resources, events) of such logs.
 *
 * Everything is deterministic for a seed.
 */

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { generate, rng } from './synthetic-logs.mjs';
import { treeFiles } from '../scripts/build-bundles.mjs';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { exampleEntry } = await import(dist('match/examples.js'));
const { Matcher } = await import(dist('match/matcher.js'));

/** Kinds a cluster's controllers reconcile: 72 of them, built-in and from well-known CRDs. */
export const KINDS = [
  ['apps', 'v1', 'Deployment', 'deployments'],
  ['apps', 'v1', 'StatefulSet', 'statefulsets'],
  ['apps', 'v1', 'DaemonSet', 'daemonsets'],
  ['apps', 'v1', 'ReplicaSet', 'replicasets'],
  ['batch', 'v1', 'Job', 'jobs'],
  ['batch', 'v1', 'CronJob', 'cronjobs'],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses'],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'],
  ['cert-manager.io', 'v1', 'Certificate', 'certificates'],
  ['cert-manager.io', 'v1', 'Issuer', 'issuers'],
  ['cert-manager.io', 'v1', 'CertificateRequest', 'certificaterequests'],
  ['acme.cert-manager.io', 'v1', 'Order', 'orders'],
  ['acme.cert-manager.io', 'v1', 'Challenge', 'challenges'],
  ['argoproj.io', 'v1alpha1', 'Rollout', 'rollouts'],
  ['argoproj.io', 'v1alpha1', 'Application', 'applications'],
  ['argoproj.io', 'v1alpha1', 'AppProject', 'appprojects'],
  ['argoproj.io', 'v1alpha1', 'Workflow', 'workflows'],
  ['argoproj.io', 'v1alpha1', 'AnalysisRun', 'analysisruns'],
  ['monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors'],
  ['monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors'],
  ['monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules'],
  ['monitoring.coreos.com', 'v1', 'Alertmanager', 'alertmanagers'],
  ['kafka.strimzi.io', 'v1beta2', 'Kafka', 'kafkas'],
  ['kafka.strimzi.io', 'v1beta2', 'KafkaTopic', 'kafkatopics'],
  ['kafka.strimzi.io', 'v1beta2', 'KafkaUser', 'kafkausers'],
  ['kafka.strimzi.io', 'v1beta2', 'KafkaConnector', 'kafkaconnectors'],
  ['postgresql.cnpg.io', 'v1', 'ScheduledBackup', 'scheduledbackups'],
  ['postgresql.cnpg.io', 'v1', 'Pooler', 'poolers'],
  ['velero.io', 'v1', 'Backup', 'backups'],
  ['velero.io', 'v1', 'Restore', 'restores'],
  ['velero.io', 'v1', 'Schedule', 'schedules'],
  ['keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects'],
  ['keda.sh', 'v1alpha1', 'ScaledJob', 'scaledjobs'],
  ['keda.sh', 'v1alpha1', 'TriggerAuthentication', 'triggerauthentications'],
  ['networking.istio.io', 'v1beta1', 'VirtualService', 'virtualservices'],
  ['networking.istio.io', 'v1beta1', 'DestinationRule', 'destinationrules'],
  ['networking.istio.io', 'v1beta1', 'ServiceEntry', 'serviceentries'],
  ['security.istio.io', 'v1', 'AuthorizationPolicy', 'authorizationpolicies'],
  ['security.istio.io', 'v1', 'PeerAuthentication', 'peerauthentications'],
  ['gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes'],
  ['gateway.networking.k8s.io', 'v1', 'GRPCRoute', 'grpcroutes'],
  ['gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways'],
  ['external-secrets.io', 'v1beta1', 'ExternalSecret', 'externalsecrets'],
  ['external-secrets.io', 'v1beta1', 'SecretStore', 'secretstores'],
  ['tekton.dev', 'v1', 'PipelineRun', 'pipelineruns'],
  ['tekton.dev', 'v1', 'TaskRun', 'taskruns'],
  ['tekton.dev', 'v1', 'Pipeline', 'pipelines'],
  ['jobset.x-k8s.io', 'v1alpha2', 'JobSet', 'jobsets'],
  ['kubeflow.org', 'v1', 'PyTorchJob', 'pytorchjobs'],
  ['kubeflow.org', 'v1', 'TFJob', 'tfjobs'],
  ['kubeflow.org', 'v1', 'Notebook', 'notebooks'],
  ['ray.io', 'v1', 'RayCluster', 'rayclusters'],
  ['ray.io', 'v1', 'RayJob', 'rayjobs'],
  ['ray.io', 'v1', 'RayService', 'rayservices'],
  ['serving.knative.dev', 'v1', 'Revision', 'revisions'],
  ['serving.knative.dev', 'v1', 'Configuration', 'configurations'],
  ['karpenter.sh', 'v1', 'NodePool', 'nodepools'],
  ['karpenter.sh', 'v1', 'NodeClaim', 'nodeclaims'],
  ['karpenter.k8s.aws', 'v1', 'EC2NodeClass', 'ec2nodeclasses'],
  ['autoscaling.aibrix.ai', 'v1alpha1', 'PodAutoscaler', 'podautoscalers'],
  ['cache.example.com', 'v1alpha1', 'Memcached', 'memcacheds'],
  ['db.example.com', 'v1', 'Database', 'databases'],
  ['sparkoperator.k8s.io', 'v1beta2', 'SparkApplication', 'sparkapplications'],
  ['elasticsearch.k8s.elastic.co', 'v1', 'Elasticsearch', 'elasticsearches'],
  ['kibana.k8s.elastic.co', 'v1', 'Kibana', 'kibanas'],
  ['rabbitmq.com', 'v1beta1', 'RabbitmqCluster', 'rabbitmqclusters'],
  ['minio.min.io', 'v2', 'Tenant', 'tenants'],
  ['longhorn.io', 'v1beta2', 'Volume', 'volumes'],
  ['source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories'],
  ['kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations'],
  ['helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases'],
].map(([group, version, kind, plural]) => ({ group, version, kind, plural }));

const NAMESPACES = [
  'default', 'payments', 'checkout', 'monitoring', 'ingress-nginx', 'cert-manager', 'argocd', 'team-a', 'team-b', 'team-c', 'ml-serving', 'data',
  'search', 'inventory', 'billing', 'auth', 'kafka', 'observability', 'istio-system', 'flux-system', 'velero', 'ray-system', 'staging', 'prod-eu', 'prod-us',
];
const BASES = ['web', 'api', 'worker', 'redis', 'postgres', 'frontend', 'cart', 'orders', 'llama-7b', 'mistral-7b', 'gateway', 'ledger', 'notifier', 'indexer', 'scheduler', 'exporter', 'reports', 'sessions', 'catalog', 'pricing'];
const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

const pick = (r, list) => list[Math.floor(r() * list.length)];
const suffix = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += SUFFIX[Math.floor(r() * SUFFIX.length)];
  return s;
};
/**
 * The cluster's objects: 3,000 names, each in a namespace of its own choosing. A signature line
 * names one of them (uniformly), as a cluster-wide outage touches every object a controller
 * reconciles; a large log reaches them all, so the number of findings and objects stops growing
 * with the size of the log, as in a real cluster.
 */
const OBJECTS = (() => {
  const r = rng(4242);
  const seen = new Set();
  const out = [];
  while (out.length < 3000) {
    const name = `${pick(r, BASES)}-${suffix(r, 5)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, namespace: pick(r, NAMESPACES) });
  }
  return out;
})();

/** Words after which a quoted word is not an object name. */
const NOT_NAME_BEFORE = new Set(['group', 'resource', 'namespace', 'version', 'User', 'user', 'kind', 'Kind', 'field', 'for', 'to', 'in', 'on', 'verb', 'container', 'image', 'node', 'host', 'scheme', 'type', 'name', 'key', 'subresource', 'webhook', 'lease', 'lock', 'configmap', 'service', 'endpoint', 'host', 'server', 'plugin', 'role', 'clusterrole', 'finalizer', 'quota', 'metric']);

/** Values in a text that name an object's namespace and name. */
function objectSlots(text) {
  const names = new Set();
  const namespaces = new Set();
  const nameOk = (v) => /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(v) && v.length >= 2;
  const nsOk = (v) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(v) && !v.startsWith('kube-') && v !== 'openshift';
  // Field forms: JSON ("name":"x", \"name\":\"x\", "name": "x") and klog (name="x").
  for (const m of text.matchAll(/(?:\\?"|\b)(name|namespace)\\?"?(?::|=) ?\\?"([^"\\]+)\\?"/g)) {
    if (m[1] === 'name' && nameOk(m[2])) names.add(m[2]);
    if (m[1] === 'namespace' && nsOk(m[2])) namespaces.add(m[2]);
  }
  // namespace/name keys: key="ns/name", object="ns/name", <Kind>="ns/name", "key":"ns/name".
  for (const m of text.matchAll(/(?:\b(?:key|object|[A-Z][A-Za-z0-9]*)="|"(?:key|object)": ?")([a-z0-9-]+)\/([a-z0-9.-]+)"/g)) {
    if (nsOk(m[1])) namespaces.add(m[1]);
    if (nameOk(m[2])) names.add(m[2]);
  }
  // In the namespace "x", namespace: x (GC items).
  for (const m of text.matchAll(/(?:in the namespace \\?"|namespace: )([a-z0-9-]+)/g)) if (nsOk(m[1])) namespaces.add(m[1]);
  for (const m of text.matchAll(/\bname: ([a-z0-9][a-z0-9.-]*[a-z0-9]),/g)) names.add(m[1]);
  // A name in quotes after a resource or kind: deployments.apps "web", Deployment.apps \"web\", secrets "db".
  for (const m of text.matchAll(/([A-Za-z][A-Za-z0-9-]*)(?:\.[a-z0-9.-]+)? (\\*)"([a-z0-9][a-z0-9.-]*[a-z0-9])\2"/g)) {
    if (!NOT_NAME_BEFORE.has(m[1]) && nameOk(m[3])) names.add(m[3]);
  }
  return { names: [...names], namespaces: [...namespaces] };
}

/** The kind a text names, with its group, version and plural where they are written. */
function kindSlots(text) {
  let kind = null;
  let group = null;
  let version = null;
  let m;
  if ((m = /controllerKind\\?"?(?::|=) ?\\?"([A-Z][A-Za-z0-9]*)/.exec(text))) kind = m[1];
  if ((m = /controllerGroup\\?"?(?::|=) ?\\?"([a-z0-9.-]+\.[a-z]+)/.exec(text))) group = m[1];
  if (!kind && (m = /(?:^|[\s"'[(])([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/(v\d+(?:(?:alpha|beta)\d+)?)\/([A-Z][A-Za-z0-9]*)/.exec(text))) [, group, version, kind] = m;
  if (!kind && (m = /([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/(v\d[a-z0-9]*), Kind=([A-Za-z0-9]+)/.exec(text))) [, group, version, kind] = m;
  if (!kind && (m = /(?:^|[\s:(])([A-Z][A-Za-z0-9]*)\.([a-z0-9-]+(?:\.[a-z0-9-]+)*) \\*"/.exec(text))) [, kind, group] = m;
  // A resource alone: deployments.apps "web", (get deployments.apps web).
  if (!kind && (m = /(?:^|[\s:(])([a-z]+s)\.([a-z0-9-]+(?:\.[a-z0-9-]+)*) (?:\\*"|[a-z0-9])/.exec(text))) return { kind: null, group: m[2], version: null, plural: m[1] };
  if (!kind) return null;
  if (group && !version && (m = new RegExp(`${escape(group)}/(v\\d+(?:(?:alpha|beta)\\d+)?)\\b`).exec(text))) version = m[1];
  const lower = kind.toLowerCase();
  const plural = group && new RegExp(`\\b(${escape(lower)}e?s)\\.${escape(group)}\\b`).exec(text)?.[1];
  return { kind, group, version, plural: plural ?? null };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A text cut at the values to vary: `parts` alternates literal text and slot names
 * (n0.. names, s0.. namespaces, K, G, V, P the kind's parts).
 */
function templateOf(text) {
  const { names, namespaces } = objectSlots(text);
  const k = kindSlots(text);
  const slots = new Map();
  // A value that names a namespace somewhere is a namespace (drawn from a short list: signatures group by it).
  namespaces.forEach((v, i) => slots.set(v, `s${i}`));
  names.forEach((v, i) => slots.has(v) || slots.set(v, `n${i}`));
  if (k) {
    if (k.kind) slots.set(k.kind, 'K');
    if (k.group && k.kind) slots.set(k.group, 'G');
    if (k.version && k.group) slots.set(`${k.group}/${k.version}`, 'GV');
    if (k.plural && k.group) slots.set(`${k.plural}.${k.group}`, 'PG');
  }
  if (slots.size === 0) return null;
  const values = [...slots.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![A-Za-z0-9_.-])(?:${values.map(escape).join('|')})(?![A-Za-z0-9_-])(?!\\.[a-z0-9])`, 'g');
  // The controller's and logger's names stay: findings are grouped by them.
  const kept = [...text.matchAll(/(?:controller|logger|reconciler group|reconciler kind)\\?"?(?::|=) ?\\?"([^"\\]*)/g)].map((m) => [m.index + m[0].length - m[1].length, m.index + m[0].length]);
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (kept.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
    parts.push(text.slice(last, m.index), slots.get(m[0]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (parts.length === 1) return null;
  const used = new Set(parts.filter((_, i) => i % 2 === 1));
  return { parts, names: names.length, namespaces: namespaces.length, kind: ['K', 'G', 'GV', 'PG'].some((x) => used.has(x)) };
}

/** Values for a template's slots: fresh names and namespaces, and `kindRef` for the kind. */
function fill(t, r, kindRef) {
  const v = {};
  // The first name and namespace are one object's; further ones (its owner, an object it refers
  // to) are the ones that object refers to: an object always names the same others.
  const first = Math.floor(r() * OBJECTS.length);
  for (let i = 0; i < Math.max(t.names, t.namespaces); i++) {
    const o = OBJECTS[(first + i * 7919) % OBJECTS.length];
    if (i < t.names) v[`n${i}`] = o.name;
    if (i < t.namespaces) v[`s${i}`] = o.namespace;
  }
  if (kindRef) {
    v.K = kindRef.kind;
    v.G = kindRef.group;
    v.GV = `${kindRef.group}/${kindRef.version}`;
    v.PG = `${kindRef.plural}.${kindRef.group}`;
  }
  return v;
}

function render(t, v) {
  let s = t.parts[0];
  for (let i = 1; i < t.parts.length; i += 2) s += v[t.parts[i]] + t.parts[i + 1];
  return s;
}

const ids = (matcher, text) =>
  matcher
    .match(exampleEntry(text))
    .map((m) => m.pattern.spec.id)
    .sort()
    .join(',');

/** Formats of example lines, by their first bytes. */
function formatOf(line) {
  if (/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} /.test(line)) return 'klog';
  if (line.startsWith('{"level"')) return 'zap';
  if (/^\d{4}-\d\d-\d\dT[0-9:.]+Z\t[A-Z]+\t/.test(line)) return 'console';
  return null;
}

/**
 * The signature lines of the library in one format, as varied templates: each with the kinds it
 * may take (every kind whose variant matched exactly the signatures the example matches).
 */
export function signatureTemplates(patterns, format) {
  const matcher = new Matcher(patterns);
  const r = rng(99);
  const out = [];
  for (const p of patterns) {
    p.spec.examples.match.forEach((e, index) => {
      const line = typeof e === 'string' ? e : e.line;
      if (formatOf(line) !== format) return;
      const want = ids(matcher, line);
      if (!want.includes(p.spec.id)) return;
      const t = templateOf(line);
      if (!t) {
        out.push({ family: p.spec.family, id: p.spec.id, index, parts: [line], names: 0, namespaces: 0, kind: false, kinds: [null] });
        return;
      }
      const ok = (kindRef) => [0, 1, 2].every(() => ids(matcher, render(t, fill(t, r, kindRef))) === want);
      const kinds = t.kind ? KINDS.filter(ok) : ok(null) ? [null] : [];
      // A template no variant of which matches alike: the example as it is (its objects do not vary).
      if (kinds.length === 0) out.push({ family: p.spec.family, id: p.spec.id, index, parts: [line], names: 0, namespaces: 0, kind: false, kinds: [null] });
      else out.push({ family: p.spec.family, id: p.spec.id, index, ...t, kinds });
    });
  }
  return out;
}

/** The library's nomatch examples in one format (near misses: keywords, other meaning), as templates. */
function nearMissTemplates(patterns, format) {
  const out = [];
  for (const p of patterns)
    for (const e of p.spec.examples.nomatch) {
      const line = typeof e === 'string' ? e : e.line;
      if (formatOf(line) !== format) continue;
      out.push({ ...(templateOf(line) ?? { parts: [line], names: 0, namespaces: 0, kind: false }), kinds: [null] });
    }
  return out;
}

/** Re-timestamps a rendered example line with a routine line's time. */
function stamp(text, format, iso, klogTime) {
  if (format === 'klog') return text.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}/, (_m, l) => l + klogTime);
  if (format === 'zap') return text.replace(/"ts":("[^"]*"|[0-9.e+]+)/, `"ts":"${iso}"`);
  return text.replace(/^\d{4}-\d\d-\d\dT[0-9:.]+Z/, iso);
}

const KLOG_TIME = /^[IWEF](\d{4} \d\d:\d\d:\d\d\.\d{6})/;
const ZAP_TS = /"ts":"([^"]+)"/;

/** zap JSON → zap console (what a development-mode zap logger prints). */
function consoleOf(jsonLine) {
  const o = JSON.parse(jsonLine);
  const { level, ts, msg, logger, ...fields } = o;
  const rest = Object.keys(fields).length ? `\t${JSON.stringify(fields).replace(/":/g, '": ').replace(/,"/g, ', "')}` : '';
  return `${ts}\t${String(level).toUpperCase()}${logger ? `\t${logger}` : ''}\t${msg}${rest}`;
}

/**
 * Lines of one format (klog, zap or console), endless: routine lines with signature lines at
 * `signatureRate` and near misses at `nearMissRate`.
 */
export function* realisticLines(format, patterns, { seed = 1, signatureRate = 0.01, nearMissRate = 0.003, repeatRate = 0.3 } = {}) {
  const r = rng(seed * 7919 + 13);
  const templates = signatureTemplates(patterns, format);
  const near = nearMissTemplates(patterns, format);
  if (templates.length === 0) throw new Error(`no ${format} signature examples in the library`);
  // Families weighted unevenly (a few dominate), in an order that depends on the seed.
  const families = [...new Set(templates.map((t) => t.family))].sort();
  for (let i = families.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [families[i], families[j]] = [families[j], families[i]];
  }
  const weights = families.map((_, i) => 1 / Math.pow(i + 1, 0.7));
  const total = weights.reduce((a, b) => a + b, 0);
  const byFamily = new Map(families.map((f) => [f, templates.filter((t) => t.family === f)]));
  const pickFamily = () => {
    let x = r() * total;
    for (let i = 0; i < families.length; i++) if ((x -= weights[i]) <= 0) return families[i];
    return families[families.length - 1];
  };
  const recent = [];
  let iso = '2025-06-12T08:00:00.000Z';
  let klogTime = '0612 08:00:00.000000';
  const routine = generate(format === 'klog' ? 'klog' : 'zap', Infinity, patterns, { seed, signatureRate: 0 });
  for (const batch of routine) {
    const lines = batch.split('\n');
    lines.pop();
    for (const line of lines) {
      const x = r();
      if (x < signatureRate) {
        let text;
        if (recent.length > 0 && r() < repeatRate) text = pick(r, recent);
        else {
          const t = pick(r, byFamily.get(pickFamily()));
          text = render(t, fill(t, r, pick(r, t.kinds)));
          if (recent.length < 64) recent.push(text);
          else recent[Math.floor(r() * 64)] = text;
        }
        yield stamp(text, format, iso, klogTime);
      } else if (x < signatureRate + nearMissRate && near.length > 0) {
        const t = pick(r, near);
        yield stamp(render(t, fill(t, r, null)), format, iso, klogTime);
      }
      if (format === 'klog') {
        klogTime = KLOG_TIME.exec(line)?.[1] ?? klogTime;
        yield line;
      } else {
        iso = ZAP_TS.exec(line)?.[1] ?? iso;
        yield format === 'console' ? consoleOf(line) : line;
      }
    }
  }
}

/** Pods of the mixed file: name, container, the format they log in. */
const MIXED_PODS = [
  ['memcached-operator-controller-manager-6d4f8b9c7-x2x9q', 'manager', 'zap'],
  ['cert-manager-7c9f8d6b5-qk2vz', 'cert-manager-controller', 'klog'],
  ['argo-rollouts-5b7d9c8f6-hm4tn', 'argo-rollouts', 'console'],
  ['keda-operator-6f8d7c9b4-wz5xr', 'keda-operator', 'console'],
  ['kube-controller-manager-master-0', 'kube-controller-manager', 'klog'],
];

/**
 * A mixed file: blocks of 200–3,000 lines, each one of bare klog, bare zap JSON, zap console,
 * CRI-wrapped lines (containerd, stdout/stderr, all whole), or stern output over the pods (`pod container line`, pods
 * interleaved).
 */
export function* mixedLines(patterns, { seed = 1, signatureRate = 0.01 } = {}) {
  const r = rng(seed * 104729 + 7);
  const sources = { klog: realisticLines('klog', patterns, { seed, signatureRate }), zap: realisticLines('zap', patterns, { seed: seed + 1, signatureRate }), console: realisticLines('console', patterns, { seed: seed + 2, signatureRate }) };
  const next = (f) => {
    // A multi-line example is one text: its lines stay together.
    return sources[f].next().value;
  };
  const nanos = (iso) => iso.replace(/\.(\d+)Z$/, (_m, f) => `.${f.padEnd(9, '0')}Z`).replace(/:(\d\d)Z$/, ':$1.000000000Z');
  let iso = '2025-06-12T08:00:00.000Z';
  for (;;) {
    const style = pick(r, ['klog', 'zap', 'console', 'cri', 'cri', 'stern', 'stern']);
    const n = 200 + Math.floor(r() * 2800);
    const inner = style === 'cri' ? pick(r, ['klog', 'zap']) : style;
    for (let i = 0; i < n; i++) {
      if (style === 'stern') {
        const [pod, container, f] = pick(r, MIXED_PODS);
        for (const l of next(f).split('\n')) yield `${pod} ${container} ${l}`;
        continue;
      }
      const text = next(inner);
      if (style !== 'cri') {
        yield text;
        continue;
      }
      const ts = ZAP_TS.exec(text)?.[1];
      if (ts) iso = ts;
      for (const l of text.split('\n')) yield `${nanos(iso)} ${l.startsWith('E') || l.includes('"level":"error"') ? 'stderr' : 'stdout'} F ${l}`;
    }
  }
}

/** Writes lines from an iterator until `bytes`; resolves with the size written. */
export async function writeLines(path, lines, bytes, { gzip = false } = {}) {
  const file = createWriteStream(path);
  const out = gzip ? createGzip({ level: 6 }) : file;
  if (gzip) out.pipe(file);
  let size = 0;
  let batch = '';
  for (const line of lines) {
    batch += line + '\n';
    if (batch.length >= 1 << 16) {
      const n = Buffer.byteLength(batch);
      size += n;
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
      if (size >= bytes) break;
    }
  }
  if (batch && size < bytes) {
    size += Buffer.byteLength(batch);
    out.write(batch);
  }
  out.end();
  await once(file, 'finish');
  return size;
}

/** Writes a realistic log of `format` (klog, zap, console or mixed); resolves with its size. */
export function writeRealisticLog(path, format, bytes, patterns, { seed = 1, gzip = false, signatureRate } = {}) {
  const opts = { seed, ...(signatureRate !== undefined ? { signatureRate } : {}) };
  const lines = format === 'mixed' ? mixedLines(patterns, opts) : realisticLines(format, patterns, opts);
  return writeLines(path, lines, bytes, { gzip });
}

function collect(lines, bytes) {
  const parts = [];
  let size = 0;
  for (const l of lines) {
    parts.push(l);
    size += l.length + 1;
    if (size >= bytes) break;
  }
  return Buffer.from(parts.join('\n') + '\n');
}

const SAMPLE_MUST_GATHER = fileURLToPath(new URL('../samples/bundles/must-gather/', import.meta.url));

/**
 * A must-gather-shaped .tar.gz of about `bytes` bytes of logs (uncompressed): the sample bundle's
 * resources (CRDs, nodes, events, pod manifests) plus namespaces of controller pods, each with
 * current.log and previous.log in the layout `oc adm must-gather` writes. Resolves with the
 * uncompressed size of its logs.
 */
export async function writeMustGather(path, bytes, patterns, { seed = 1 } = {}) {
  const { default: tarStream } = await import('tar-stream');
  const r = rng(seed * 31 + 5);
  const top = 'must-gather.local.5218364982736149812/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-3c2a7f0e8d1b4a5c6e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f';
  const pack = tarStream.pack();
  const file = createWriteStream(path);
  pack.pipe(createGzip({ level: 6 })).pipe(file);
  const mtime = new Date('2025-06-12T10:05:00Z');
  const put = (name, data) =>
    new Promise((resolve, reject) => pack.entry({ name, size: data.length, mtime, mode: 0o644 }, data, (err) => (err ? reject(err) : resolve())));
  for (const [name, data] of treeFiles(SAMPLE_MUST_GATHER)) await put(`must-gather.local.5218364982736149812/${name}`, data);
  const pods = [
    ['openshift-kube-controller-manager', 'kube-controller-manager-master-1', 'kube-controller-manager', 'klog', 0.3],
    ['openshift-kube-controller-manager', 'kube-controller-manager-master-2', 'kube-controller-manager', 'klog', 0.15],
    ['memcached-operator-system', 'memcached-operator-controller-manager-6d4f8b9c7-x2x9q', 'manager', 'zap', 0.2],
    ['cert-manager', 'cert-manager-7c9f8d6b5-qk2vz', 'cert-manager-controller', 'klog', 0.1],
    ['argo-rollouts', 'argo-rollouts-5b7d9c8f6-hm4tn', 'argo-rollouts', 'console', 0.1],
    ['keda', 'keda-operator-6f8d7c9b4-wz5xr', 'keda-operator', 'zap', 0.1],
    ['openshift-operators', 'stern-capture', 'capture', 'mixed', 0.05],
  ];
  let total = 0;
  let i = 0;
  for (const [ns, pod, container, format, share] of pods) {
    i++;
    const s = seed * 100 + i;
    for (const [log, part] of [['current.log', 0.8], ['previous.log', 0.2]]) {
      const lines = format === 'mixed' ? mixedLines(patterns, { seed: s }) : realisticLines(format, patterns, { seed: s + (log === 'previous.log' ? 50 : 0) });
      const data = collect(lines, Math.max(4096, Math.floor(bytes * share * part)));
      total += data.length;
      await put(`${top}/namespaces/${ns}/pods/${pod}/${container}/${container}/logs/${log}`, data);
    }
    await put(`${top}/namespaces/${ns}/pods/${pod}/${pod}.yaml`, Buffer.from(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\nspec:\n  containers:\n  - name: ${container}\n    image: example.com/${container}:v1.${Math.floor(r() * 20)}.0\n`));
  }
  pack.finalize();
  await once(file, 'finish');
  return total;
}
