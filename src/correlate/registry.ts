/**
 * The kind registry: which kinds exist in the user's cluster. Built-in kinds are always there;
 * CRD manifests (`--crds`, or found beside the logs) add the cluster's custom kinds.
 */

import { RegistryError } from '../errors.js';
import { ManifestSyntaxError, forEachManifestValue } from './manifest-docs.js';
import { BUILTIN_KINDS, REMOVED_VERSIONS, type RemovedVersion } from './builtin-kinds.js';
import { isDnsSubdomain, isKind, isResource, isVersion } from '../model/grammar.js';
import { catalogCrdKinds, catalogRemovedVersion, type CatalogOrigin } from './catalog.js';
import type { RejectedKinds } from '../model/finding.js';

export interface ServedVersion {
  name: string;
  served: boolean;
  storage: boolean;
}

export interface RegisteredKind {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  versions: ServedVersion[];
  /**
   * False when the source lists only some versions (`kubectl api-resources` shows the preferred
   * one), so a version missing from `versions` may still be served.
   */
  versionsComplete: boolean;
  /** For CRDs: whether the Established condition is True (null when the manifest has no status). */
  established: boolean | null;
  /**
   * Where the registry learnt of the kind: "built-in", the file it came from, "catalog" (the
   * bundled catalog of well-known kinds, see `catalog`) or "log" (named so by the logs themselves).
   */
  source: string;
  /** For catalog kinds: the project that ships the CRD and where the entry was read. */
  catalog?: CatalogOrigin;
  /** For kinds named by the logs: the finding that names it, and its plural is only a guess. */
  log?: { finding: string; evidence: string | null; pluralKnown: boolean };
}

/**
 * Why a kind's names cannot be used (they end up in commands), or null when all match their
 * grammars: group a DNS subdomain ("" for core), kind `[A-Za-z][A-Za-z0-9]*`, plural, singular and
 * short names DNS-1123 labels, versions DNS-1035 labels.
 */
export function invalidNames(k: Pick<RegisteredKind, 'group' | 'kind' | 'plural' | 'singular' | 'shortNames' | 'versions'>): string | null {
  const bad = (what: string, v: string, grammar: string) =>
    `${what} ${JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v)} is not a valid ${grammar}`;
  if (k.group !== '' && !isDnsSubdomain(k.group)) return bad('group', k.group, 'API group (DNS subdomain)');
  if (!isKind(k.kind)) return bad('kind', k.kind, 'kind ([A-Za-z][A-Za-z0-9]*)');
  if (!isResource(k.plural)) return bad('plural', k.plural, 'resource name (DNS-1123 label)');
  if (!isResource(k.singular)) return bad('singular', k.singular, 'resource name (DNS-1123 label)');
  for (const s of k.shortNames) if (!isResource(s)) return bad('short name', s, 'resource name (DNS-1123 label)');
  for (const v of k.versions) if (!isVersion(v.name)) return bad('version', v.name, 'version (DNS-1035 label)');
  return null;
}

/** Registered kinds refused for invalid names, as a report states them (null when none were). */
export function rejectedKinds(registry: KindRegistry): RejectedKinds | null {
  return registry.rejectedCount > 0 ? { count: registry.rejectedCount, kinds: [...registry.rejected] } : null;
}

export class KindRegistry {
  /** Kinds refused by add() because a name is invalid (see invalidNames), with the reason: the first 100. */
  readonly rejected: { source: string; reason: string }[] = [];
  /** How many kinds add() refused, all of them. */
  rejectedCount = 0;
  private readonly byGroupKind = new Map<string, RegisteredKind>();
  private readonly byLowerKind = new Map<string, RegisteredKind[]>();
  /** Number of kinds that came from the user's sources (CRDs, api-resources), not the built-in table. */
  customCount = 0;
  /** Lookups by group and plural, and the groups known: built when first needed, dropped by add(). */
  private byResource: Map<string, RegisteredKind> | null = null;
  private groups: Set<string> | null = null;
  /** Every kind, and the kinds of each group, in registration order: built when first needed, dropped by add(). */
  private allKinds: readonly RegisteredKind[] | null = null;
  private byGroup: Map<string, RegisteredKind[]> | null = null;
  /** Groups of the kinds that came from the user's sources: the catalog never speaks for them. */
  private readonly customGroups = new Set<string>();
  /** This registry plus the catalog's kinds (see withCatalog), made on first use. */
  private catalogView: KindRegistry | null = null;

