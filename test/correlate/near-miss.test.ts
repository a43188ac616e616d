/** Each near-miss rule on both sides of its condition, against a registry built in the test. */

import { describe, expect, it } from 'vitest';
import { KindRegistry, crdsFromText, kindsFromApiResources } from '../../src/correlate/registry.js';
import { editDistance, findNearMiss } from '../../src/correlate/near-miss.js';
import { correlate } from '../../src/correlate/correlate.js';
import { familyFinding } from './helpers.js';

const k = (group: string | null, version: string | null, kind: string | null, resource: string | null = null) => ({ group, version, kind, resource });

function registry(extraVersions = '', established = 'True'): KindRegistry {
  const r = KindRegistry.withBuiltins();
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd]}
  scope: Namespaced
  versions:
    - {name: v1, served: true, storage: true}${extraVersions}
status:
  conditions: [{type: Established, status: "${established}"}]
`;
  for (const c of crdsFromText(crd, 'test.yaml')) r.add(c);
  return r;
}

describe('near-miss rules', () => {
  it('says nothing for a kind that exists exactly', () => {
    expect(findNearMiss(k('example.com', 'v1', 'Widget'), registry())).toBeNull();
    expect(findNearMiss(k('apps', 'v1', 'Deployment'), registry())).toBeNull();
  });

  it('case mismatch: WIDGET vs Widget, in the group or with no group', () => {
    expect(findNearMiss(k('example.com', 'v1', 'WIDGET'), registry())?.rule).toBe('kind-case-mismatch');
    expect(findNearMiss(k(null, 'v1', 'WIDGET'), registry())?.edit).toBe('WIDGET → Widget');
  });

  it('resource used as kind: plural, singular and short name', () => {
    for (const name of ['widgets', 'Widgets', 'wd']) {
      expect(findNearMiss(k('example.com', 'v1', name), registry())?.rule).toBe('kind-is-resource-name');
    }
  });

  it('kind used as resource: rbac resource "widget"', () => {
    const miss = findNearMiss(k('example.com', null, null, 'widget'), registry());
    expect(miss?.rule).toBe('resource-is-kind-name');
    expect(miss?.edit).toBe('widget → widgets');
    expect(findNearMiss(k('example.com', null, null, 'widgets'), registry())).toBeNull();
  });

  it('kind in another group: a known group, or a misspelt one; not an unrelated unknown group', () => {
    expect(findNearMiss(k('apps', 'v1', 'CronJob'), registry())?.problem).toMatch(/apps does not serve CronJob; batch does/);
    expect(findNearMiss(k('example.io', 'v1', 'Widget'), registry())?.rule).toBe('kind-in-other-group');
    // A Service in serving.knative.dev is Knative's own kind, not a misplaced core Service.
    expect(findNearMiss(k('serving.knative.dev', 'v1', 'Service'), registry())).toBeNull();
  });

  it('version not served, and served versions say nothing', () => {
    const r = registry('\n    - {name: v1beta1, served: false, storage: false}');
    expect(findNearMiss(k('example.com', 'v1beta1', 'Widget'), r)?.rule).toBe('kind-version-not-served');
    expect(findNearMiss(k('example.com', 'v2', 'Widget'), r)?.problem).toMatch(/version v2 is not defined/);
    expect(findNearMiss(k('example.com', 'v1', 'Widget'), r)).toBeNull();
  });

  it('removed API versions name the release and the replacement', () => {
    const miss = findNearMiss(k('extensions', 'v1beta1', 'Ingress'), registry());
    expect(miss?.rule).toBe('kind-version-removed');
    expect(miss?.problem).toBe('extensions/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1');
    expect(findNearMiss(k('policy', 'v1beta1', 'PodSecurityPolicy'), registry())?.problem).toMatch(/1\.25/);
  });

  it('a removed version is a finding only where the logs say the kind fails to resolve, not where it was denied or timed out', () => {
    const psp = k('policy', 'v1beta1', 'PodSecurityPolicy');
    const ids = (family: string) => correlate([familyFinding(family, `${family}:psp`, [psp])], KindRegistry.withBuiltins()).findings.map((f) => f.id);
    expect(ids('no-kind-match')).toContain('kind-version-removed');
    expect(ids('gc-rest-mapping')).toContain('kind-version-removed');
    // A 403 or a watch error from a cluster that still served policy/v1beta1 is no sign of removal.
    expect(ids('rbac-forbidden')).not.toContain('kind-version-removed');
    expect(ids('informer-list-watch')).not.toContain('kind-version-removed');
  });

  it('a CRD that is not Established', () => {
    expect(findNearMiss(k('example.com', 'v1', 'Widget'), registry('', 'False'))?.rule).toBe('crd-not-established');
  });

  it('misspelling within the edit limit only', () => {
    expect(findNearMiss(k('example.com', 'v1', 'Widgt'), registry())?.rule).toBe('kind-misspelt');
    expect(findNearMiss(k('example.com', 'v1', 'Wxdgxt'), registry())).toBeNull();
  });

  it('versions from api-resources are incomplete, so other versions are not called unserved', () => {
    const r = KindRegistry.withBuiltins();
    const table = `NAME      SHORTNAMES   APIVERSION       NAMESPACED   KIND\nwidgets   wd           example.com/v2   true         Widget\n`;
    for (const x of kindsFromApiResources(table, 'api.txt')) r.add(x);
    expect(findNearMiss(k('example.com', 'v1', 'Widget'), r)).toBeNull();
    expect(findNearMiss(k('example.com', 'v1', 'WidGet'), r)?.rule).toBe('kind-case-mismatch');
  });
});

describe('editDistance', () => {
  it('counts edits and stops past the limit', () => {
    expect(editDistance('widget', 'widgt', 2)).toBe(1);
    expect(editDistance('widget', 'gadget', 2)).toBe(2);
    expect(editDistance('widget', 'completely', 2)).toBe(3);
  });
});
