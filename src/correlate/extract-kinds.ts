/**
 * Finds every textual form in which a kind, resource or group/version appears in a log line
 * (signatures.md, "Kind extraction", forms A–K) and in structured fields. Each regex is anchored
 * on literal text and uses only negated or disjoint classes, so none can backtrack badly; they
 * run only on lines that matched a signature.
 */

import type { KindRef } from '../model/finding.js';
import { NOT_KINDS, splitApiVersion } from './gvk.js';
import { KindRegistry } from './registry.js';

/** `anchor`: a literal every match contains, checked first so that most regexes never run. */
type Extractor = { anchor: string; re: RegExp; build: (m: RegExpExecArray) => KindRef | null };

const ref = (group: string | null, version: string | null, kind: string | null, resource: string | null): KindRef => ({
  group,
  version,
  kind,
  resource,
});

const EXTRACTORS: Extractor[] = [
  // A. <apiVersion>/<Kind>: ownerReference coordinates in GC lines (`autoscaling.aibrix.ai/v1alpha1/PodAutoScaler`).
  {
    anchor: '/', re: /(?:^|[\s"'[(])((?:[a-z0-9][a-z0-9.-]*\/)?v\d+(?:(?:alpha|beta)\d+)?)\/([A-Z][A-Za-z0-9]*)(?=[.,\s"'\]]|$)/g,
    build: (m) => {
      const gv = splitApiVersion(m[1]!);
      return ref(gv.group, gv.version, m[2]!, null);
    },
  },
  // D. GroupVersionKind.String(): `apps/v1, Kind=Deployment`, core `/v1, Kind=Pod`.
  { anchor: ', Kind=', re: /([a-z0-9.-]*)\/(v\d[a-z0-9]*), Kind=([A-Za-z0-9]+)/g, build: (m) => ref(m[1]!, m[2]!, m[3]!, null) },
  // D, Go syntax: schema.GroupVersionKind{Group:"apps", Version:"v1", Kind:"Deployment"}.
  { anchor: 'Group:"', re: /Group:"([^"]*)", Version:"([^"]*)", Kind:"([^"]*)"/g, build: (m) => ref(m[1]!, m[2]! || null, m[3]! || null, null) },
  // C. %#v of OwnerReference / ObjectReference: fields in any order inside the braces.
  {
    anchor: 'Reference{', re: /(?:OwnerReference|ObjectReference)\{([^{}]*)\}/g,
    build: (m) => {
      const body = m[1]!;
      const kind = /Kind:"([^"]*)"/.exec(body)?.[1];
      if (!kind) return null;
      const apiVersion = /APIVersion:"([^"]*)"/.exec(body)?.[1];
      const gv = apiVersion ? splitApiVersion(apiVersion) : null;
      return ref(gv?.group ?? null, gv?.version ?? null, kind, null);
    },
  },
  // E. GroupVersionResource.String(): `metrics.k8s.io/v1beta1, Resource=pods`; a wildcard version
  // (`/*, Resource=nodes`, from a ValidatingAdmissionPolicy's match rules) names no version.
  {
    anchor: ', Resource=', re: /([a-z0-9.-]*)\/(v\d[a-z0-9]*|\*), Resource=([a-z0-9-]+)/g,
    build: (m) => ref(m[1]!, m[2] === '*' ? null : m[2]!, null, m[3]!),
  },
  // I. RBAC: resource "pods/log" in API group "".
  { anchor: 'in API group', re: /resource "([a-z0-9-]+)(?:\/[a-z0-9-]+)?" in API group "([a-z0-9.-]*)"/g, build: (m) => ref(m[2]!, null, null, m[1]!) },
  // I. RBAC before 1.14, and OpenShift 3: `cannot list pods in the namespace "x"`, `cannot update
  // tfjobs/finalizers.kubeflow.org in project "x"`, `cannot list elasticsearches.logging.openshift.io at the cluster scope`.
  {
    anchor: 'cannot ', re: /\bcannot (?:get|list|watch|create|update|patch|delete|deletecollection) ([a-z][a-z0-9-]*)(?:\/[a-z0-9-]+)?(?:\.([a-z0-9-]+(?:\.[a-z0-9-]+)+))? (?:in the namespace|in project|at the cluster scope)/g,
    build: (m) => ref(m[2] ?? '', null, null, m[1]!),
  },
  // F. <resource>.<group> "<name>" in API status messages.
  { anchor: 'Operation cannot be fulfilled on', re: /Operation cannot be fulfilled on ([a-z0-9-]+)(?:\.([a-z0-9.-]+))? "/g, build: (m) => ref(m[2] ?? '', null, null, m[1]!) },
  // (`X "name" not found` is left out on purpose: listers name the singular there, `service "x" not
  // found`, so it cannot tell a plural resource from a misused singular.)
  {
    anchor: '" is forbidden', re: /(?:^|[\s:])([a-z0-9-]+)(?:\.([a-z0-9.-]+))? "[^"]*" is forbidden/g,
    build: (m) => ref(m[2] ?? '', null, null, m[1]!),
  },
  { anchor: ' is forbidden: ', re: /(?:^|[\s:])([a-z0-9-]+)(?:\.([a-z0-9.-]+))? is forbidden: /g, build: (m) => ref(m[2] ?? '', null, null, m[1]!) },
  // F. Generic-response suffix: `(get pods.metrics.k8s.io)`.
  {
    anchor: '(', re: /\((?:get|list|watch|create|update|patch|delete|deletecollection|post|put) ([a-z0-9-]+)(?:\.([a-z0-9.-]+))?(?: [^)\s]+)?\)/g,
    build: (m) => ref(m[2] ?? '', null, null, m[1]!),
  },
  // G. GroupKind in NewInvalid: `Deployment.apps "web" is invalid`, core `Pod "x" is invalid`.
  { anchor: '" is invalid', re: /(?:^|[\s:])([A-Z][A-Za-z0-9]*)(?:\.([a-z0-9.-]+))? "[^"]*" is invalid/g, build: (m) => ref(m[2] ?? '', null, m[1]!, null) },
  // StatusError messages: `jobsets.jobset.x-k8s.io "x" not found`, `backups.velero.io "b" already exists`
  // (a plural resource in a group with a dot; core resources stay with the forms above).
  {
    anchor: '" ', re: /(?:^|[\s:(])([a-z][a-z0-9-]*s)\.([a-z0-9-]+(?:\.[a-z0-9-]+)+) "[^"\s]*" (not found|already exists|is invalid|is forbidden)/g,
    // Not a lister's lower-case kind that ends in s (`ingress.networking.k8s.io "x" not found`): read below.
    build: (m) => {
      const lister = m[3] === 'not found' ? listerKind(m[2]!, m[1]!) : null;
      return lister !== null && lister.resource !== m[1] ? null : ref(m[2]!, null, null, m[1]!);
    },
  },
  // A generated lister's NotFound names the type by its lower-case kind: `rollout.argoproj.io "x" not
  // found`, `deployment.apps "web" not found`. Taken only for a built-in or well-known kind of that
  // group (a plural resource is read above; a core `pod "x" not found` is too like prose).
  {
    anchor: '" not found', re: /(?:^|[\s:(])([a-z][a-z0-9]*)\.([a-z0-9-]+(?:\.[a-z0-9-]+)*) "[^"\s]*" not found/g,
    build: (m) => listerKind(m[2]!, m[1]!),
  },
  // The Kind a message names just before the resource of its StatusError: `error creating Backup:
  // backups.velero.io "x" already exists` (only when the resource is that Kind's plural).
  {
    anchor: '" ', re: /(?:^|\s)([A-Z][A-Za-z0-9]*): ([a-z][a-z0-9-]*s)\.([a-z0-9-]+(?:\.[a-z0-9-]+)+) "[^"\s]*"/g,
    build: (m) => (guessResource(m[1]!) === m[2]! ? ref(m[3]!, null, m[1]!, m[2]!) : null),
  },
  // Kind.version.group (`AllowedImageRepos.v1beta1.constraints.gatekeeper.sh`, gatekeeper's `gvk:` names).
  {
    anchor: '.v', re: /(?:^|[\s:"'(])([A-Z][A-Za-z0-9]*)\.(v\d+(?:(?:alpha|beta)\d+)?)\.([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=[\s:"',)]|$)/g,
    build: (m) => ref(m[3]!, m[2]!, m[1]!, null),
  },
  // Kind/namespace/name at the start of a line (Flux's and kubectl's object notation: `Ingress/web/api dry-run failed`).
  { anchor: '/', re: /^([A-Z][A-Za-z0-9]*)\/[a-z0-9][a-z0-9.-]{0,252}\/[a-z0-9][a-z0-9.-]{0,252}(?=[\s:,]|$)/g, build: (m) => ref(null, null, m[1]!, null) },
  // GroupKind.String() before an object name: `JobSet.jobset.x-k8s.io "train" not found`, `Rollout.argoproj.io "web"`.
  { anchor: '" ', re: /(?:^|[\s:(])([A-Z][A-Za-z0-9]*)\.([a-z0-9-]+(?:\.[a-z0-9-]+)+) "[^"\s]*"/g, build: (m) => ref(m[2]!, null, m[1]!, null) },
  // A Kind before an object's quoted name in prose (`for Cluster "management-cluster" in namespace`,
  // `Setting lastTransitionTime for Certificate "toolhub"`): only a built-in or well-known kind.
  { anchor: '"', re: /(?:^|[\s(])([A-Z][A-Za-z0-9]{1,62}) "[a-z0-9][a-z0-9.-]{0,252}"/g, build: (m) => proseKind(m[1]!) },
  // H. RESTMapper NoKindMatchError.
  {
    anchor: 'no matches for kind', re: /no matches for kind "([^"]*)" in version "([^"]*)"/g,
    build: (m) => {
      const gv = splitApiVersion(m[2]!);
      return ref(gv.group, gv.version, m[1]!, null);
    },
  },
  { anchor: 'no matches for kind', re: /no matches for kind "([^"]*)" in group "([^"]*)"/g, build: (m) => ref(m[2]!, null, m[1]!, null) },
  // Q. Scheme: no kind "X" is registered for version "g/v".
  {
    anchor: 'is registered for version', re: /no kind "([^"]*)" is registered for version "([^"]*)"/g,
    build: (m) => {
      const gv = splitApiVersion(m[2]!);
      return ref(gv.group, gv.version, m[1]!, null);
    },
  },
  // K. controller-runtime sources: `kind source: *v1alpha1.PodAutoscaler`.
  { anchor: 'kind source: *', re: /kind source: \*([a-z0-9_]+)\.([A-Za-z0-9_]+)/g, build: (m) => goType(m[1]!, m[2]!) },
  // J. Go type names: `*v1.Pod` (the package name is usually the version; the group is absent).
  { anchor: '*v', re: /\*(v\d+(?:(?:alpha|beta)\d+)?)\.([A-Z][A-Za-z0-9]*)/g, build: (m) => goType(m[1]!, m[2]!) },
  // The same before 1.0, when reflectors listed the internal types: `Failed to list *api.Pod`.
  { anchor: '*api.', re: /\*api\.([A-Z][A-Za-z0-9]*)(?=[:\s,)]|$)/g, build: (m) => goType('api', m[1]!) },
];

/** The built-in and well-known kinds (the catalog), as a registry: made on first use. */
let wellKnown: KindRegistry | null = null;
const wellKnownKinds = (): KindRegistry => (wellKnown ??= KindRegistry.withBuiltins().withCatalog());

/** A lister's lower-case kind of `group`, when a built-in or well-known kind of that group is named so. */
function listerKind(group: string, lowerKind: string): KindRef | null {
  const k = wellKnownKinds()
    .findIgnoringCase(lowerKind)
    .find((r) => r.group === group);
  return k ? ref(group, null, k.kind, k.plural) : null;
}

/** A kind a message names in prose: one the built-ins or the catalog know, with its group when only one group has it. */
function proseKind(kind: string): KindRef | null {
  const regs = wellKnownKinds().findKind(kind);
  if (regs.length === 0) return null;
  return ref(regs.every((r) => r.group === regs[0]!.group) ? regs[0]!.group : null, null, kind, null);
}

/** The kind `kubectl get events` wrote in lower case, when one built-in or well-known kind (or one group's) is named so. */
function eventObjectKind(lowerKind: string): KindRef | null {
  const regs = wellKnownKinds().findIgnoringCase(lowerKind);
  if (regs.length === 0 || !regs.every((r) => r.kind === regs[0]!.kind)) return null;
  const oneGroup = regs.every((r) => r.group === regs[0]!.group);
  return ref(oneGroup ? regs[0]!.group : null, null, regs[0]!.kind, oneGroup ? regs[0]!.plural : null);
}

function goType(pkg: string, type: string): KindRef | null {
  if (NOT_KINDS.has(type)) return null;
  const version = /^v\d+(?:(?:alpha|beta)\d+)?$/.test(pkg) ? pkg : null;
  return ref(null, version, type, null);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** Kinds named by structured fields: gvk, kind (+ apiVersion), object. */
function fromFields(f: Record<string, unknown>): KindRef[] {
  const out: KindRef[] = [];
  const gvk = f['gvk'];
  if (typeof gvk === 'string') out.push(...extractFromText(gvk));
  else if (gvk && typeof gvk === 'object') {
    const g = gvk as Record<string, unknown>;
    const kind = str(g['Kind']) ?? str(g['kind']);
    if (kind) out.push(ref(str(g['Group']) ?? str(g['group']) ?? '', str(g['Version']) ?? str(g['version']), kind, null));
  }
  // A work-queue key that encodes the kind (gatekeeper's `gvk:Kind.version.group:name`).
  for (const key of ['name', 'key', 'object']) {
    const v = f[key];
    if (typeof v === 'string' && v.length <= 512 && v.includes('.v')) out.push(...extractFromText(v));
  }
  // An event row's object (parse/formats/get-events.ts): `kubectl events` spells the kind as the API
  // does, `kubectl get events` in lower case, which only a known kind can be told from.
  const objectKind = str(f['objectKind']);
  if (objectKind) {
    const k = /^[A-Z]/.test(objectKind) ? (proseKind(objectKind) ?? ref(null, null, objectKind, null)) : eventObjectKind(objectKind);
    if (k) out.push(k);
  }
  const kind = str(f['kind']);
  if (kind && /^[A-Z][A-Za-z0-9]*(?:\.[a-z0-9.-]+)?$/.test(kind)) {
    const apiVersion = str(f['apiVersion']);
    const dot = kind.indexOf('.');
    if (apiVersion) {
      const gv = splitApiVersion(apiVersion);
      out.push(ref(gv.group, gv.version, dot === -1 ? kind : kind.slice(0, dot), null));
    } else {
      out.push(ref(dot === -1 ? null : kind.slice(dot + 1), null, dot === -1 ? kind : kind.slice(0, dot), null));
    }
  }
  return out;
}

/**
 * Results for recent texts: a controller repeats the same error line for hours, and matched
 * lines come here one by one. The refs are never changed by callers (mergeKinds makes new ones).
 */
const recent = new Map<string, readonly KindRef[]>();
const RECENT_TEXTS = 512;
const RECENT_LENGTH = 2048;

export function extractFromText(text: string): KindRef[] {
  const known = recent.get(text);
  if (known) return [...known];
  const out = scanText(text);
  if (text.length <= RECENT_LENGTH) {
    if (recent.size >= RECENT_TEXTS) recent.clear();
    recent.set(text, out.slice());
  }
  return out;
}

function scanText(text: string): KindRef[] {
  const out: KindRef[] = [];
  for (const { anchor, re, build } of EXTRACTORS) {
    if (!text.includes(anchor)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const k = build(m);
      if (k) out.push(k);
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return out;
}

/** Every kind named by a line's text and fields, merged so that each appears once. */
export function extractKinds(text: string, fields: Record<string, unknown>): KindRef[] {
  return mergeKinds([...extractFromText(text), ...fromFields(fields)]);
}

function agree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

/** Whether two refs can name the same kind (no part conflicts, and they share a kind or resource). */
export function compatible(a: KindRef, b: KindRef): boolean {
  const sameName = (a.kind !== null && a.kind === b.kind) || (a.resource !== null && a.resource === b.resource);
  return sameName && agree(a.group, b.group) && agree(a.version, b.version) && agree(a.kind, b.kind) && agree(a.resource, b.resource);
}

function union(a: KindRef, b: KindRef): KindRef {
  return { group: a.group ?? b.group, version: a.version ?? b.version, kind: a.kind ?? b.kind, resource: a.resource ?? b.resource };
}

/**
 * The resource name Kubernetes derives from a kind when nothing else says it (apimachinery's
 * UnsafeGuessKindToResource): lower case, `-s` → `-ses`, `-y` → `-ies`, else `+s`.
 */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * Whether a ref that names only a kind and one that names only a resource are the same kind: a
 * reflector's Go type and the resource of its error, `*v1alpha2.ClusterIssuer` … `clusterissuers.cert-manager.io`.
 */
function sameKindAndResource(a: KindRef, b: KindRef): boolean {
  const [k, r] = a.kind !== null && a.resource === null ? [a, b] : [b, a];
  return k.kind !== null && k.resource === null && r.kind === null && r.resource !== null && guessResource(k.kind) === r.resource && agree(k.group, r.group) && agree(k.version, r.version);
}

/** Merges refs that name the same kind (compatible parts, or a kind and its resource), keeping the first-seen order. */
export function mergeKinds(kinds: KindRef[]): KindRef[] {
  const out: KindRef[] = [];
  for (const k of kinds) {
    const i = out.findIndex((o) => compatible(o, k));
    if (i === -1) out.push(k);
    else out[i] = union(out[i]!, k);
  }
  // A kind-only ref and a resource-only ref for the same kind become one (the earlier keeps its place).
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      if (!sameKindAndResource(out[i]!, out[j]!)) continue;
      out[i] = union(out[i]!, out[j]!);
      out.splice(j, 1);
      j--;
    }
  }
  return out;
}
