/**
 * Line shapes people paste (issue #19) and the envelope consistency of issue #17: each is read
 * as the entry it is and fires the signature it holds, with its kind; lazy parsing finds the
 * same; continuation is only what continues an entry; no line is matched twice.
 */

import { describe, expect, it } from 'vitest';
import { assemble, balanced } from './assemble.js';
import type { LogEntry } from '../../src/model/entry.js';
import { loadLibrary } from '../../src/library/load.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { EntryAssembler, newAssemblerCounters } from '../../src/parse/assembler.js';

const library = loadLibrary();
const matcher = new Matcher(library.patterns);
const keywords = signatureKeywords(library.patterns);
const T = '\t';

/** `id kind-or-dash` for every signature each entry fires, in entry order. */
function fired(entries: LogEntry[]): string[] {
  return entries.flatMap((e) => matcher.match(e).map((m) => `${m.pattern.spec.id} ${m.captures['kind'] ?? '-'}`));
}

/** Assembled eagerly and lazily: both must give the same entries' findings and counters. */
function both(lines: string[]) {
  const eager = assemble(lines, { startKeywords: keywords });
  const lazy = assemble(lines, { matchKeywords: keywords, startKeywords: keywords });
  expect(fired(lazy.entries)).toEqual(fired(eager.entries));
  expect(lazy.counters).toEqual(eager.counters);
  expect(balanced(eager.counters)).toBe(true);
  // The lazy path before decoding too, each line in one scratch buffer that the next one overwrites.
  const bytes = assembleBytes(lines);
  expect(fired(bytes.entries)).toEqual(fired(eager.entries));
  expect(bytes.counters).toEqual(eager.counters);
  return eager;
}

/** Lines fed as the framer feeds them: bytes first (pushBytes), decoded when it declines. */
function assembleBytes(lines: string[]) {
  const entries: LogEntry[] = [];
  const counters = newAssemblerCounters();
  const a = new EntryAssembler('test', counters, (e) => entries.push(e), 2024, { matchKeywords: keywords, startKeywords: keywords });
  const scratch = Buffer.alloc(Math.max(1, ...lines.map((l) => Buffer.byteLength(l))));
  lines.forEach((line, i) => {
    a.newBuffer();
    scratch.fill(0x7e);
    const n = scratch.write(line);
    if (!a.pushBytes(scratch, 0, n)) a.push(line, i + 1);
  });
  a.flush();
  return { entries, counters };
}

const KLOG = 'E0501 10:00:09.512515       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler."';
const ZAP_SPACES = '2024-05-01T10:00:03Z    ERROR   Reconciler error    {"controller": "memcached", "error": "no matches for kind \\"Memcached\\" in version \\"cache.example.com/v1\\""}';
const NO_KIND = 'no-kind-match-kind Memcached';

describe('issue #17: the same text gives the same findings whatever its envelope', () => {
  it('reads a zap console line with spaces after a klog line as its own entry, bare, in CRI and under --timestamps', () => {
    const bare = both([KLOG, ZAP_SPACES]);
    expect(bare.entries.map((e) => e.format)).toEqual(['klog', 'zap-console']);
    expect(bare.entries[0]!.continuation).toEqual([]);
    const expected = ['gc-rest-mapping PodAutoScaler', 'cr-reconciler-error -', NO_KIND];
    expect(fired(bare.entries)).toEqual(expected);
    const cri = both([KLOG, ZAP_SPACES].map((l) => `2024-05-01T10:00:09.600000000Z stderr F ${l}`));
    expect(fired(cri.entries)).toEqual(expected);
    const stamped = both([KLOG, ZAP_SPACES].map((l) => `2024-05-01T10:00:09.600000000Z ${l}`));
    expect(fired(stamped.entries)).toEqual(expected);
  });

  it('still peels a --timestamps envelope whose line is not zap console', () => {
    const { entries } = both(['2024-05-01T10:00:09.600000000Z fatal error: concurrent map writes']);
    expect(entries[0]!.envelope?.layers).toEqual(['kubectl-timestamps']);
    expect(entries[0]!.format).toBe('go-panic');
  });
});