  static withBuiltins(): KindRegistry {
    const r = new KindRegistry();
    for (const b of BUILTIN_KINDS) {
      r.add(
        {
          group: b.group,
          kind: b.kind,
          plural: b.plural,
          singular: b.kind.toLowerCase(),
          shortNames: b.shortNames ?? [],
          namespaced: b.namespaced,
          versions: b.versions.map((v, i) => ({ name: v, served: true, storage: i === 0 })),
          versionsComplete: true,
          established: true,
          source: 'built-in',
        },
        false,
      );
    }
    return r;
  }

  /** A copy of this registry with `kinds` added (this one is left as it is). */
  withKinds(kinds: readonly RegisteredKind[]): KindRegistry {
    const r = new KindRegistry();
    for (const k of this.byGroupKind.values()) r.add(k, false);
    r.customCount = this.customCount;
    for (const g of this.customGroups) r.customGroups.add(g);
    r.rejected.push(...this.rejected);
    r.rejectedCount = this.rejectedCount;
    for (const k of kinds) r.add(k);
    return r;
  }

  /** Adds a kind; `checked` skips the name check for kinds already checked (built-ins, the catalog: test/correlate/catalog.test.ts). */
  add(k: RegisteredKind, custom = true, checked = false): void {
    const invalid = checked ? null : invalidNames(k);
    if (invalid !== null) {
      this.rejectedCount++;
      if (this.rejected.length < 100) this.rejected.push({ source: k.source, reason: invalid });
      return;
    }
    const key = `${k.group}\u0000${k.kind}`;
    if (this.byGroupKind.has(key)) {
      const list = this.byLowerKind.get(k.kind.toLowerCase())!;
      list.splice(list.indexOf(this.byGroupKind.get(key)!), 1);
    }
    if (custom) {
      this.customCount++;
      this.customGroups.add(k.group);
    }
    this.catalogView = null;
    this.byResource = null;
    this.groups = null;
    this.allKinds = null;
    this.byGroup = null;
    this.byGroupKind.set(key, k);
    const lower = k.kind.toLowerCase();
    const list = this.byLowerKind.get(lower) ?? [];
    list.push(k);
    this.byLowerKind.set(lower, list);
  }

  find(group: string, kind: string): RegisteredKind | undefined {
    return this.byGroupKind.get(`${group}\u0000${kind}`);
  }

  /** Kinds named exactly `kind`, in any group. */
  findKind(kind: string): RegisteredKind[] {
    return this.findIgnoringCase(kind).filter((k) => k.kind === kind);
  }

  /** Kinds whose name equals `kind` when letter case is ignored, in any group. */
  findIgnoringCase(kind: string): RegisteredKind[] {
    return this.byLowerKind.get(kind.toLowerCase()) ?? [];
  }

  /** The kind served under a plural resource name in a group. */
  findByResource(group: string, resource: string): RegisteredKind | undefined {
    if (!this.byResource) {
      // The first kind registered under the name wins, as a scan in registration order would find it.
      this.byResource = new Map();
      for (const k of this.byGroupKind.values()) {
        const key = `${k.group}\u0000${k.plural}`;
        if (!this.byResource.has(key)) this.byResource.set(key, k);
      }
    }
    return this.byResource.get(`${group}\u0000${resource}`);
  }

