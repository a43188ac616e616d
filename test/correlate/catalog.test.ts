/**
 * The bundled catalog of well-known kinds (catalog/well-known-kinds.json) and how near misses use
 * it: only for groups the user's own sources do not describe, one severity lower, saying where the
 * registered kind came from; kinds the logs name in another spelling; groups that differ by a typo
 * or one segment.
 */

import { describe, expect, it } from 'vitest';
import { catalogCrdKinds, catalogFile, catalogRemovedVersion } from '../../src/correlate/catalog.js';
import { KindRegistry, crdsFromText, invalidNames, type RegisteredKind } from '../../src/correlate/registry.js';
import { findNearMiss } from '../../src/correlate/near-miss.js';
import { groupsClose } from '../../src/correlate/near-miss/common.js';
import { parseSeen } from '../../src/correlate/rule-units.js';
import { correlate, resolveKind } from '../../src/correlate/correlate.js';
import type { Finding, KindRef } from '../../src/model/finding.js';
import { familyFinding } from './helpers.js';

const seen = parseSeen;
/** A kind the logs say cannot be resolved: the catalog and the logs may speak for it. */
const TROUBLED = { logKinds: [] };

describe('the catalog file', () => {
  const file = catalogFile();

  it('covers Kubernetes 1.16 to the newest release and at least 30 projects, the ones the issue names among them', () => {
    const releases = file.kubernetes.releases.map((r) => r.release);
    expect(releases[0]).toBe('1.16');
    expect(releases.length).toBeGreaterThanOrEqual(19);
    const projects = file.projects.map((p) => p.project);
    expect(new Set(projects.map((p) => p.replace(/ \(.*\)$/, ''))).size).toBeGreaterThanOrEqual(30);
    for (const name of ['cert-manager', 'Gateway API', 'Istio', 'Argo CD', 'Argo Rollouts', 'Argo Workflows', 'KEDA', 'Karpenter', 'Prometheus operator', 'Knative Serving', 'Tekton Pipelines', 'Velero', 'Crossplane', 'External Secrets Operator', 'Kyverno', 'Gatekeeper', 'Cluster API', 'CloudNativePG', 'Strimzi', 'Rook', 'Traefik', 'Linkerd', 'Calico', 'OpenTelemetry operator', 'Sealed Secrets']) {
      expect(projects, name).toContain(name);
    }
    expect(projects.some((p) => p.startsWith('Flux'))).toBe(true);
  });

  it('names the upstream repository, commit and file of every CRD kind', () => {
    for (const k of catalogCrdKinds()) {
      expect(k.catalog!.provenance).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{12}:\S+\.ya?ml$/);
      expect(invalidNames(k), `${k.group}/${k.kind}`).toBeNull();
    }
    for (const p of file.projects) expect(p.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('has the deprecation guide facts of built-ins as release data', () => {
    const ingress = file.kubernetes.kinds.find((k) => k.group === 'extensions' && k.kind === 'Ingress')!;
    expect(ingress.versions['v1beta1']).toMatchObject({ from: '1.16', until: '1.21', removedIn: '1.22', replacement: 'networking.k8s.io/v1' });
    const current = file.kubernetes.kinds.find((k) => k.group === 'networking.k8s.io' && k.kind === 'Ingress')!;
    expect(current.versions['v1']).toEqual({ from: '1.19' });
    expect(current.plural).toBe('ingresses');
    const pv = file.kubernetes.kinds.find((k) => k.group === '' && k.kind === 'PersistentVolume')!;
    expect(pv.namespaced).toBe(false);
    // A replacement that was itself removed is followed to the version served now.
    expect(catalogRemovedVersion('flowcontrol.apiserver.k8s.io', 'v1beta1', 'FlowSchema')).toMatchObject({ removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' });
    expect(catalogRemovedVersion('apps', 'v1', 'Deployment')).toBeUndefined();
  });

  it("resolves a well-known group's resource or kind, unless the user's sources describe that group", () => {
    const builtins = KindRegistry.withBuiltins();
    const ref = (group: string | null, kind: string | null, resource: string | null): KindRef => ({ group, version: null, kind, resource });
    expect(resolveKind(ref('cert-manager.io', null, 'certificates'), builtins)).toEqual(ref('cert-manager.io', 'Certificate', 'certificates'));
    expect(resolveKind(ref('argoproj.io', 'Rollout', null), builtins)).toEqual(ref('argoproj.io', 'Rollout', 'rollouts'));
    // A Go type names no group: which project's Certificate it is stays open.
    expect(resolveKind(ref(null, 'Certificate', null), builtins)).toEqual(ref(null, 'Certificate', null));
    // The user's CRDs of the group speak for it.
    const own = KindRegistry.withBuiltins();
    for (const k of crdsFromText('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: issuers.cert-manager.io}\nspec:\n  group: cert-manager.io\n  names: {kind: Issuer, plural: issuers}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true}]\n', 'issuers.yaml')) own.add(k);
    expect(resolveKind(ref('cert-manager.io', null, 'certificates'), own)).toEqual(ref('cert-manager.io', null, 'certificates'));
  });

  it('knows a group a project used before (cert-manager, KEDA, Gateway API)', () => {
    const find = (g: string, k: string) => catalogCrdKinds().find((x) => x.group === g && x.kind === k)!;
    expect(find('cert-manager.io', 'Certificate').catalog!.formerGroups).toContain('certmanager.k8s.io');
    expect(find('keda.sh', 'ScaledObject').catalog!.formerGroups).toContain('keda.k8s.io');
    expect(find('gateway.networking.k8s.io', 'Gateway').catalog!.formerGroups).toContain('networking.x-k8s.io');
  });
});

describe('near misses from the catalog', () => {
  it('finds each class with no CRDs given, one severity lower, naming the project', () => {
    const r = KindRegistry.withBuiltins();
    const cases: [string, string, string][] = [
      ['monitoring.coreos.com/v1/Servicemonitor', 'kind-case-mismatch', 'Servicemonitor → ServiceMonitor'],
      ['keda.sh/v1alpha1/ScaledObjects', 'kind-is-resource-name', 'ScaledObjects → ScaledObject'],
      ['certmanager.k8s.io/v1alpha1/Certificate', 'kind-in-other-group', 'apiVersion: certmanager.k8s.io/v1alpha1 → cert-manager.io/v1'],
      ['gateway.networking.io/v1/HTTPRoute', 'kind-in-other-group', 'apiVersion: gateway.networking.io/v1 → gateway.networking.k8s.io/v1'],
      ['cert-manager.io/v1alpha2/Certificate', 'kind-version-not-served', 'apiVersion: cert-manager.io/v1alpha2 → cert-manager.io/v1'],
      ['karpenter.sh/v1/NodePoool', 'kind-misspelt', 'NodePoool → NodePool'],
    ];
    for (const [s, rule, edit] of cases) {
      const v = findNearMiss(seen(s), r, TROUBLED);
      expect(v, s).not.toBeNull();
      expect(v!.rule, s).toBe(rule);
      expect(v!.edit, s).toBe(edit);
      expect(v!.severity, s).toBe('warning');
      expect(v!.registeredFrom?.source, s).toBe('catalog');
      expect(v!.diagnosis, s).toMatch(/the well-known CRD of .+ registers .+; check your installed version\./);
    }
  });

  it('lets the cluster win: a CRD of the group given means the catalog is not consulted', () => {
    const r = KindRegistry.withBuiltins();
    for (const k of crdsFromText(
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: podmonitors.monitoring.coreos.com}
spec:
  group: monitoring.coreos.com
  names: {kind: PodMonitor, plural: podmonitors}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true}]
`,
      'crds.yaml',
    )) r.add(k);
    // The cluster's CRDs of monitoring.coreos.com have no ServiceMonitor: the catalog's does not count.
    expect(findNearMiss(seen('monitoring.coreos.com/v1/Servicemonitor'), r, TROUBLED)).toBeNull();
    const v = findNearMiss(seen('monitoring.coreos.com/v1/PodMonitr'), r, TROUBLED)!;
    expect(v.severity).toBe('error');
    expect(v.registeredFrom).toEqual({ source: 'cluster', detail: 'crds.yaml' });
    // Other groups still get the catalog.
    expect(findNearMiss(seen('keda.sh/v1alpha1/ScaledObjects'), r, TROUBLED)?.registeredFrom?.source).toBe('catalog');
  });

  it('speaks only for a kind the logs say cannot be resolved (an RBAC line naming an old version is left alone)', () => {
    expect(findNearMiss(seen('cert-manager.io/v1alpha2/ClusterIssuer'), KindRegistry.withBuiltins())).toBeNull();
    expect(findNearMiss(seen('cert-manager.io/v1alpha2/ClusterIssuer'), KindRegistry.withBuiltins(), TROUBLED)?.rule).toBe('kind-version-not-served');
  });

  it('says nothing for a kind without a group, or that the catalog has exactly', () => {
    const r = KindRegistry.withBuiltins();
    // Knative Serving has a PodAutoscaler; a bare Go type name could be any project's.
    expect(findNearMiss(seen('-/v1alpha1/PodAutoScaler'), r, TROUBLED)).toBeNull();
    expect(findNearMiss(seen('cert-manager.io/v1/Certificate'), r, TROUBLED)).toBeNull();
    expect(findNearMiss(seen('networking.istio.io/v1beta1/Gateway'), r, TROUBLED)).toBeNull();
    // A group that merely exists (built-in) does not make a catalog kind "in another group".
    expect(findNearMiss(seen('apps/v1/Rollout'), r, TROUBLED)).toBeNull();
    // Unrelated groups are not close: the seed's aibrix PodAutoScaler is not Knative's.
    expect(findNearMiss(seen('autoscaling.aibrix.ai/v1alpha1/PodAutoScaler'), r, TROUBLED)).toBeNull();
  });

  it('reports built-in versions removed per the release data at error (a Kubernetes fact)', () => {
    const v = findNearMiss(seen('storage.k8s.io/v1alpha1/VolumeAttachment'), KindRegistry.withBuiltins(), TROUBLED)!;
    expect(v.rule).toBe('kind-version-removed');
    expect(v.edit).toBe('apiVersion: storage.k8s.io/v1alpha1 → storage.k8s.io/v1');
    expect(v.diagnosis).toContain('1.24');
    expect(v.severity).toBe('error');
    expect(v.registeredFrom?.source).toBe('built-in');
  });
});

describe('groups that differ by a typo or one segment', () => {
  it('are close', () => {
    expect(groupsClose('example.io', 'example.k8s.io')).toBe(true);
    expect(groupsClose('cert-manager.io', 'acme.cert-manager.io')).toBe(true);
    expect(groupsClose('aibrix.io', 'aibrix.ai')).toBe(true);
    expect(groupsClose('gateway.networking.io', 'gateway.networking.k8s.io')).toBe(true);
  });
  it('others are not', () => {
    expect(groupsClose('apps', 'batch')).toBe(false);
    expect(groupsClose('', 'apps')).toBe(false);
    expect(groupsClose('serving.knative.dev', 'networking.internal.knative.dev')).toBe(false);
    expect(groupsClose('io', 'k8s.io')).toBe(false);
    expect(groupsClose('example.com', 'example.com')).toBe(false);
  });
  it('a CRD in a group with one more segment is found (example.io → example.k8s.io)', () => {
    const r = KindRegistry.withBuiltins();
    for (const k of crdsFromText('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gizmos.example.k8s.io}\nspec:\n  group: example.k8s.io\n  names: {kind: Gizmo, plural: gizmos}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true}]\n', 'gizmos.yaml')) r.add(k);
    const v = findNearMiss(seen('example.io/v1/Gizmo'), r, TROUBLED)!;
    expect(v.rule).toBe('kind-in-other-group');
    expect(v.edit).toBe('apiVersion: example.io/v1 → example.k8s.io/v1');
    expect(v.severity).toBe('error');
  });
});

describe('kinds the logs name in another spelling', () => {
  const finding = (id: string, family: string, kinds: KindRef[], source: string): Finding =>
    familyFinding(family, `${id}:${kinds.map((k) => k.kind).join(',')}`, kinds, { id, title: id, diagnosis: '', evidence: [{ source, line: 1, text: 'x' }] });
  const k = (group: string, version: string | null, kind: string, resource: string | null = null): KindRef => ({ group, version, kind, resource });

  it('a kind that fails to map, spelt otherwise by the operator, is a near miss (the seed case)', () => {
    const findings = [
      finding('gc-rest-mapping', 'gc-rest-mapping', [k('autoscaling.aibrix.ai', 'v1alpha1', 'PodAutoScaler')], 'kcm.log'),
      finding('cr-reconciler-error', 'cr-reconciler-error', [k('autoscaling.aibrix.ai', null, 'PodAutoscaler', 'podautoscalers')], 'operator.log'),
    ];
    const { findings: out } = correlate(findings, KindRegistry.withBuiltins());
    const miss = out.find((f) => f.id === 'kind-case-mismatch')!;
    expect(miss).toBeDefined();
    expect(miss.severity).toBe('warning');
    expect(miss.fixes[0]).toBe('Edit: PodAutoScaler → PodAutoscaler.');
    expect(miss.registeredFrom).toEqual({ source: 'log', detail: 'cr-reconciler-error (operator.log:1)' });
    expect(miss.causes).toEqual([findings[0]!.key]);
    expect(miss.fixes.join('\n')).toContain('kubectl api-resources --api-group=autoscaling.aibrix.ai -o wide');
  });

  it('two spellings in findings that are not about unresolved kinds are left alone', () => {
    const findings = [
      finding('cr-reconciler-error', 'cr-reconciler-error', [k('autoscaling.aibrix.ai', null, 'PodAutoScaler')], 'a.log'),
      finding('optimistic-lock-conflict-modified', 'optimistic-lock-conflict', [k('autoscaling.aibrix.ai', null, 'PodAutoscaler')], 'b.log'),
    ];
    expect(correlate(findings, KindRegistry.withBuiltins()).findings.filter((f) => f.origin === 'registry')).toEqual([]);
  });

  it('a CRD given for the group wins over the logs', () => {
    const r = KindRegistry.withBuiltins();
    const crd: RegisteredKind = {
      group: 'autoscaling.aibrix.ai', kind: 'PodAutoscaler', plural: 'podautoscalers', singular: 'podautoscaler', shortNames: [], namespaced: true,
      versions: [{ name: 'v1alpha1', served: true, storage: true }], versionsComplete: true, established: true, source: 'crd.yaml',
    };
    r.add(crd);
    const findings = [
      finding('gc-rest-mapping', 'gc-rest-mapping', [k('autoscaling.aibrix.ai', 'v1alpha1', 'PodAutoScaler')], 'kcm.log'),
      finding('cr-reconciler-error', 'cr-reconciler-error', [k('autoscaling.aibrix.ai', null, 'PodAutoscaler')], 'operator.log'),
    ];
    const miss = correlate(findings, r).findings.find((f) => f.id === 'kind-case-mismatch')!;
    expect(miss.severity).toBe('error');
    expect(miss.registeredFrom).toEqual({ source: 'cluster', detail: 'crd.yaml' });
  });
});