describe('issue #19: line shapes', () => {
  it('reads zap console with spaces, an epoch float time, no time, or the logger first', () => {
    const { entries } = both([
      '2024-05-01T10:00:03.123Z        ERROR   controller.memcached    Reconciler error        {"error": "x"}',
      `1.7012345678901234e+09${T}ERROR${T}Reconciler error${T}{"error": "no matches for kind \\"Memcached\\" in version \\"cache.example.com/v1\\""}`,
      `ERROR${T}Reconciler error${T}{"error": "y"}`,
      '2024-05-01T10:00:03Z  manager  ERROR  Reconciler error  {"error": "z"}',
    ]);
    expect(entries.map((e) => [e.format, e.level, e.message, e.error])).toEqual([
      ['zap-console', 'error', 'Reconciler error', 'x'],
      ['zap-console', 'error', 'Reconciler error', 'no matches for kind "Memcached" in version "cache.example.com/v1"'],
      ['zap-console', 'error', 'Reconciler error', 'y'],
      ['zap-console', 'error', 'Reconciler error', 'z'],
    ]);
    expect(entries[0]!.fields['logger']).toBe('controller.memcached');
    expect(entries[1]!.time).toBe('2023-11-29T05:09:27.890Z');
    expect(entries[3]!.fields['logger']).toBe('manager');
  });

  it("reads logrus's TTY layout", () => {
    const { entries } = both(['ERRO[0021] failed to sync                                   error="no matches for kind \\"Foo\\" in version \\"x.io/v1\\"" name=bar']);
    expect(entries[0]).toMatchObject({ format: 'logrus', level: 'error', message: 'failed to sync', error: 'no matches for kind "Foo" in version "x.io/v1"', fields: { name: 'bar' } });
    expect(fired(entries)).toEqual(['no-kind-match-kind Foo']);
  });

  it('reads klog lines whose header was cut, quoted, indented, in k9s borders, behind syslog and journald prefixes', () => {
    const body = 'garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler"';
    const { entries, counters } = both([
      `1 ${body}`,
      body,
      `> ${KLOG}`,
      `>>> ${KLOG}`,
      `    ${KLOG}`,
      `│ ${KLOG} │`,
      `Mar  3 08:01:02 node1 kubelet[812]: ${KLOG}`,
      `2024-03-03T08:01:02+0000 node1 kubelet[812]: ${KLOG}`,
    ]);
    expect(entries.map((e) => e.format)).toEqual(Array(8).fill('klog'));
    expect(fired(entries)).toEqual(Array(8).fill('gc-rest-mapping PodAutoScaler'));
    expect(counters.unparsed).toBe(0);
    expect(entries[6]!.time).toBe('2024-05-01T10:00:09.512Z');
  });

  it('starts an entry at an indented log line, and keeps indented stack lines as continuation', () => {
    const { entries } = both(['  I0501 10:00:00.000000       1 main.go:1] first', `${T}main.go:12 +0x1d`, '  E0501 10:00:01.000000       1 main.go:2] second', '    at something']);
    expect(entries.map((e) => [e.message, e.continuation])).toEqual([
      ['first', [`${T}main.go:12 +0x1d`]],
      ['second', ['    at something']],
    ]);
  });

  it('re-joins a zap JSON object hard-wrapped over several lines, and a pretty-printed one', () => {
    const wrapped = both([
      '{"level":"error","ts":"2024-05-01T10:00:03Z","msg":"Reconciler error",',
      '"controller":"memcached","error":"no matches for kind \\"Memcached\\" in ver',
      'sion \\"cache.example.com/v1\\""}',
      'I0501 10:00:00.000000       1 main.go:1] after',
    ]);
    expect(wrapped.entries.map((e) => e.format)).toEqual(['zap-json', 'klog']);
    expect(wrapped.counters).toMatchObject({ lines: 4, entries: 2, continuation: 2, unparsed: 0 });
    expect(fired(wrapped.entries)).toEqual(['cr-reconciler-error -', NO_KIND]);
    const pretty = both(['{', '  "level": "error",', '  "ts": 1714557603.5,', '  "msg": "Reconciler error",', '  "error": "no matches for kind \\"Memcached\\" in version \\"cache.example.com/v1\\""', '}']);
    expect(pretty.entries.map((e) => e.format)).toEqual(['zap-json']);
    expect(fired(pretty.entries)).toEqual(['cr-reconciler-error -', NO_KIND]);
  });

  it('joins at most 64 lines into an unclosed JSON object; the lines after it are read as they are', () => {
    const lines = ['{"level":"error","msg":"never closed', ...Array.from({ length: 70 }, (_, i) => `piece ${i}`)];
    const { entries, counters } = both(lines);
    expect(entries.length).toBe(1 + 70 - 63);
    expect(counters).toMatchObject({ lines: 71, continuation: 63 });
  });

  it('re-joins a message hard-wrapped mid-word at 80 columns', () => {
    const line = 'E0501 10:00:09.512515       1 reflector.go:138] failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:default:x" cannot list resource "pods" in API group "" at the cluster scope';
    const pieces = [line.slice(0, 80), line.slice(80, 160), line.slice(160)];
    const { entries, counters } = both(pieces);
    expect(entries.length).toBe(1);
    expect(entries[0]!.message).toBe(line.slice(line.indexOf('] ') + 2));
    expect(fired(entries)).toEqual(['rbac-forbidden-cluster -']);
    expect(counters).toMatchObject({ lines: 3, entries: 1, continuation: 2 });
  });

  // https://github.com/rancher/fleet/issues/537: a file printed with `cat`, wrapped at about 70 columns between words.
  it('re-joins klog and logrus lines hard-wrapped between words at any width, with the space the wrap took', () => {
    const { entries, counters } = both([
      'time="2021-09-21T21:55:42Z" level=info msg="No access to list CRDs,',
      'assuming CRDs are pre-created."',
      'I0921 21:55:42.751447       1 leaderelection.go:243] attempting to acquire',
      'leader lease fleet-system/fleet-controller-lock...',
      'E0921 21:55:45.948126       1 memcache.go:196] couldn\'t get resource list',
      'for metrics.k8s.io/v1beta1: the server is currently unable to handle the',
      'request',
    ]);
    expect(entries.map((e) => e.message)).toEqual([
      'No access to list CRDs, assuming CRDs are pre-created.',
      'attempting to acquire leader lease fleet-system/fleet-controller-lock...',
      "couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request",
    ]);
    expect(entries.map((e) => e.line)).toEqual([1, 3, 5]);
    expect(fired(entries)).toContain('discovery-failure-resource-list -');
    expect(counters).toMatchObject({ lines: 7, entries: 3, continuation: 4, unparsed: 0 });
  });

  // https://github.com/projectsveltos/addon-controller/issues/1054: a terminal 237 columns wide, the last row of each line padded.
  it('re-joins a line cut mid-word at the width a terminal padded its lines to', () => {
    const first = 'W0223 16:48:25.984123       1 reflector.go:561] storage/cacher.go:/config.projectsveltos.io/clustersummaries: failed to list config.projectsveltos.io/v1alpha1, Kind=ClusterSummary: conversion webhook for config.projectsv';
    const rest = 'eltos.io/v1beta1, Kind=ClusterSummary failed: Post "https://webhook-service.projectsveltos.svc:443/convert?timeout=30s": service "webhook-service" not found';
    const { entries } = both([first, rest.padEnd(first.length, ' ')]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toContain('conversion webhook for config.projectsveltos.io/v1beta1, Kind=ClusterSummary failed: Post');
    expect(entries[0]!.message.endsWith('not found')).toBe(true);
    expect(fired(entries)).toContain('conversion-webhook-failed-call ClusterSummary');
  });

  it('re-joins a line cut mid-word at one width with no padding to show it, once two pieces have that width', () => {
    const line =
      'E0208 08:54:43.057787       1 azure_scale_set.go:199] List failed: Status=403 Code="AuthorizationFailed" Message="The client \'6053ad54\' with object id \'6053ad54\' does not have authorization to perform action \'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read\' over scope \'/subscriptions/x/resourceGroups/k8s\'."';
    const width = 90;
    const pieces = [line.slice(0, width), line.slice(width, 2 * width), line.slice(2 * width, 3 * width), line.slice(3 * width)];
    // Each cut is inside a word, and each piece after the first starts in lower case.
    expect(pieces.slice(1).every((p) => /^[a-z]/.test(p))).toBe(true);
    const { entries } = both(pieces);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toBe(line.slice(line.indexOf('] ') + 2));
    // Two pieces only: nothing shows a width, so the wrap is taken to have replaced a space...
    const cut = line.indexOf('authorization to') + 4;
    const two = both([line.slice(0, cut), line.slice(cut)]);
    expect(two.entries[0]!.message).toBe(`${line.slice(line.indexOf('] ') + 2, cut)} ${line.slice(cut)}`);
    // ...unless it cut a quoted token (no space in it since its quote opened): `Code="Author` goes on in `izationFailed"`.
    const token = both([line.slice(0, width), line.slice(width)]);
    expect(line.slice(0, width).endsWith('Code="Author')).toBe(true);
    expect(token.entries[0]!.message).toBe(line.slice(line.indexOf('] ') + 2));
  });

  // https://github.com/envoyproxy/gateway/issues/3387: cobra's error cut at the terminal width inside the quoted
  // group/version, the rest starting with a digit (which otherwise never goes on a line).
  it('re-joins a quoted token cut by the wrap when its rest starts with a digit', () => {
    const { entries } = both([
      'Error: failed to create provider Kubernetes: failted to create gatewayapi controller: no matches for kind "GRPCRoute" in version "gateway.networking.k',
      '8s.io/v1alpha2"',
      'Usage:',
    ]);
    expect(entries[0]!.message).toBe(
      'Error: failed to create provider Kubernetes: failted to create gatewayapi controller: no matches for kind "GRPCRoute" in version "gateway.networking.k8s.io/v1alpha2"',
    );
    expect(fired(entries)).toContain('no-kind-match-kind GRPCRoute');
    // A digit after a closed quote, or after a quoted string with a space in it, still starts a line of its own.
    expect(both(['msg "done"', '2024-05-01 10:00:00 next']).entries).toHaveLength(2);
    expect(both(['Error: bad value "a b', '42 items"']).entries).toHaveLength(2);
  });

  // https://github.com/prometheus-operator/prometheus-operator/issues/4114: wrapped inside the quoted msg, each piece ending in a space.
  // https://github.com/kubernetes-sigs/vsphere-csi-driver/issues/2802: k9s cut each row at the table's width, mid-word.
  it("re-joins a log line k9s cut at its table's width: a row whose text reaches the border goes on without a space", () => {
    const width = 60;
    const row = (s: string) => `│ ${s.padEnd(width)} │`;
    const line =
      'W0221 02:22:00.050445       1 reflector.go:424] k8s.io/client-go/tools/cache/reflector.go:117: failed to list *v1.VolumeSnapshotContent: the server could not find the requested resource (get volumesnapshotcontents.snapshot.storage.k8s.io)';
    const pieces: string[] = [];
    for (let at = 0; at < line.length; at += width) pieces.push(row(line.slice(at, at + width)));
    expect(pieces.every((p) => p.length === pieces[0]!.length)).toBe(true);
    const { entries } = both(pieces);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toBe(line.slice(line.indexOf('] ') + 2));
    expect(fired(entries).sort()).toEqual(['api-not-served-resource -', 'informer-list-watch-list -']);
    // A row k9s padded ended its line: the next row is a line of its own.
    expect(both([row('I0221 02:22:00.049524       1 main.go:1] short'), row('W0221 02:22:00.050445       1 main.go:2] next')]).entries).toHaveLength(2);
  });

  // https://github.com/kube-vip/kube-vip/issues/1099: every line ends in markdown's two-space line break.
  it('keeps the spaces a paste left at the end of a line out of the captures', () => {
    const line = 'I0311 06:13:45.374236       1 leaderelection.go:285] failed to renew lease kube-system/plndr-cp-lock: timed out waiting for the condition';
    const [bare] = both([line]).entries;
    const [padded] = both([`${line}  `]).entries;
    const [m] = matcher.match(padded!).filter((x) => x.pattern.spec.id === 'leader-election-renew-failed');
    expect(m!.captures['reason']).toBe('timed out waiting for the condition');
    expect(m!.captures).toEqual(matcher.match(bare!).find((x) => x.pattern.spec.id === 'leader-election-renew-failed')!.captures);
  });

  it('re-joins a logfmt line wrapped in four, each piece keeping its trailing space', () => {
    const { entries } = both([
      'level=error ts=2021-06-18T15:50:28.521Z caller=klog.go:116 component=k8s_client_runtime func=ErrorDepth ',
      'msg="pkg/mod/k8s.io/client-go@v0.21.0/tools/cache/reflector.go:167: Failed to watch *v1.Service: failed to list *v1.Service: ',
      'services is forbidden: User \\"system:serviceaccount:kogito:prometheus-operator\\" cannot ',
      'list resource \\"services\\" in API group \\"\\" in the namespace \\"kogito\\""',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ format: 'logfmt', level: 'error' });
    expect(fired(entries)).toEqual(['informer-list-watch-watch-legacy -', 'rbac-forbidden-namespaced -']);
  });

  // https://github.com/rabbitmq/cluster-operator/pull/642 (corpus case rabbitmq-cluster-operator-reconciler-error-wrapped-fields):
  // wrapped at its TABs, the context object (cut by the paste) on a line of its own.
  it('re-joins a zap console line wrapped at its TABs, its context object on a line of its own, whole or cut', () => {
    const context = '{"reconciler group": "rabbitmq.com", "reconciler kind": "RabbitmqCluster", "name": "r1", "namespace": "default", "error": "failed to run queue rebalance on pod r1-server-0: exit 1"}';
    for (const last of [context, context.slice(0, context.indexOf(' exit'))]) {
      const { entries, counters } = both([`2021-03-19T08:39:56.305Z${T}ERROR`, `controller-runtime.manager.controller.rabbitmqcluster${T}Reconciler error`, last]);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ format: 'zap-console', level: 'error', message: 'Reconciler error' });
      expect(entries[0]!.fields).toMatchObject({ logger: 'controller-runtime.manager.controller.rabbitmqcluster', 'reconciler kind': 'RabbitmqCluster', 'reconciler group': 'rabbitmq.com' });
      expect(entries[0]!.error?.startsWith('failed to run queue rebalance on pod r1-server-0:')).toBe(true);
      expect(fired(entries)).toEqual(['cr-reconciler-error -']);
      expect(counters).toMatchObject({ lines: 3, entries: 1, continuation: 2 });
    }
    // An info line (read lazily) takes its context the same way, and the inner error still matches.
    const info = both([`2021-03-19T08:39:56.305Z${T}INFO${T}controller${T}Starting workers`, '{"worker count": 1, "error": "pods \\"x\\" is forbidden: User \\"system:serviceaccount:a:b\\" cannot get resource \\"pods\\" in API group \\"\\" in the namespace \\"a\\""}']);
    expect(info.entries).toHaveLength(1);
    expect(fired(info.entries)).toEqual(['rbac-forbidden-namespaced -']);
  });

  it('takes no object line as a zap context when the line before has one, or when the object is a log line of its own', () => {
    const cases: Array<[string[], number]> = [
      [[`2024-05-01T10:00:03Z${T}ERROR${T}Reconciler error${T}{"controller": "memcached"}`, '{"name": "x"}'], 2],
      [[`2024-05-01T10:00:03Z${T}ERROR${T}Reconciler error`, '{"level":"error","ts":1616678127.54,"msg":"reconcile error","error":"eventbus not ready"}'], 2],
      [['E0921 21:55:45.948126       1 controller.go:196] sync failed', '{"name": "x"}'], 2],
    ];
    for (const [lines, n] of cases) expect(both(lines).entries.length, lines.join(' | ')).toBe(n);
  });

  it('joins no line that stands on its own: a log line, a stack frame, an upper-case line after a complete one, a keyword, a line after a padded one', () => {
    const klog = 'E0921 21:55:45.948126       1 controller.go:196] sync failed';
    const cases: Array<[string[], number]> = [
      [[klog, 'E0921 21:55:45.948127       1 controller.go:197] again'], 2],
      [[klog, 'Then I restarted the pod:'], 2],
      [[klog, 'github.com/acme/op/pkg/controller.(*Reconciler).Reconcile(0xc000123456)'], 1],
      [[klog, "couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request"], 2],
      [['2024-05-01T10:00:03Z    ERROR   Reconciler error    {"controller": "memcached"}', 'manager got it'], 2],
      [['I0921 21:55:45.948126       1 controller.go:196] done   ', 'and more'], 2],
      [['some prose the user wrote', 'and more prose'], 2],
    ];
    for (const [lines, n] of cases) {
      const { entries } = both(lines);
      expect(entries.length, lines.join(' | ')).toBe(n);
      if (n === 1) expect(entries[0]!.continuation).toEqual([lines[1]]);
    }
  });

  it('matches nothing in shell prompts and kubectl command lines pasted with the logs, and glues nothing to them', () => {
    const { entries } = both([
      '$ kubectl logs -n kube-system kcm | grep "unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler."',
      'user@host:~$ kubectl logs deploy/op',
      'kubectl logs deploy/op --since=1h',
      KLOG,
    ]);
    expect(entries.map((e) => e.format)).toEqual(['plain', 'plain', 'plain', 'klog']);
    expect(fired(entries)).toEqual(['gc-rest-mapping PodAutoScaler']);
  });

  it("reads a cloud console's jsonPayload view", () => {
    const { entries } = both([
      'jsonPayload: {',
      '  error: "no matches for kind \\"Widget\\" in version \\"example.com/v1\\""',
      '  level: "error"',
      '  msg: "Reconciler error"',
      '}',
    ]);
    expect(entries.length).toBe(1);
    expect(entries[0]).toMatchObject({ level: 'error', message: 'Reconciler error' });
    expect(fired(entries)).toEqual(['cr-reconciler-error -', 'no-kind-match-kind Widget']);
  });

  it('decodes JSON escapes in a JSON line cut before its end, and reads a log line inside it', () => {
    const { entries } = both([`{"level":"error","ts":"2024-05-01T10:00:00Z","msg":${JSON.stringify(KLOG).slice(0, -1)}`]);
    expect(entries[0]).toMatchObject({ format: 'klog', error: 'unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler.' });
    expect(fired(entries)).toEqual(['gc-rest-mapping PodAutoScaler']);
  });

  it('reads a quote that lost its backslash in a broken JSON line as part of its string', () => {
    // https://github.com/sigstore/policy-controller (corpus case sigstore-policy-controller-crd-not-webhook-conversion-mangled)
    const line = '{"level":"error","logger":"clusterimagepolicy.ConversionWebhook","msg":"Reconcile error","duration":0.000191399,"error":"custom resource "clusterimagepolicies.policy.sigstore.dev" isn\'t configured for webhook conversion","stacktrace":';
    const { entries } = both([line]);
    expect(entries[0]).toMatchObject({ message: 'Reconcile error', error: 'custom resource "clusterimagepolicies.policy.sigstore.dev" isn\'t configured for webhook conversion' });
    expect(fired(entries).map((f) => f.split(' ')[0])).toContain('crd-conversion-not-configured');
  });

  it('matches the seed case quoted without its final period', () => {
    expect(fired(both(['unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler']).entries)).toEqual(['gc-rest-mapping PodAutoScaler']);
  });

  it('reads a URL that a paste turned into a markdown link as the URL, so its captures hold', () => {
    const url = 'https://10.96.0.1:443/api/v1/pods?limit=500';
    const line = `W0612 10:11:12.123456       1 reflector.go:561] failed to list *v1.Pod: Get "[${url}](${url})": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-06-12T10:11:12Z is after 2025-05-30T08:00:00Z`;
    const { entries } = both([line]);
    const m = matcher.match(entries[0]!).find((x) => x.pattern.spec.id === 'tls-x509-expired');
    expect(m?.captures).toMatchObject({ host: '10.96.0.1', direction: 'after' });
  });

  it('reads lines indented like the first one as entries of their own, and an indented journal line as the journal line', () => {
    const forbidden = (r: string) => `   resource: /${r} error: /${r}.networking.gke.io is forbidden: User "system:serviceaccount:velero:velero-server" cannot list resource "${r}" in API group "networking.gke.io" in the namespace "default"`;
    const siblings = both([forbidden('frontendconfigs'), forbidden('backendconfigs'), `     ${T}deeper: a continuation`]);
    expect(siblings.entries.map((e) => e.continuation.length)).toEqual([0, 1]);
    expect(fired(siblings.entries).filter((f) => f.startsWith('rbac-forbidden'))).toHaveLength(2);
    const journal = both([`    Jan  9 17:17:07 localhost journal: ${KLOG}`]);
    expect(journal.entries[0]).toMatchObject({ format: 'klog', level: 'error' });
  });
  it("reads the MESSAGE= field of journalctl's verbose and export records as the logged line", () => {
    const verbose = both(['$ sudo journalctl -xeu kubelet -o verbose', '    _TRANSPORT=stdout', '    PRIORITY=3', '    SYSLOG_IDENTIFIER=kubelet', `    MESSAGE=${KLOG}`, '    _PID=76951']);
    expect(verbose.entries.map((e) => e.format)).toEqual(['plain', 'klog']);
    expect(fired(verbose.entries)).toContain('gc-rest-mapping PodAutoScaler');
    const exported = both(['__CURSOR=s=285ed22a;i=1', 'PRIORITY=3', `MESSAGE=${KLOG}`, '_PID=76951']);
    expect(fired(exported.entries)).toContain('gc-rest-mapping PodAutoScaler');
    // Only the field's name at the start: the word elsewhere is text.
    expect(both(['  XMESSAGE=E0501 is not a field']).entries[0]).toMatchObject({ message: 'XMESSAGE=E0501 is not a field' });
  });
  it('reads a klog line cut down to the bracket that ends its header (`grep -o "].*"`)', () => {
    const { entries } = both([
      '$ grep -iE "^E.*$" cvo.log | grep -oiE "].*" | sort -u',
      '] Failed to update lock optimistically: Put "https://api-int.example:6443/apis/coordination.k8s.io/v1/namespaces/openshift-cluster-version/leases/version": read tcp 10.0.112.186:42920->10.0.57.213:6443: read: connection reset by peer, falling back to slow path',
      `] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler."`,
    ]);
    expect(entries.map((e) => [e.format, e.level])).toEqual([['plain', null], ['klog', null], ['klog', null]]);
    expect(entries[2]!.error).toBe('unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler.');
    expect(fired(entries)).toContain('gc-rest-mapping PodAutoScaler');
    // A bracket alone, or one before more spaces, is not such a line.
    expect(both([']', ']   x']).entries.map((e) => e.format)).toEqual(['unknown', 'unknown']);
  });

  it('reads a log line quoted as inline code in a sentence', () => {
    const { entries } = both([
      `However, when it was submitted, the operator got errors: \`2022-02-28T09:49:55.707Z${T}ERROR${T}Reconcile PyTorchJob error${T}{"pytorchjob": "default/mnist", "error": "PyTorchJob.kubeflow.org \\"mnist\\" is invalid: status.replicaStatuses: Invalid value: \\"null\\": status.replicaStatuses in body must be of type object: \\"null\\""}\`. <br>`,
      'Run `kubectl get pods` and `kubectl describe pod x` to see more.',
    ]);
    expect(entries.map((e) => [e.format, e.level])).toEqual([['zap-console', 'error'], ['unknown', null]]);
    expect(entries[0]!.error).toBe('PyTorchJob.kubeflow.org "mnist" is invalid: status.replicaStatuses: Invalid value: "null": status.replicaStatuses in body must be of type object: "null"');
    expect(fired(entries)).toContain('validation-invalid -');
  });

  it("reads hclog lines (Vault, Consul) with their pairs, and a value written over '  | ' lines as the entry's error", () => {
    const { entries, counters } = both([
      '2021-11-22T17:45:28.794Z [INFO]  auth.handler: authenticating',
      '2021-11-22T17:45:58.799Z [ERROR] auth.handler: error authenticating:',
      '  error=',
      '  | Error making API request.',
      '  | ',
      '  | URL: PUT https://vault.example.com/v1/auth/kubernetes/login',
      '  | Code: 403. Errors:',
      '  | ',
      '  | * permission denied',
      '   backoff=4.65s',
      '2023-04-03T15:42:38.374Z [WARN]  agent: template server stopped: reason="context canceled" attempts=3',
    ]);
    expect(entries.map((e) => [e.format, e.level, e.time, e.message, e.envelope])).toEqual([
      ['hclog', 'info', '2021-11-22T17:45:28.794Z', 'authenticating', null],
      ['hclog', 'error', '2021-11-22T17:45:58.799Z', 'error authenticating:', null],
      ['hclog', 'warning', '2023-04-03T15:42:38.374Z', 'template server stopped:', null],
    ]);
    expect(entries[1]!.error).toBe('Error making API request.\n\nURL: PUT https://vault.example.com/v1/auth/kubernetes/login\nCode: 403. Errors:\n\n* permission denied');
    expect(entries[1]!.fields).toMatchObject({ logger: 'auth.handler', backoff: '4.65s' });
    expect(entries[2]!.fields).toMatchObject({ logger: 'agent', reason: 'context canceled', attempts: '3' });
    expect(counters.continuation).toBe(8);
    expect(fired(entries)).toEqual(['vault-login-denied -']);
  });

  // https://github.com/etcd-io/etcd/issues/7507 (etcd 3.1), Rook's operator, MinIO's console.
  it("reads capnslog's 'date time L | pkg: message' lines (etcd before 3.4, Rook) with their level and package", () => {
    const { entries, counters } = both([
      '2017-03-15 13:01:01.883720 W | etcdserver: apply entries took too long [279.788ms for 1 entries]',
      '2019-08-23 07:35:13.414685 E | op-mon: failed to delete legacy mon replicaset',
      '2021-02-19 18:02:35.669526 I | 2021/02/19 18:02:35 server.go:129: Serving console at http://[::]:9090',
    ]);
    expect(counters.unparsed).toBe(0);
    expect(entries.map((e) => [e.format, e.level, e.fields['pkg'] ?? null])).toEqual([
      ['capnslog', 'warning', 'etcdserver'],
      ['capnslog', 'error', 'op-mon'],
      ['capnslog', 'info', null],
    ]);
    expect(entries[0]).toMatchObject({ time: '2017-03-15T13:01:01.883Z', message: 'apply entries took too long [279.788ms for 1 entries]' });
    expect(fired(entries)).toEqual(['etcd-slow-requests-apply -']);
  });

  it("reads CoreDNS's [LEVEL] plugin/<name>: lines, with or without a time in front", () => {
    const list = 'pkg/mod/k8s.io/client-go@v0.26.1/tools/cache/reflector.go:169: failed to list *v1.EndpointSlice: endpointslices.discovery.k8s.io is forbidden: User "system:serviceaccount:kube-system:coredns" cannot list resource "endpointslices" in API group "discovery.k8s.io" at the cluster scope';
    const { entries } = both([`[INFO] plugin/kubernetes: ${list}`, `2019-09-26T18:56:57.880Z [ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.5:45678->8.8.8.8:53: i/o timeout`, '[WARNING] No files matching import glob pattern: custom/*.override', '.:53', 'CoreDNS-1.10.1']);
    expect(entries.map((e) => [e.format, e.level, e.fields['plugin'] ?? null, e.time])).toEqual([
      ['coredns', 'info', 'kubernetes', null],
      ['coredns', 'error', 'errors', '2019-09-26T18:56:57.880Z'],
      ['coredns', 'warning', null, null],
      // Its start-up banner is plain text of known origin.
      ['plain', null, null, null],
      ['plain', null, null, null],
    ]);
    expect(entries[0]!.message).toBe(list);
    expect(fired(entries)).toEqual(expect.arrayContaining(['rbac-forbidden-cluster -', 'informer-list-watch-list -']));
  });
});

