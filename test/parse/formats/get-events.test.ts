/** Rows of `kubectl get events` / `kubectl events` output, current and before kubectl 1.14, read as the Events they show. */

import { describe, expect, it } from 'vitest';
import { assemble } from '../assemble.js';
import { parseGetEvent } from '../../../src/parse/formats/get-events.js';
import { run } from '../../../src/cli/program.js';
import { memoryIo } from '../../report/helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../tmp.js';

const fieldsOf = (line: string) => {
  const p = parseGetEvent(line);
  return p && [p.format, p.level, p.fields, p.message];
};

describe('kubectl get events rows', () => {
  it('reads namespace (with -A), type, reason, the object and the message', () => {
    // https://github.com/kubebb/core/pull/130
    expect(fieldsOf('local-path-storage   9m32s       Warning   FailedMount               pod/local-path-provisioner-c49b7b56f-vjkz4          MountVolume.SetUp failed for volume "kube-api-access-pljgx" : failed to sync configmap cache: timed out waiting for the condition')).toEqual([
      'k8s-event',
      'warning',
      { reason: 'FailedMount', objectKind: 'pod', name: 'local-path-provisioner-c49b7b56f-vjkz4', namespace: 'local-path-storage' },
      'MountVolume.SetUp failed for volume "kube-api-access-pljgx" : failed to sync configmap cache: timed out waiting for the condition',
    ]);
    // Without -A; spaces squeezed by a paste.
    expect(fieldsOf('11s   Warning FailedScheduling pod/nmap     0/20 nodes are available: 19 node(s) didn\'t match node selector.')).toEqual([
      'k8s-event',
      'warning',
      { reason: 'FailedScheduling', objectKind: 'pod', name: 'nmap' },
      "0/20 nodes are available: 19 node(s) didn't match node selector.",
    ]);
    // `kubectl events`: the series in the last-seen column, the kind spelled as the API does.
    expect(fieldsOf('2m (x5 over 10m)   Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-7d9 to 3')).toEqual([
      'k8s-event',
      'info',
      { reason: 'ScalingReplicaSet', objectKind: 'Deployment', name: 'web', count: 5 },
      'Scaled up replica set web-7d9 to 3',
    ]);
  });

  it('reads the columns kubectl printed before 1.14 and `kubectl describe` before 1.6', () => {
    expect(fieldsOf('1m          1m           1         nginx-5c7588df-7zjmt.15a0e0c3e5e5d1d2   Pod          spec.containers{nginx}     Normal    Pulling   kubelet, minikube      pulling image "nginx"')).toEqual([
      'k8s-event',
      'info',
      { reason: 'Pulling', kind: 'Pod', name: 'nginx-5c7588df-7zjmt', count: 1, component: 'kubelet, minikube' },
      'pulling image "nginx"',
    ]);
    // https://github.com/kubernetes/kubernetes/issues/40905
    expect(fieldsOf('1h  1h  9  {kubelet 10.1.2.2}  Warning  FailedMount  MountVolume.SetUp failed for volume "x" with: configmaps "prometheus" not found')).toEqual([
      'k8s-event',
      'warning',
      { reason: 'FailedMount', count: 9, component: 'kubelet, 10.1.2.2' },
      'MountVolume.SetUp failed for volume "x" with: configmaps "prometheus" not found',
    ]);
  });

  it('is not taken for other lines', () => {
    for (const line of [
      'LAST SEEN   TYPE      REASON             OBJECT                  MESSAGE',
      '5m Warning: the server is slow',
      'default 5m Warning FailedMount',
      'deployment/web rolled out',
      '2024-01-02 Warning FailedMount pod/x msg',
    ]) {
      expect(parseGetEvent(line)).toBeNull();
    }
  });

  it('starts an entry per row under the header', () => {
    const { entries } = assemble([
      'NAMESPACE   LAST SEEN   TYPE      REASON         OBJECT            MESSAGE',
      'default     2m          Warning   FailedCreate   replicaset/web-1  Error creating: pods "web-1-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=5, limited: pods=5',
      'default     1m          Normal    Scheduled      pod/web-1-abc     Successfully assigned default/web-1-abc to node-1',
    ]);
    expect(entries.map((e) => [e.format, e.line])).toEqual([
      ['unknown', 1],
      ['k8s-event', 2],
      ['k8s-event', 3],
    ]);
  });

  it('names the event object and its namespace in the finding and its fix', async () => {
    // https://github.com/openkruise/rollouts/issues/166
    const line =
      'ns-gg                                              120m        Warning   ReplicaSetCreateError                         deployment/nginx-test                                                 Failed to create new replica set "nginx-test-5f4f446ddf": replicasets.apps "nginx-test-5f4f446ddf" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can\'t set finalizers on: , <nil>';
    const file = join(tempDir('kld-events-'), 'events.txt');
    writeFileSync(file, `${line}\n`);
    const io = memoryIo();
    const code = await run(['node', 'kube-log-doctor', file, '-o', 'json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as { stats: { byFormat: Record<string, number> }; findings: { id: string; kinds: { kind: string }[]; objects: { namespace: string; name: string }[]; fixes: string[] }[] };
    expect(report.stats.byFormat).toEqual({ 'k8s-event': 1 });
    const f = report.findings.find((x) => x.id === 'ownerref-invalid-block-owner-deletion')!;
    expect(f.kinds.map((k) => k.kind).sort()).toEqual(['Deployment', 'ReplicaSet']);
    expect(f.objects).toEqual([expect.objectContaining({ namespace: 'ns-gg', name: 'nginx-test-5f4f446ddf' })]);
    expect(f.fixes.join('\n')).toContain("kubectl get replicasets.apps nginx-test-5f4f446ddf -n ns-gg -o jsonpath='{.metadata.ownerReferences}'");
  });
});
