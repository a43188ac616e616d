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
  const eager = assemble(lines);
  const lazy = assemble(lines, { matchKeywords: keywords });
  expect(fired(lazy.entries)).toEqual(fired(eager.entries));
  expect(lazy.counters).toEqual(eager.counters);
  expect(balanced(eager.counters)).toBe(true);
  return eager;
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
});