describe('klog routed through a JSON logger', () => {
  it("reads a whole klog line in a JSON log's message as klog (shell-operator's source=klog), the JSON's level and time kept", () => {
    const { entries } = both([
      '{"level":"error","msg":"E1005 12:14:24.777262      10 reflector.go:127] pkg/mod/k8s.io/client-go@v0.19.11/tools/cache/reflector.go:156: Failed to watch *v1.ConfigMap: unknown\\n","source":"klog","time":"2022-10-05T12:14:24Z"}',
      '{"level":"error","msg":"E0501 10:00:09.512515       1 garbagecollector.go:360] \\"error syncing item\\" err=\\"unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler.\\"","time":"2024-05-01T10:00:09Z"}',
      '{"level":"info","msg":"E is for error, 2 of them","time":"2024-05-01T10:00:09Z"}',
    ]);
    expect(entries.map((e) => [e.format, e.level, e.time, e.message])).toEqual([
      ['logrus-json', 'error', '2022-10-05T12:14:24.000Z', 'pkg/mod/k8s.io/client-go@v0.19.11/tools/cache/reflector.go:156: Failed to watch *v1.ConfigMap: unknown'],
      ['logrus-json', 'error', '2024-05-01T10:00:09.000Z', 'error syncing item'],
      ['logrus-json', 'info', '2024-05-01T10:00:09.000Z', 'E is for error, 2 of them'],
    ]);
    expect(entries[0]!.fields['source']).toBe('klog');
    expect(fired(entries)).toEqual(['informer-list-watch-watch-legacy -', 'gc-rest-mapping PodAutoScaler']);
  });
});

