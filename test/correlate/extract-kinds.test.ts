/** Every textual form of a kind (signatures.md "Kind extraction") becomes a normalised KindRef. */

import { describe, expect, it } from 'vitest';
import { extractKinds, mergeKinds } from '../../src/correlate/extract-kinds.js';
import { kindFromCaptures, kindFromFields } from '../../src/correlate/gvk.js';

const k = (group: string | null, version: string | null, kind: string | null, resource: string | null) => ({ group, version, kind, resource });

describe('extractKinds', () => {
  it.each([
    ['group/version/Kind (GC owner coordinates)', 'unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler.', [k('autoscaling.aibrix.ai', 'v1alpha1', 'PodAutoScaler', null)]],
    ['core v1/Kind', 'unable to get REST mapping for v1/Pod.', [k('', 'v1', 'Pod', null)]],
    ['GroupVersionKind.String()', 'conversion webhook for stable.example.com/v1, Kind=CronTab failed', [k('stable.example.com', 'v1', 'CronTab', null)]],
    ['core GVK string with leading slash', 'ambiguous: /v1, Kind=Pod', [k('', 'v1', 'Pod', null)]],
    ['Go syntax GroupVersionKind', 'gvk schema.GroupVersionKind{Group:"apps", Version:"v1", Kind:"Deployment"}', [k('apps', 'v1', 'Deployment', null)]],
    ['OwnerReference %#v', 'v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"web-5d4f", UID:"1b2c"}', [k('apps', 'v1', 'ReplicaSet', null)]],
    ['GroupVersionResource', 'no matches for metrics.k8s.io/v1beta1, Resource=pods', [k('metrics.k8s.io', 'v1beta1', null, 'pods')]],
    ['GroupVersionResource with a wildcard version', 'no matches for /*, Resource=nodes', [k('', null, null, 'nodes')]],
    ['RBAC resource in API group', 'cannot list resource "deployments" in API group "apps" at the cluster scope', [k('apps', null, null, 'deployments')]],
    ['RBAC subresource keeps the resource', 'cannot get resource "pods/log" in API group "" in the namespace "x"', [k('', null, null, 'pods')]],
    ['RBAC before 1.14, core', 'User "system:serviceaccount:x:y" cannot list pods in the namespace "x"', [k('', null, null, 'pods')]],
    // https://github.com/kubeflow/kubeflow/pull/641 (OpenShift 3.9)
    ['RBAC before 1.14, a subresource in a project', 'User "system:serviceaccount:myproject:tf-job-operator" cannot update tfjobs/finalizers.kubeflow.org in project "myproject"', [k('kubeflow.org', null, null, 'tfjobs')]],
    ['RBAC before 1.14, cluster scope', 'User "system:serviceaccount:o:j" cannot list elasticsearches.logging.openshift.io at the cluster scope: no RBAC policy matched', [k('logging.openshift.io', null, null, 'elasticsearches')]],
    ['resource.group in a conflict', 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified', [k('apps', null, null, 'deployments')]],
    ['generic response suffix', 'the server is currently unable to handle the request (get pods.metrics.k8s.io)', [k('metrics.k8s.io', null, null, 'pods')]],
    ['Kind.group is invalid', 'Deployment.apps "web" is invalid: spec.replicas: Invalid value', [k('apps', null, 'Deployment', null)]],
    ['NoKindMatch with version', 'no matches for kind "PodAutoScaler" in version "autoscaling.internal.knative.dev/v1alpha1"', [k('autoscaling.internal.knative.dev', 'v1alpha1', 'PodAutoScaler', null)]],
    ['NoKindMatch with group', 'no matches for kind "PodAutoScaler" in group "autoscaling.aibrix.ai"', [k('autoscaling.aibrix.ai', null, 'PodAutoScaler', null)]],
    ['Go type name', 'Failed to watch *v1.Pod: unknown', [k(null, 'v1', 'Pod', null)]],
    ['controller-runtime kind source', 'Starting EventSource source="kind source: *v1alpha1.PodAutoscaler"', [k(null, 'v1alpha1', 'PodAutoscaler', null)]],
  ])('%s', (_name, text, expected) => {
    expect(extractKinds(text, {})).toEqual(expected);
  });

  it('ignores Go types that are not kinds and URLs', () => {
    expect(extractKinds('failed to list *v1.PartialObjectMetadata: GET https://10.96.0.1:443/apis/apps/v1/namespaces/default/deployments', {})).toEqual([]);
  });

  it('reads structured fields: kind + apiVersion, and a GroupKind in "kind"', () => {
    expect(extractKinds('Event occurred', { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1' })).toEqual([k('coordination.k8s.io', 'v1', 'Lease', null)]);
    expect(extractKinds('if kind is a CRD, it should be installed before calling Start', { kind: 'PodAutoScaler.autoscaling.internal.knative.dev' })).toEqual([
      k('autoscaling.internal.knative.dev', null, 'PodAutoScaler', null),
    ]);
  });
});

describe('kinds from real pastes (issue #19)', () => {
  it.each([
    // https://github.com/cert-manager/cert-manager/issues (cainjector without RBAC for cluster issuers)
    ['a reflector Go type joined with the resource of its forbidden error', 'Failed to watch *v1alpha2.ClusterIssuer: failed to list *v1alpha2.ClusterIssuer: clusterissuers.cert-manager.io is forbidden: User "system:serviceaccount:cert-manager:cert-manager-cainjector" cannot list resource "clusterissuers" in API group "cert-manager.io" at the cluster scope', [k('cert-manager.io', 'v1alpha2', 'ClusterIssuer', 'clusterissuers')]],
    ['-y kinds take -ies', 'failed to list *v1.NetworkPolicy: networkpolicies.networking.k8s.io is forbidden: User "system:serviceaccount:x:y" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope', [k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies')]],
    ['a GroupKind before an object name', 'failed to get JobSet: JobSet.jobset.x-k8s.io "train-1" not found', [k('jobset.x-k8s.io', null, 'JobSet', null)]],
    ['the Kind named before the resource of its error', 'error creating Backup: backups.velero.io "daily-20240101" already exists', [k('velero.io', null, 'Backup', 'backups')]],
    ['a Kind before a resource that is not its plural stays apart', 'error creating Schedule: backups.velero.io "daily-20240101" already exists', [k('velero.io', null, null, 'backups')]],
    // https://github.com/argoproj/argo-rollouts/issues/69 (client-go's generated listers)
    ['a lister\'s lower-case kind of a well-known group', "error syncing 'rollouts-demo/rollouts-demo': rollout.argoproj.io \"rollouts-demo\" not found, requeuing", [k('argoproj.io', null, 'Rollout', 'rollouts')]],
    ['a lister\'s lower-case built-in kind, also one that ends in s', 'deployment.apps "web" not found; ingress.networking.k8s.io "api" not found', [k('apps', null, 'Deployment', 'deployments'), k('networking.k8s.io', null, 'Ingress', 'ingresses')]],
    ['no kind from a lower-case name no built-in or well-known group has', 'widget.example.com "x" not found; rollout.example.com "y" not found', []],
    // https://github.com/kubernetes-sigs/cluster-api-provider-vsphere (corpus case capi-vsphere-reconciler-error-apiendpoints-timestamps)
    ['a built-in or well-known Kind before an object\'s quoted name in prose', 'failed to retrieve Status.APIEndpoints from infrastructure provider for Cluster "management-cluster" in namespace "default": field not found', [k(null, null, 'Cluster', null)]],
    ['with its group when only one group has it; not a word no kind is called', 'Secret "db-creds" has no key password; Widget "w" is broken; Error "x" occurred', [k('', null, 'Secret', null)]],
    ['Kind.version.group', 'reconcile gvk:AllowedImageRepos.v1beta1.constraints.gatekeeper.sh:blossom failed', [k('constraints.gatekeeper.sh', 'v1beta1', 'AllowedImageRepos', null)]],
    ['Kind/namespace/name at the start of a line', 'Ingress/web/api dry-run failed, reason: InternalError', [k(null, null, 'Ingress', null)]],
    ['an internal Go type of old reflectors', 'reflector.go:130] Failed to list *api.Pod: Get https://10.0.0.1/api/v1beta3/pods', [k(null, null, 'Pod', null)]],
  ])('%s', (_name, text, expected) => {
    expect(extractKinds(text, {})).toEqual(expected);
  });

  it('reads the kind from a work-queue name and from reconcilerKind fields', () => {
    expect(extractKinds('Reconciler error', { name: 'gvk:AllowedImageRepos.v1beta1.constraints.gatekeeper.sh:blossom' })).toEqual([
      k('constraints.gatekeeper.sh', 'v1beta1', 'AllowedImageRepos', null),
    ]);
    expect(kindFromFields({ reconcilerGroup: 'goharbor.io', reconcilerKind: 'HarborCluster' })).toEqual(k('goharbor.io', null, 'HarborCluster', null));
  });

  it('does not read a path as Kind/namespace/name unless it starts the line', () => {
    expect(extractKinds('open /Users/alice/kube: no such file', {})).toEqual([]);
  });

  it('keeps a kind apart from a resource that is not its plural', () => {
    expect(mergeKinds([k(null, 'v1', 'Certificate', null), k('cert-manager.io', null, null, 'issuers')])).toEqual([k(null, 'v1', 'Certificate', null), k('cert-manager.io', null, null, 'issuers')]);
  });

  it('does not take a host name for a resource', () => {
    expect(extractKinds('Post "https://webhook-service.default.svc:443/validate": x509: certificate signed by unknown authority', {})).toEqual([]);
  });
});

describe('mergeKinds', () => {
  it('merges refs that name the same kind without conflict, keeping both apart otherwise', () => {
    expect(mergeKinds([k('apps', null, null, 'deployments'), k('apps', 'v1', null, 'deployments')])).toEqual([k('apps', 'v1', null, 'deployments')]);
    expect(mergeKinds([k('a.io', 'v1', 'X', null), k('b.io', 'v1', 'X', null)])).toHaveLength(2);
  });
});

describe('kindFromCaptures: a `ref` capture (an object type as a message writes it)', () => {
  it.each([
    ['secret', k('', null, 'Secret', 'secrets')],
    ['services', k('', null, 'Service', 'services')],
    ['ConfigMap', k('', null, 'ConfigMap', 'configmaps')],
    ['endpoints', k('', null, 'Endpoints', 'endpoints')],
  ])('%s names the core kind', (ref, expected) => {
    expect(kindFromCaptures({ ref, name: 'x' })).toEqual(expected);
  });

  it('names no kind for a type of another group (its letter case is unknown) or an unknown word', () => {
    expect(kindFromCaptures({ ref: 'rollout.argoproj.io' })).toBeNull();
    expect(kindFromCaptures({ ref: 'widget' })).toBeNull();
  });

  it('leaves a kind the other captures name as it is', () => {
    expect(kindFromCaptures({ ref: 'secret', kind: 'Secret' })).toEqual(k(null, null, 'Secret', null));
  });
});
