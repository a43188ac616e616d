/** Layout recognition: every layout's paths get the right role and pod/container metadata, end to end. */

import { describe, expect, it } from 'vitest';
import { realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { walkDirectory } from '../../src/input/walk.js';
import { join } from 'node:path';
import { classify } from '../../src/input/classify.js';
import { analyzePaths, finding, gcLine, INFO_LINE, scratch, tree } from './helpers.js';

const MG = 'must-gather.local.1/quay-io-x-sha256-ab/';
const CID = 'c0ffee'.repeat(10) + 'abcd';

describe('classify', () => {
  it('must-gather: container logs with the doubled container name, previous.log, rotated CRI files', () => {
    expect(classify(`${MG}namespaces/ns1/pods/op-7d9f-x2x9q/manager/manager/logs/current.log`, '')).toEqual({
      role: 'log',
      meta: { layout: 'must-gather', namespace: 'ns1', pod: 'op-7d9f-x2x9q', container: 'manager', previous: false },
    });
    expect(classify(`${MG}namespaces/ns1/pods/op-7d9f-x2x9q/manager/manager/logs/previous.insecure.log`, '')).toMatchObject({
      meta: { previous: true },
    });
    expect(classify(`${MG}namespaces/ns1/pods/p/c/c/logs/rotated/2.log.20250612-100000`, '')).toEqual({
      role: 'log',
      meta: { layout: 'must-gather', namespace: 'ns1', pod: 'p', container: 'c', restart: 2 },
    });
    // Without the doubled container name it is not must-gather's container log.
    expect(classify(`${MG}namespaces/ns1/pods/p/c/d/logs/current.log`, '')).toMatchObject({ meta: { layout: 'plain' } });
  });

  it('must-gather: events, CRDs, discovery, journals are used; other API objects are skipped', () => {
    expect(classify(`${MG}namespaces/ns1/core/events.yaml`, '')).toEqual({ role: 'events', meta: { layout: 'must-gather', namespace: 'ns1' } });
    expect(classify(`${MG}cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/x.y.yaml`, '')).toEqual({ role: 'manifest' });
    expect(classify(`${MG}aggregated-discovery-apis.yaml`, '')).toEqual({ role: 'manifest' });
    expect(classify(`${MG}host_service_logs/masters/kubelet_service.log`, '')).toEqual({ role: 'log', meta: { layout: 'must-gather', unit: 'kubelet' } });
    expect(classify(`${MG}namespaces/ns1/core/pods.yaml`, '')).toEqual({ role: 'skip', reason: 'API object, not a log' });
  });

  it('/var/log/pods and /var/log/containers, current and legacy names', () => {
    expect(classify('node/var/log/pods/kube-system_kcm-node1_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/kcm/3.log', '')).toEqual({
      role: 'log',
      meta: { layout: 'pod-logs', namespace: 'kube-system', pod: 'kcm-node1', container: 'kcm', restart: 3 },
      dedupe: { group: 'node/var/log', container: 'kube-system/kcm-node1/kcm', side: 'pods' },
    });
    expect(classify(`var/log/containers/kcm-node1_kube-system_kube-controller-manager-${CID}.log`, '')).toEqual({
      role: 'log',
      meta: { layout: 'pod-logs', namespace: 'kube-system', pod: 'kcm-node1', container: 'kube-controller-manager' },
      dedupe: { group: 'var/log', container: 'kube-system/kcm-node1/kube-controller-manager', side: 'containers' },
    });
    expect(classify('var/log/pods/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager_1.log', '')).toEqual({
      role: 'log',
      meta: { layout: 'pod-logs', container: 'manager', restart: 1 },
    });
  });

  it('kind export logs: node directories, their journals, and kind metadata', () => {
    expect(classify('logs/kind-control-plane/pods/kube-system_etcd-kind-control-plane_abc/etcd/0.log', '')).toMatchObject({
      meta: { layout: 'kind-export', node: 'kind-control-plane', namespace: 'kube-system', pod: 'etcd-kind-control-plane', container: 'etcd' },
    });
    expect(classify('logs/dev-worker2/kubelet.log', '')).toEqual({ role: 'log', meta: { layout: 'kind-export', node: 'dev-worker2', unit: 'kubelet' } });
    expect(classify('logs/kind-version.txt', '')).toEqual({ role: 'skip', reason: 'kind export metadata, not a log' });
  });

  it('cluster-info dump: logs.txt and the stdout form by its first bytes; object lists skipped', () => {
    expect(classify('dump/kube-system/kcm-0/logs.txt', '==== START logs for container kcm of pod kube-system/kcm-0 ====\n')).toEqual({
      role: 'dump',
      meta: { layout: 'cluster-info-dump', namespace: 'kube-system', pod: 'kcm-0' },
    });
    expect(classify('dump.out', '{\n    "kind": "NodeList",\n')).toEqual({ role: 'dump', meta: { layout: 'cluster-info-dump' } });
    expect(classify('dump/kube-system/pods.json', '{\n')).toEqual({ role: 'skip', reason: 'API object list, not a log' });
  });

  it('plain directories: YAML is a manifest, pretty JSON is looked at, anything else is a log', () => {
    expect(classify('x/crds.yaml', 'apiVersion: v1\n')).toEqual({ role: 'manifest' });
    expect(classify('x/crds.json', '{\n  "kind": "List",\n  "items": [{"kind": "CustomResourceDefinition"')).toEqual({ role: 'manifest' });
    expect(classify('x/ev.json', '{\n  "kind": "EventList"')).toMatchObject({ role: 'events' });
    expect(classify('x/app.json', '{"level":"info","ts":1,"msg":"x"}\n')).toMatchObject({ role: 'log' });
    expect(classify('x/app.log', 'anything')).toEqual({ role: 'log', meta: { layout: 'plain' } });
  });
});

describe('layouts end to end', () => {
  it('/var/log/pods: the highest restart count is the current instance, lower ones are previous', async () => {
    const root = tree(scratch(), {
      'var/log/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/0.log': `2025-06-12T10:00:20.717515Z stderr F ${gcLine()}\n`,
      'var/log/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/1.log': `2025-06-12T10:05:00Z stderr F ${INFO_LINE}\n`,
    });
    const r = await analyzePaths([root]);
    expect(r.sources?.map((s) => [s.source.slice(root.length), s.previous])).toEqual([
      ['/var/log/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/0.log', true],
      ['/var/log/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/1.log', false],
    ]);
    expect(finding(r, 'gc-rest-mapping')?.evidence[0]).toMatchObject({ namespace: 'default', pod: 'op-0', container: 'manager', previous: true });
  });

  it('kind export: the containers/ copy of a pods/ log is analysed once', async () => {
    const same = `2025-06-12T10:00:20.717515Z stderr F ${gcLine()}\n`;
    const root = tree(scratch(), {
      'kind-version.txt': 'v0.24.0\n',
      'kind-control-plane/kubelet.log': 'Jun 12 10:00:00 kind-control-plane kubelet[201]: I0612 10:00:00.000001     201 server.go:484] "Kubelet version" kubeletVersion="v1.31.4"\n',
      [`kind-control-plane/containers/op-0_default_manager-${CID}.log`]: same,
      'kind-control-plane/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/0.log': same,
      [`kind-worker/containers/op-1_default_manager-${CID}.log`]: same,
      'kind-worker/pods/default_op-1_1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/0.log': `${same}${same}`,
    });
    const r = await analyzePaths([root]);
    expect(r.stats.inputs?.duplicates).toBe(1);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(1 + 1 + 2);
    expect(r.sources?.filter((s) => s.node === 'kind-control-plane').map((s) => s.source.slice(root.length + 1))).toEqual([
      'kind-control-plane/kubelet.log',
      'kind-control-plane/pods/default_op-0_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/manager/0.log',
    ]);
    expect(r.stats.inputs?.skipped).toEqual({ 'kind export metadata, not a log': 1 });
  });

  it('cluster-info dump stdout: log sections become sources, EventList items become entries, other lists are skipped', async () => {
    const nodeList = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'n1' }, message: 'unable to get REST mapping for v1/Fake.' }] }, null, 4);
    const events = JSON.stringify(
      {
        kind: 'EventList',
        apiVersion: 'v1',
        items: [
          {
            metadata: { name: 'e1', namespace: 'ns1' },
            involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'ns1', name: 'web', apiVersion: 'autoscaling/v2' },
            reason: 'FailedGetResourceMetric',
            message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
            type: 'Warning',
            lastTimestamp: '2025-06-12T10:04:51Z',
          },
        ],
      },
      null,
      4,
    );
    const text = [
      nodeList,
      events,
      '==== START logs for container kcm of pod kube-system/kcm-0 ====',
      INFO_LINE,
      `${gcLine()}==== END logs for container kcm of pod kube-system/kcm-0 ====`,
      '',
    ].join('\n');
    const path = join(tree(scratch(), { 'cluster-info.txt': text }), 'cluster-info.txt');
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toEqual([]);
    expect(r.sources?.map((s) => [s.source.slice(path.length), s.kind, s.lines])).toEqual([
      ['#kube-system/kcm-0/kcm', 'log', 2],
      ['#events', 'events', 1],
    ]);
    const gc = finding(r, 'gc-rest-mapping')!;
    expect(gc.count).toBe(1);
    expect(gc.evidence[0]).toMatchObject({ line: nodeList.split('\n').length + events.split('\n').length + 3, namespace: 'kube-system', pod: 'kcm-0', container: 'kcm' });
    const hpa = r.findings.find((f) => f.id.startsWith('hpa-metrics'))!;
    expect(hpa.evidence[0]).toMatchObject({ source: `${path}#events`, line: 1 });
    expect(hpa.evidence[0]!.text).toBe(
      'Warning FailedGetResourceMetric HorizontalPodAutoscaler ns1/web: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
    expect(hpa.objects).toEqual([{ kind: 'HorizontalPodAutoscaler', namespace: 'ns1', name: 'web', count: 1 }]);
    expect(r.stats.byLevel['warning']).toBe(1);
  });

  it('aggregated discovery in a must-gather fills the kind registry like a CRD does', async () => {
    const discovery = [
      'apiVersion: apidiscovery.k8s.io/v2',
      'items:',
      '- metadata:',
      '    creationTimestamp: null',
      '    name: autoscaling.aibrix.ai',
      '  versions:',
      '  - freshness: Current',
      '    resources:',
      '    - resource: podautoscalers',
      '      responseKind:',
      '        group: ""',
      '        kind: PodAutoscaler',
      '        version: ""',
      '      scope: Namespaced',
      '      singularResource: podautoscaler',
      '      verbs:',
      '      - get',
      '    version: v1alpha1',
      'kind: APIGroupDiscoveryList',
      'metadata: {}',
      '',
    ].join('\n');
    const root = tree(scratch(), {
      [`${MG}aggregated-discovery-apis.yaml`]: discovery,
      [`${MG}namespaces/kube-system/pods/kcm-0/kcm/kcm/logs/current.log`]: `2025-06-12T10:00:20.717515123Z ${gcLine()}\n`,
    });
    const r = await analyzePaths([root]);
    expect(r.stats.inputs?.bundleKinds).toBe(1);
    expect(r.findings[0]?.id).toBe('kind-case-mismatch');
  });

  it('directories: symlinks out of the inputs are skipped; within them, a file is read once; loops are entered once', async () => {
    const outside = tree(scratch(), { 'secret.log': `${gcLine()}\n` });
    const root = tree(scratch(), { 'var/log/pods/default_op-0_uid/manager/0.log': `${gcLine()}\n` });
    symlinkSync(join(outside, 'secret.log'), join(root, 'escape.log'));
    symlinkSync(join(root, 'var/log/pods/default_op-0_uid/manager/0.log'), join(root, 'var/log/op-0_default_manager.log'));
    symlinkSync(root, join(root, 'var/loop'));
    const r = await analyzePaths([root]);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(1);
    expect(r.stats.inputs?.skipped).toEqual({
      'directory loop': 1,
      'same file as another input (read once)': 1,
      'symlink leading out of the inputs': 1,
    });
    // The same link is followed once its target's tree is an input too.
    const both = await analyzePaths([root, outside]);
    expect(finding(both, 'gc-rest-mapping')?.count).toBe(2);
  });

  it('a node\'s /var/log/containers alone: its links into /var/log/pods are followed', async () => {
    const node = tree(scratch(), { 'pods/default_op-0_uid/manager/0.log': `${gcLine()}\n` });
    const containers = tree(scratch(), {});
    symlinkSync(join(node, 'pods/default_op-0_uid/manager/0.log'), join(containers, 'op-0_default_manager-0123456789abcdef.log'));
    const skipped: string[] = [];
    const files: string[] = [];
    // Links to regular files under the trusted directory (/var/log on a node) are followed.
    walkDirectory(containers, { file: (f) => files.push(f.label), skipped: (p, why) => skipped.push(why), error: (m) => skipped.push(m) }, { roots: [realpathSync(containers)], trustedDir: realpathSync(node) });
    expect(files).toEqual([join(containers, 'op-0_default_manager-0123456789abcdef.log')]);
    expect(skipped).toEqual([]);
    walkDirectory(containers, { file: (f) => files.push(f.label), skipped: (p, why) => skipped.push(why), error: (m) => skipped.push(m) }, { roots: [realpathSync(containers)], trustedDir: '/nonexistent' });
    expect(skipped).toEqual(['symlink leading out of the inputs']);
  });

  it('reads a file whose name is not valid UTF-8', async () => {
    const root = tree(scratch(), {});
    const name = Buffer.concat([Buffer.from(root + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.log')]);
    writeFileSync(name, `${gcLine()}\n`);
    const r = await analyzePaths([root]);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(1);
    expect(r.findings[0]!.evidence[0]!.source).toBe(`${root}/bad-\ufffd\ufffd.log`);
  });
});