describe("kubectl's error line wrapped by a terminal", () => {
  it('takes the lines wrapped off it as its rest: a lower-case start, the URL after Go\'s method, a link after a colon', () => {
    // https://github.com/open-telemetry/opentelemetry-operator (corpus case otel-operator-collector-webhook-refused-kubectl-wrapped)
    const { entries } = both([
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling',
      'webhook "mopentelemetrycollector.kb.io": failed to call webhook: Post',
      '"https://opentelemetry-operator-webhook-service.opentelemetry-operator-system.svc:443/mutate-opentelemetry-io-v1alpha1-',
      'opentelemetrycollector?timeout=10s": dial tcp 10.109.65.200:443:',
      'connect: connection refused',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toBe(
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "mopentelemetrycollector.kb.io": failed to call webhook: Post "https://opentelemetry-operator-webhook-service.opentelemetry-operator-system.svc:443/mutate-opentelemetry-io-v1alpha1-opentelemetrycollector?timeout=10s": dial tcp 10.109.65.200:443: connect: connection refused',
    );
    expect(fired(entries).map((f) => f.split(' ')[0])).toContain('webhook-call-failed-connection-refused');
  });

  it('does not take a capitalised line, or lines after plain text that is not an error', () => {
    const { entries } = both(['error: the server doesn\'t have a resource type "rollouts"', 'Please install the CRDs first.', 'Installing charts', 'some more text']);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3, 4]);
  });
});

describe('a quoted token cut before a digit', () => {
  it('is joined the same from a quiet line as from a decoded one (fast-check counterexample)', () => {
    const { entries, counters } = both([
      'I0501 10:00:06.391915       1 controllermanager.go:787] "error":{"x":1},Started controller" controller="garbage-collector-controller"',
      "2024-02-30T10:00:00Z\tINFO\tI1025 21:52:17.033838       1 logs.go:41] [x.redacted.domain] Error self checking HTTP01 challenge: wrong status code '404'",
    ]);
    expect(entries).toHaveLength(1);
    expect(counters.continuation).toBe(1);
  });
});
