/**
 * Kinds out of manifest files found in a bundle: CustomResourceDefinitions (one, or a List) through
 * the registry's own reader, and aggregated discovery (`APIGroupDiscoveryList`, must-gather's
 * aggregated-discovery-api*.yaml), which names every kind the cluster serves.
 */

import { crdsFromObject, type RegisteredKind } from '../correlate/registry.js';
import { forEachManifestValue } from '../correlate/manifest-docs.js';

export { MAX_MANIFEST_BYTES } from '../correlate/manifest-docs.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Kinds listed by an `apidiscovery.k8s.io` APIGroupDiscoveryList (v2 or v2beta1). */
export function kindsFromDiscovery(value: unknown, source: string): RegisteredKind[] {
  const list = obj(value);
  if (!list || list['kind'] !== 'APIGroupDiscoveryList') return [];
  const byKind = new Map<string, RegisteredKind>();
  for (const item of arr(list['items'])) {
    const group = str(obj(obj(item)?.['metadata'])?.['name']) ?? '';
    for (const v of arr(obj(item)?.['versions'])) {
      const version = str(obj(v)?.['version']);
      if (!version) continue;
      for (const r of arr(obj(v)?.['resources'])) {
        const res = obj(r);
        const kind = str(obj(res?.['responseKind'])?.['kind']);
        const plural = str(res?.['resource']);
        if (!res || !kind || !plural) continue;
        const key = `${group}\u0000${kind}`;
        const known = byKind.get(key);
        if (known) {
          if (!known.versions.some((x) => x.name === version)) known.versions.push({ name: version, served: true, storage: false });
          continue;
        }
        byKind.set(key, {
          group,
          kind,
          plural,
          singular: str(res['singularResource']) || kind.toLowerCase(),
          shortNames: arr(res['shortNames']).filter((s): s is string => typeof s === 'string'),
          namespaced: res['scope'] !== 'Cluster',
          versions: [{ name: version, served: true, storage: false }],
          versionsComplete: true,
          established: null,
          source,
        });
      }
    }
  }
  return [...byKind.values()];
}

/**
 * The kinds a manifest file's text defines (CRDs and discovery lists); throws ManifestSyntaxError
 * with a one-line reason on invalid YAML/JSON.
 */
export function kindsFromManifest(text: string, source: string): RegisteredKind[] {
  const out: RegisteredKind[] = [];
  forEachManifestValue(text, (value) => out.push(...crdsFromObject(value, source), ...kindsFromDiscovery(value, source)));
  return out;
}