  /** Whether any kind of this group is registered (so the registry can speak for the group). */
  knowsGroup(group: string): boolean {
    this.groups ??= new Set([...this.byGroupKind.values()].map((k) => k.group));
    return this.groups.has(group);
  }

  removedVersion(group: string, version: string, kind: string): RemovedVersion | undefined {
    const known = REMOVED_VERSIONS.find((r) => r.group === group && r.version === version && r.kind === kind);
    if (known) return known;
    // The catalog's release data: in the catalog view only (see withCatalog), and unless the user's
    // own sources serve that version (cluster facts win).
    if (this.catalogView !== this) return undefined;
    if (this.find(group, kind)?.versions.some((v) => v.name === version && v.served)) return undefined;
    return catalogRemovedVersion(group, version, kind);
  }

  /**
   * This registry plus the catalog's well-known CRD kinds of every group that no kind from the
   * user's sources (CRDs, api-resources, bundle manifests) belongs to: cluster facts win, the
   * catalog fills in what nothing better describes. Made once, until a kind is added.
   */
  withCatalog(): KindRegistry {
    if (this.catalogView) return this.catalogView;
    const r = new KindRegistry();
    for (const k of this.byGroupKind.values()) r.add(k, false, true);
    r.customCount = this.customCount;
    for (const g of this.customGroups) r.customGroups.add(g);
    for (const k of catalogCrdKinds()) if (!this.customGroups.has(k.group) && !this.byGroupKind.has(`${k.group}\u0000${k.kind}`)) r.add(k, false, true);
    r.catalogView = r;
    return (this.catalogView = r);
  }

  /** Whether a kind from the user's own sources (not built-in, not the catalog) belongs to the group. */
  userKnowsGroup(group: string): boolean {
    return this.customGroups.has(group);
  }

  /** Every kind, in registration order (one list, kept until a kind is added: do not change it). */
  all(): readonly RegisteredKind[] {
    return (this.allKinds ??= [...this.byGroupKind.values()]);
  }

  /**
   * The kinds of one group, in registration order (as all() filtered by group): near-miss rules
   * look at one group's kinds for each distinct kind the logs name, not at every kind.
   */
  inGroup(group: string): readonly RegisteredKind[] {
    if (!this.byGroup) {
      this.byGroup = new Map();
      for (const k of this.byGroupKind.values()) {
        const list = this.byGroup.get(k.group);
        if (list) list.push(k);
        else this.byGroup.set(k.group, [k]);
      }
    }
    return this.byGroup.get(group) ?? [];
  }
}

/** Lists inside Lists looked into (kubectl writes one level; deeper is not a manifest). */
const MAX_LIST_DEPTH = 4;

/**
 * Reads CustomResourceDefinitions from a manifest object (a CRD, a List of them, or anything else);
 * throws (without the file name) on a CRD whose names are invalid (see invalidNames).
 */
