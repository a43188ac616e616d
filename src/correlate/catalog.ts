/**
 * The bundled catalog of well-known kinds (catalog/well-known-kinds.json, made by
 * `npm run catalog` from upstream sources, see scripts/build-catalog.mjs): every built-in kind of
 * Kubernetes 1.16 to the newest release with the versions each release served, and the CRD kinds
 * of widely used operators and add-ons. Read from disk the first time a kind needs it, never at
 * start-up; near misses use it only for what the user's own sources (CRDs, api-resources) do not
 * cover, and say so.
 */

import { readFileSync } from 'node:fs';
import type { RegisteredKind } from './registry.js';
import type { RemovedVersion } from './builtin-kinds.js';

interface CatalogVersionRow {
  from?: string;
  until?: string;
  removedIn?: string;
  alpha?: boolean;
  replacement?: string;
}

export interface CatalogBuiltin {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  versions: Record<string, CatalogVersionRow>;
}

interface CatalogCrd {
  project: number;
  group: string;
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  namespaced: boolean;
  versions: { name: string; served: boolean; storage?: boolean }[];
  pastVersions?: string[];
  /** Set on a kind seen only at an older tag (a group or kind the project no longer ships). */
  until?: string;
  source: string;
}

export interface CatalogProject {
  project: string;
  repo: string;
  commit: string;
  history?: { ref: string; commit: string }[];
}

export interface CatalogFile {
  kubernetes: { repo: string; releases: { release: string; ref: string; commit: string }[]; kinds: CatalogBuiltin[] };
  projects: CatalogProject[];
  crds: CatalogCrd[];
}

/** What a catalog kind carries besides its names: where it comes from. */
export interface CatalogOrigin {
  project: string;
  /** `owner/repo@commit:path` of the manifest it was read from. */
  provenance: string;
  /** Groups the project used for this kind in earlier releases (`certmanager.k8s.io`). */
  formerGroups: string[];
  /** Versions earlier releases served that the current CRD no longer has. */
  pastVersions: string[];
}

const CATALOG_URL = new URL('../../catalog/well-known-kinds.json', import.meta.url);

let loaded: CatalogFile | null = null;

/** The catalog file (read and parsed once, on first use). */
export function catalogFile(): CatalogFile {
  return (loaded ??= JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as CatalogFile);
}

let crdKinds: RegisteredKind[] | null = null;

/** The catalog's current CRD kinds as registry entries (source `catalog`), with their origin. */
export function catalogCrdKinds(): RegisteredKind[] {
  if (crdKinds) return crdKinds;
  const file = catalogFile();
  const current = file.crds.filter((c) => c.until === undefined);
  const byProjectKind = new Map<string, RegisteredKind[]>();
  crdKinds = current.map((c) => {
    const p = file.projects[c.project]!;
    const [path, ref] = c.source.split('@') as [string, string | undefined];
    const commit = ref ? (p.history?.find((h) => h.ref === ref)?.commit ?? ref) : p.commit;
    const k: RegisteredKind = {
      group: c.group,
      kind: c.kind,
      plural: c.plural,
      singular: c.singular ?? c.kind.toLowerCase(),
      shortNames: c.shortNames ?? [],
      namespaced: c.namespaced,
      versions: c.versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage === true })),
      versionsComplete: true,
      established: null,
      source: 'catalog',
      catalog: { project: p.project, provenance: `${p.repo}@${commit.slice(0, 12)}:${path}`, formerGroups: [], pastVersions: c.pastVersions ?? [] },
    };
    const key = `${c.project}\u0000${c.kind}`;
    (byProjectKind.get(key) ?? byProjectKind.set(key, []).get(key)!).push(k);
    return k;
  });
  // A kind the project shipped under another group before: that group is a former group of it.
  for (const c of file.crds) {
    if (c.until === undefined) continue;
    for (const k of byProjectKind.get(`${c.project}\u0000${c.kind}`) ?? []) {
      if (k.group !== c.group && !k.catalog!.formerGroups.includes(c.group)) k.catalog!.formerGroups.push(c.group);
    }
  }
  return crdKinds;
}

/** The newest Kubernetes release the catalog knows, and its oldest. */
export function catalogReleases(): { oldest: string; newest: string } {
  const r = catalogFile().kubernetes.releases;
  return { oldest: r[0]!.release, newest: r[r.length - 1]!.release };
}

/**
 * A built-in API version that Kubernetes stopped serving, from the catalog's release data
 * (k8s.io/api's prerelease lifecycle): when, and what replaces it.
 */
export function catalogRemovedVersion(group: string, version: string, kind: string): RemovedVersion | undefined {
  const entry = catalogFile().kubernetes.kinds.find((k) => k.group === group && k.kind === kind);
  const row = entry?.versions[version];
  if (!entry || !row?.removedIn) return undefined;
  let replacement = row.replacement;
  // A replacement that was itself removed later (flowcontrol v1beta1 → v1beta3 → v1): follow it.
  for (let i = 0; i < 5 && replacement; i++) {
    const [gv, rkind] = replacement.split(' ');
    if (rkind && rkind !== kind) break;
    const v = gv!.slice(gv!.lastIndexOf('/') + 1);
    const next = entry.versions[v];
    if (!next?.removedIn) break;
    replacement = next.replacement;
  }
  if (!replacement) {
    // The version the newest release serves, GA first.
    const served = Object.entries(entry.versions).filter(([, r]) => r.from && !r.until && !r.alpha).map(([v]) => v);
    const best = served.find((v) => /^v\d+$/.test(v)) ?? served[0];
    if (best) replacement = group ? `${group}/${best}` : best;
  }
  if (!replacement) return undefined;
  return { group, version, kind, removedIn: row.removedIn, replacement };
}
