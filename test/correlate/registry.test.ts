/** The kind registry's sources: built-ins, CRD manifests in every shape, api-resources tables. */

import { describe, expect, it } from 'vitest';
import { KindRegistry, crdsFromText, kindsFromApiResources } from '../../src/correlate/registry.js';
import { RegistryError } from '../../src/errors.js';

const crdYaml = (kind: string, group: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${kind.toLowerCase()}s.${group}}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  scope: Cluster
  versions: [{name: v1, served: true, storage: true}]
`;

describe('KindRegistry', () => {
  it('knows the built-in kinds with their plurals and scopes', () => {
    const r = KindRegistry.withBuiltins();
    expect(r.find('apps', 'Deployment')?.plural).toBe('deployments');
    expect(r.find('', 'Endpoints')?.plural).toBe('endpoints');
    expect(r.find('networking.k8s.io', 'Ingress')?.plural).toBe('ingresses');
    expect(r.find('', 'Namespace')?.namespaced).toBe(false);
    expect(r.removedVersion('autoscaling', 'v2beta2', 'HorizontalPodAutoscaler')?.removedIn).toBe('1.26');
  });

  it('reads single CRDs, multi-document files, List objects and JSON', () => {
    expect(crdsFromText(crdYaml('Alpha', 'a.io'), 'f').map((c) => c.kind)).toEqual(['Alpha']);
    expect(crdsFromText(`${crdYaml('Alpha', 'a.io')}---\n${crdYaml('Beta', 'b.io')}`, 'f').map((c) => c.kind)).toEqual(['Alpha', 'Beta']);
    const list = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'CustomResourceDefinition', spec: { group: 'c.io', names: { kind: 'Gamma', plural: 'gammas' }, scope: 'Cluster', versions: [{ name: 'v1', served: true, storage: true }] } }] };
    const [gamma] = crdsFromText(JSON.stringify(list), 'crds.json');
    expect(gamma).toMatchObject({ group: 'c.io', kind: 'Gamma', plural: 'gammas', namespaced: false });
  });

  it('ignores non-CRD documents and fails clearly on broken YAML', () => {
    expect(crdsFromText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'cm.yaml')).toEqual([]);
    expect(() => crdsFromText('kind: [', 'bad.yaml')).toThrow(RegistryError);
    expect(() => crdsFromText('kind: [', 'bad.yaml')).toThrow(/^bad\.yaml: invalid YAML/);
  });

  it('reads kubectl api-resources -o wide, with empty SHORTNAMES cells and the core group', () => {
    const table = [
      'NAME                     SHORTNAMES   APIVERSION                       NAMESPACED   KIND                    VERBS                CATEGORIES',
      'bindings                              v1                               true         Binding                 create',
      'podautoscalers           pa           autoscaling.aibrix.ai/v1alpha1   true         PodAutoscaler           get,list,watch       ',
    ].join('\n');
    const [binding, pa] = kindsFromApiResources(table, 'api.txt');
    expect(binding).toMatchObject({ group: '', kind: 'Binding', plural: 'bindings', shortNames: [] });
    expect(pa).toMatchObject({ group: 'autoscaling.aibrix.ai', kind: 'PodAutoscaler', plural: 'podautoscalers', shortNames: ['pa'], versionsComplete: false });
    expect(() => kindsFromApiResources('hello\n', 'x.txt')).toThrow(/not kubectl api-resources output/);
  });
});
