/**
 * Turning captures and structured fields into kinds and objects. Pattern authors name captures
 * after what they hold (`apiVersion`, `group`, `version`, `kind`, `resource`, `groupResource`,
 * `groupKind`, `goType`, `namespace`, `name`, `object`); this module normalises every such form
 * (signatures.md, "Kind extraction") to a KindRef with the core group as "".
 */

import type { KindRef, ObjectRef } from '../model/finding.js';
import { BUILTIN_KINDS } from './builtin-kinds.js';
import { flat } from './strings.js';

/** Go types that carry objects of any kind (dynamic clients, metadata-only informers) or are no object at all: never a kind. */
export const NOT_KINDS: ReadonlySet<string> = new Set(['PartialObjectMetadata', 'PartialObjectMetadataList', 'Unstructured', 'UnstructuredList', 'Status', 'StatusError', 'Time', 'Duration']);

/** A kind's identity as one string (flat: correlation keeps one per distinct kind). */
export function kindKey(k: KindRef): string {
  return flat(`${k.group ?? '?'}/${k.version ?? '?'}/${k.kind ?? '?'}/${k.resource ?? '?'}`);
}

/** `autoscaling.aibrix.ai/v1alpha1` → group + version; `v1` → core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `deployments.apps` → resource + group (the first dot splits); `pods/status` → pods. */
export function splitGroupResource(gr: string): { resource: string; group: string } {
  const dot = gr.indexOf('.');
  const res = dot === -1 ? gr : gr.slice(0, dot);
  return { resource: res.split('/')[0]!, group: dot === -1 ? '' : gr.slice(dot + 1) };
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined ? null : v;
}

/** The kind a match's captures name, or null when they name none. */
export function kindFromCaptures(c: Record<string, string>): KindRef | null {
  let group: string | null = nonEmpty(c['group']);
  let version: string | null = nonEmpty(c['version']);
  let kind: string | null = nonEmpty(c['kind']);
  let resource: string | null = nonEmpty(c['resource']);
  if (c['apiVersion'] !== undefined) {
    const gv = splitApiVersion(c['apiVersion']);
    group ??= gv.group;
    version ??= gv.version;
  }
  if (c['groupResource'] !== undefined) {
    const gr = splitGroupResource(c['groupResource']);
    resource ??= gr.resource;
    group ??= gr.group;
  }
  if (c['groupKind'] !== undefined) {
    const dot = c['groupKind'].indexOf('.');
    kind ??= dot === -1 ? c['groupKind'] : c['groupKind'].slice(0, dot);
    group ??= dot === -1 ? '' : c['groupKind'].slice(dot + 1);
  }
  if (c['goType'] !== undefined) {
    // `*v1alpha1.PodAutoscaler`: the package name is usually the version; the group is absent.
    const m = /^\*?([a-z][a-z0-9_]*)\.([A-Z][A-Za-z0-9_]*)$/.exec(c['goType']);
    if (m && !NOT_KINDS.has(m[2]!)) {
      kind ??= m[2]!;
      if (/^v\d+(?:(?:alpha|beta)\d+)?$/.test(m[1]!)) version ??= m[1]!;
    }
  }
  if (resource !== null) resource = resource.split('/')[0]!;
  if (kind === null && resource === null && c['ref'] !== undefined) return coreKindNamed(c['ref']);
  if (kind === null && resource === null) return null;
  return { group, version, kind, resource };
}

/**
 * A `ref` capture: an object's type as a message writes it — a lister's singular (`secret "x" not
 * found`), the plural, or the Kind. It names a kind only when it is a core kind's name in one of
 * those forms (listers of other groups write `rollout.argoproj.io`, whose Kind's letter case no text says).
 */
function coreKindNamed(word: string): KindRef | null {
  const lower = word.toLowerCase();
  const b = BUILTIN_KINDS.find((k) => k.group === '' && (k.kind.toLowerCase() === lower || k.plural === lower));
  return b ? { group: '', version: null, kind: b.kind, resource: b.plural } : null;
}

/** The kind the controller reconciles, from controller-runtime's structured fields. */
export function kindFromFields(f: Record<string, unknown>): KindRef | null {
  const kind = str(f['controllerKind']) ?? str(f['reconciler kind']) ?? str(f['reconcilerKind']);
  if (!kind) return null;
  const group = str(f['controllerGroup']) ?? str(f['reconciler group']) ?? str(f['reconcilerGroup']);
  return { group: group ?? null, version: null, kind, resource: null };
}

// GC objectReference string: [<apiVersion>/<Kind>, namespace: <ns>, name: <name>, uid: <uid>]
const GC_ITEM = /^\[([^,[\]\s]+), namespace: ([^,]*), name: ([^,]*), uid: ([^\]]*)\]$/;

// klog.KObj of a pod: <namespace>/<name> (DNS-1123 label / subdomain).
const POD_KEY = /^([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9.-]{0,252})$/;

/** The object a match concerns, from captures first, then structured fields. */
export function objectFrom(
  c: Record<string, string>,
  f: Record<string, unknown>,
  kind: string | null,
): ObjectRef | null {
  let namespace: string | null = c['namespace'] ?? null;
  let name: string | null = c['name'] ?? null;
  // An Event's message names objects of the event's own namespace (a controller reports on its
  // children there): an event row or a bundle's event carries a reason and that namespace.
  if (name !== null && namespace === null && typeof f['reason'] === 'string') namespace = str(f['namespace']);
  if (name === null && c['object'] !== undefined) ({ namespace, name } = splitNamespacedName(c['object']));
  if (name === null) {
    const item = str(f['item']);
    const m = item ? GC_ITEM.exec(item) : null;
    if (m) {
      namespace = m[2] || null;
      name = m[3] || null;
    }
  }
  if (name === null) {
    name = str(f['name']);
    namespace = str(f['namespace']);
  }
  if (name === null && kind === 'Pod') {
    // The kubelet's and the scheduler's structured lines name their pod as klog.KObj does:
    // `pod="default/web-0"`. Only for a finding about a Pod: on other findings the field is context.
    const pod = str(f['pod']);
    const m = pod === null ? null : POD_KEY.exec(pod);
    if (m) {
      namespace = m[1]!;
      name = m[2]!;
    }
  }
  if (name === null) {
    // controller-runtime ≥ v0.13 puts {"name","namespace"} under a key named after the kind.
    const byKind = kind ? ownField(f, kind) : undefined;
    if (byKind && typeof byKind === 'object') {
      name = str((byKind as Record<string, unknown>)['name']);
      namespace = str((byKind as Record<string, unknown>)['namespace']);
    }
  }
  if (name === null || name === '') return null;
  return { kind, namespace: namespace === '' ? null : namespace, name };
}

/**
 * A field by name, found among the entry's own fields: a look-up by a name made from each line
 * (a kind per line, hundreds of thousands of them) costs V8 a search of its table of property
 * names every time, and entries have a few fields.
 */
function ownField(f: Record<string, unknown>, name: string): unknown {
  for (const k in f) if (k === name && Object.hasOwn(f, k)) return f[k];
  return undefined;
}

function splitNamespacedName(s: string): { namespace: string | null; name: string } {
  const slash = s.indexOf('/');
  return slash === -1 ? { namespace: null, name: s } : { namespace: s.slice(0, slash), name: s.slice(slash + 1) };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
