/**
 * Kinds that every Kubernetes cluster serves (as of 1.34), with their plural resource, scope and
 * served versions, plus API versions that were removed in past releases. Data only.
 */

export interface BuiltinKind {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  versions: string[];
  shortNames?: string[];
}

export interface RemovedVersion {
  group: string;
  version: string;
  kind: string;
  /** The Kubernetes release that stopped serving it. */
  removedIn: string;
  /** The apiVersion to use instead; null when the API was removed without one. */
  replacement: string | null;
  /** With no replacement: what does its job now, in words (a noun phrase). */
  successor?: string;
}

const k = (
  group: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  versions: string[],
  shortNames?: string[],
): BuiltinKind => ({ group, kind, plural, namespaced, versions, ...(shortNames ? { shortNames } : {}) });

export const BUILTIN_KINDS: BuiltinKind[] = [
  // core ("")
  k('', 'Binding', 'bindings', true, ['v1']),
  k('', 'ComponentStatus', 'componentstatuses', false, ['v1'], ['cs']),
  k('', 'ConfigMap', 'configmaps', true, ['v1'], ['cm']),
  k('', 'Endpoints', 'endpoints', true, ['v1'], ['ep']),
  k('', 'Event', 'events', true, ['v1'], ['ev']),
  k('', 'LimitRange', 'limitranges', true, ['v1'], ['limits']),
  k('', 'Namespace', 'namespaces', false, ['v1'], ['ns']),
  k('', 'Node', 'nodes', false, ['v1'], ['no']),
  k('', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['v1'], ['pvc']),
  k('', 'PersistentVolume', 'persistentvolumes', false, ['v1'], ['pv']),
  k('', 'Pod', 'pods', true, ['v1'], ['po']),
  k('', 'PodTemplate', 'podtemplates', true, ['v1']),
  k('', 'ReplicationController', 'replicationcontrollers', true, ['v1'], ['rc']),
  k('', 'ResourceQuota', 'resourcequotas', true, ['v1'], ['quota']),
  k('', 'Secret', 'secrets', true, ['v1']),
  k('', 'ServiceAccount', 'serviceaccounts', true, ['v1'], ['sa']),
  k('', 'Service', 'services', true, ['v1'], ['svc']),
  // admissionregistration.k8s.io
  k('admissionregistration.k8s.io', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false, ['v1']),
  k('admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false, ['v1']),
  k('admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false, ['v1']),
  k('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false, ['v1']),
  // apiextensions.k8s.io, apiregistration.k8s.io
  k('apiextensions.k8s.io', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['v1'], ['crd', 'crds']),
  k('apiregistration.k8s.io', 'APIService', 'apiservices', false, ['v1']),
  // apps
  k('apps', 'ControllerRevision', 'controllerrevisions', true, ['v1']),
  k('apps', 'DaemonSet', 'daemonsets', true, ['v1'], ['ds']),
  k('apps', 'Deployment', 'deployments', true, ['v1'], ['deploy']),
  k('apps', 'ReplicaSet', 'replicasets', true, ['v1'], ['rs']),
  k('apps', 'StatefulSet', 'statefulsets', true, ['v1'], ['sts']),
  // authentication / authorization
  k('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews', false, ['v1']),
  k('authentication.k8s.io', 'TokenReview', 'tokenreviews', false, ['v1']),
  k('authorization.k8s.io', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, ['v1']),
  k('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, ['v1']),
  k('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, ['v1']),
  k('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews', false, ['v1']),
  // autoscaling
  k('autoscaling', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['v2', 'v1'], ['hpa']),
  // batch
  k('batch', 'CronJob', 'cronjobs', true, ['v1'], ['cj']),
  k('batch', 'Job', 'jobs', true, ['v1']),
  // certificates, coordination, discovery, events
  k('certificates.k8s.io', 'CertificateSigningRequest', 'certificatesigningrequests', false, ['v1'], ['csr']),
  k('coordination.k8s.io', 'Lease', 'leases', true, ['v1']),
  k('discovery.k8s.io', 'EndpointSlice', 'endpointslices', true, ['v1']),
  k('events.k8s.io', 'Event', 'events', true, ['v1'], ['ev']),
  // flowcontrol
  k('flowcontrol.apiserver.k8s.io', 'FlowSchema', 'flowschemas', false, ['v1']),
  k('flowcontrol.apiserver.k8s.io', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', false, ['v1']),
  // networking
  k('networking.k8s.io', 'IngressClass', 'ingressclasses', false, ['v1']),
  k('networking.k8s.io', 'Ingress', 'ingresses', true, ['v1'], ['ing']),
  k('networking.k8s.io', 'IPAddress', 'ipaddresses', false, ['v1']),
  k('networking.k8s.io', 'NetworkPolicy', 'networkpolicies', true, ['v1'], ['netpol']),
  k('networking.k8s.io', 'ServiceCIDR', 'servicecidrs', false, ['v1']),
  // node, policy, rbac, scheduling
  k('node.k8s.io', 'RuntimeClass', 'runtimeclasses', false, ['v1']),
  k('policy', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['v1'], ['pdb']),
  k('rbac.authorization.k8s.io', 'ClusterRoleBinding', 'clusterrolebindings', false, ['v1']),
  k('rbac.authorization.k8s.io', 'ClusterRole', 'clusterroles', false, ['v1']),
  k('rbac.authorization.k8s.io', 'RoleBinding', 'rolebindings', true, ['v1']),
  k('rbac.authorization.k8s.io', 'Role', 'roles', true, ['v1']),
  k('scheduling.k8s.io', 'PriorityClass', 'priorityclasses', false, ['v1'], ['pc']),
  // resource.k8s.io (DRA, GA in 1.34)
  k('resource.k8s.io', 'DeviceClass', 'deviceclasses', false, ['v1']),
  k('resource.k8s.io', 'ResourceClaim', 'resourceclaims', true, ['v1']),
  k('resource.k8s.io', 'ResourceClaimTemplate', 'resourceclaimtemplates', true, ['v1']),
  k('resource.k8s.io', 'ResourceSlice', 'resourceslices', false, ['v1']),
  // storage
  k('storage.k8s.io', 'CSIDriver', 'csidrivers', false, ['v1']),
  k('storage.k8s.io', 'CSINode', 'csinodes', false, ['v1']),
  k('storage.k8s.io', 'CSIStorageCapacity', 'csistoragecapacities', true, ['v1']),
  k('storage.k8s.io', 'StorageClass', 'storageclasses', false, ['v1'], ['sc']),
  k('storage.k8s.io', 'VolumeAttachment', 'volumeattachments', false, ['v1']),
  k('storage.k8s.io', 'VolumeAttributesClass', 'volumeattributesclasses', false, ['v1']),
  // metrics.k8s.io is aggregated (metrics-server) but so common that it is listed here.
  k('metrics.k8s.io', 'NodeMetrics', 'nodes', false, ['v1beta1']),
  k('metrics.k8s.io', 'PodMetrics', 'pods', true, ['v1beta1']),
];

/** From the Kubernetes deprecated API migration guide. */
export const REMOVED_VERSIONS: RemovedVersion[] = [
  { group: 'extensions', version: 'v1beta1', kind: 'Ingress', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { group: 'networking.k8s.io', version: 'v1beta1', kind: 'Ingress', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { group: 'networking.k8s.io', version: 'v1beta1', kind: 'IngressClass', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { group: 'extensions', version: 'v1beta1', kind: 'Deployment', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'extensions', version: 'v1beta1', kind: 'DaemonSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'extensions', version: 'v1beta1', kind: 'ReplicaSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'extensions', version: 'v1beta1', kind: 'NetworkPolicy', removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { group: 'extensions', version: 'v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.16', replacement: null, successor: 'Pod Security Admission (pod-security.kubernetes.io labels on namespaces) or a policy engine such as Kyverno or Gatekeeper' },
  { group: 'apps', version: 'v1beta1', kind: 'Deployment', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kind: 'Deployment', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta1', kind: 'StatefulSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kind: 'StatefulSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kind: 'DaemonSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kind: 'ReplicaSet', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apiextensions.k8s.io', version: 'v1beta1', kind: 'CustomResourceDefinition', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { group: 'apiregistration.k8s.io', version: 'v1beta1', kind: 'APIService', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { group: 'admissionregistration.k8s.io', version: 'v1beta1', kind: 'MutatingWebhookConfiguration', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { group: 'admissionregistration.k8s.io', version: 'v1beta1', kind: 'ValidatingWebhookConfiguration', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kind: 'ClusterRole', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kind: 'ClusterRoleBinding', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kind: 'Role', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kind: 'RoleBinding', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { group: 'certificates.k8s.io', version: 'v1beta1', kind: 'CertificateSigningRequest', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { group: 'coordination.k8s.io', version: 'v1beta1', kind: 'Lease', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { group: 'scheduling.k8s.io', version: 'v1beta1', kind: 'PriorityClass', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'CSIDriver', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'CSINode', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'StorageClass', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'VolumeAttachment', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { group: 'batch', version: 'v1beta1', kind: 'CronJob', removedIn: '1.25', replacement: 'batch/v1' },
  { group: 'discovery.k8s.io', version: 'v1beta1', kind: 'EndpointSlice', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { group: 'events.k8s.io', version: 'v1beta1', kind: 'Event', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { group: 'autoscaling', version: 'v2beta1', kind: 'HorizontalPodAutoscaler', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { group: 'autoscaling', version: 'v2beta2', kind: 'HorizontalPodAutoscaler', removedIn: '1.26', replacement: 'autoscaling/v2' },
  { group: 'policy', version: 'v1beta1', kind: 'PodDisruptionBudget', removedIn: '1.25', replacement: 'policy/v1' },
  { group: 'policy', version: 'v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.25', replacement: null, successor: 'Pod Security Admission (pod-security.kubernetes.io labels on namespaces) or a policy engine such as Kyverno or Gatekeeper' },
  { group: 'node.k8s.io', version: 'v1beta1', kind: 'RuntimeClass', removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kind: 'FlowSchema', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kind: 'FlowSchema', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kind: 'FlowSchema', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kind: 'PriorityLevelConfiguration', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kind: 'PriorityLevelConfiguration', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kind: 'PriorityLevelConfiguration', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'CSIStorageCapacity', removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
];