export function crdsFromObject(obj: unknown, source: string, depth = 0): RegisteredKind[] {
  if (!obj || typeof obj !== 'object') return [];
  const o = obj as Record<string, unknown>;
  if (Array.isArray(o['items'])) return depth >= MAX_LIST_DEPTH ? [] : o['items'].flatMap((it) => crdsFromObject(it, source, depth + 1));
  if (o['kind'] !== 'CustomResourceDefinition') return [];
  const spec = (o['spec'] ?? {}) as Record<string, unknown>;
  const names = (spec['names'] ?? {}) as Record<string, unknown>;
  const group = typeof spec['group'] === 'string' ? spec['group'] : null;
  const kind = typeof names['kind'] === 'string' ? names['kind'] : null;
  if (!group || !kind) return [];
  const plural = typeof names['plural'] === 'string' ? names['plural'] : kind.toLowerCase() + 's';
  const versions: ServedVersion[] = Array.isArray(spec['versions'])
    ? (spec['versions'] as Record<string, unknown>[])
        .filter((v) => typeof v?.['name'] === 'string')
        .map((v) => ({ name: v['name'] as string, served: v['served'] !== false, storage: v['storage'] === true }))
    : typeof spec['version'] === 'string'
      ? [{ name: spec['version'], served: true, storage: true }]
      : [];
  const names_ = {
    group,
    kind,
    plural,
    singular: typeof names['singular'] === 'string' ? names['singular'] : kind.toLowerCase(),
    shortNames: Array.isArray(names['shortNames']) ? names['shortNames'].filter((s): s is string => typeof s === 'string') : [],
    versions,
  };
  const invalid = invalidNames(names_);
  // Plain Error: crdsFromText names the file; the bundle reader prefixes its own label.
  if (invalid !== null) throw new ManifestSyntaxError(`CustomResourceDefinition ${invalid}`);
  const status = (o['status'] ?? null) as Record<string, unknown> | null;
  let established: boolean | null = null;
  if (status && Array.isArray(status['conditions'])) {
    const cond = (status['conditions'] as Record<string, unknown>[]).find((c) => c?.['type'] === 'Established');
    established = cond ? cond['status'] === 'True' : false;
  }
  return [
    {
      ...names_,
      namespaced: spec['scope'] !== 'Cluster',
      versionsComplete: true,
      established,
      source,
    },
  ];
}

/**
 * Reads `kubectl api-resources [-o wide]` output: columns NAME SHORTNAMES APIVERSION NAMESPACED KIND
 * [VERBS CATEGORIES], aligned by tabwriter, so each row is cut at the header's column positions.
 */
export function kindsFromApiResources(text: string, source: string): RegisteredKind[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /^NAME\s+/.test(l) && /\bKIND\b/.test(l));
  if (headerAt === -1) throw new RegistryError(source, 'not kubectl api-resources output (no NAME … KIND header line)');
  const header = lines[headerAt]!;
  const cols = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index }));
  const cell = (row: string, name: string): string => {
    const i = cols.findIndex((c) => c.name === name);
    if (i === -1) return '';
    const end = i + 1 < cols.length ? cols[i + 1]!.start : row.length;
    return row.slice(cols[i]!.start, end).trim();
  };
  const out: RegisteredKind[] = [];
  for (const row of lines.slice(headerAt + 1)) {
    if (row.trim() === '') continue;
    const kind = cell(row, 'KIND');
    const plural = cell(row, 'NAME');
    const apiVersion = cell(row, 'APIVERSION') || cell(row, 'APIGROUP');
    if (!kind || !plural) throw new RegistryError(source, `cannot read row: ${row.trim().slice(0, 80)}`);
    const slash = apiVersion.lastIndexOf('/');
    const group = slash === -1 ? (cols.some((c) => c.name === 'APIGROUP') ? apiVersion : '') : apiVersion.slice(0, slash);
    const version = slash === -1 ? (cols.some((c) => c.name === 'APIGROUP') ? '' : apiVersion) : apiVersion.slice(slash + 1);
    const short = cell(row, 'SHORTNAMES');
    const names = {
      group,
      kind,
      plural,
      singular: kind.toLowerCase(),
      shortNames: short ? short.split(',') : [],
      versions: version ? [{ name: version, served: true, storage: false }] : [],
    };
    const invalid = invalidNames(names);
    if (invalid !== null) throw new RegistryError(source, `row ${JSON.stringify(row.trim().slice(0, 80))}: ${invalid}`);
    out.push({
      ...names,
      namespaced: cell(row, 'NAMESPACED') !== 'false',
      versionsComplete: false,
      established: null,
      source,
    });
  }
  return out;
}

/** Parses a YAML (multi-document) or JSON manifest file's text into CRDs. */
export function crdsFromText(text: string, source: string): RegisteredKind[] {
  const out: RegisteredKind[] = [];
  try {
    forEachManifestValue(text, (value) => out.push(...crdsFromObject(value, source)));
  } catch (err) {
    if (err instanceof ManifestSyntaxError) throw new RegistryError(source, err.message);
    throw err;
  }
  return out;
}
