/**
 * One sample per chain rule (samples/chains/<rule>.log), through the built CLI: the JSON links the
 * cause to the effect, and the text report draws the chain under "Root causes".
 */

import { describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';

/** sample → [cause id, effect id] links the report must contain. */
const CASES: [string, [string, string][]][] = [
  ['metrics-api-breaks-hpa', [['apiservice-unavailable-503', 'hpa-metrics-unavailable-resource']]],
  ['discovery-breaks-gc-monitors', [['discovery-failure-partial', 'gc-monitor-sync-monitors'], ['discovery-failure-partial', 'no-kind-match-resource']]],
  ['tls-breaks-webhook', [['tls-x509-unknown-authority', 'webhook-call-failed-x509'], ['webhook-call-failed-x509', 'cr-reconciler-error']]],
  ['dns-breaks-connection', [['dns-lookup-no-such-host', 'leader-election-acquire-failed'], ['dns-lookup-no-such-host', 'informer-list-watch-list']]],
  ['webhook-breaks-reconcile', [['webhook-call-failed-no-endpoints', 'cr-reconciler-error']]],
  ['rbac-breaks-cache-sync', [['rbac-forbidden-cluster', 'informer-list-watch-watch-structured'], ['informer-list-watch-watch-structured', 'cr-cache-sync-timeout-source-start']]],
  ['apiserver-loss-breaks-leader-election', [['apiserver-unreachable-connection-refused', 'leader-election-renew-failed']]],
  ['inner-error-explains-reconcile-error', [['optimistic-lock-conflict-modified', 'cr-reconciler-error']]],
];

function links(report: any): string[] {
  const byKey = new Map<string, any>(report.findings.map((f: any) => [f.key, f]));
  return report.findings.flatMap((f: any) => f.causes.map((k: string) => `${f.id} → ${byKey.get(k).id}`));
}

describe('chain rules end to end', () => {
  it.each(CASES)('%s', async (sample, expected) => {
    const { report } = await runJson([`samples/chains/${sample}.log`]);
    const got = links(report);
    for (const [cause, effect] of expected) expect(got).toContain(`${cause} → ${effect}`);
    // causedBy mirrors causes, and the first finding is a root cause.
    for (const f of report.findings) for (const k of f.causes) expect(report.findings.find((x: any) => x.key === k).causedBy).toContain(f.key);
    expect(report.findings[0].causedBy).toEqual([]);
    expect(report.findings[0].causes.length).toBeGreaterThan(0);
  });

  it('draws the chain as a tree in text and markdown, and drops links a longer path implies', async () => {
    const text = (await runInProcess(['samples/chains/tls-breaks-webhook.log'])).stdout;
    expect(text).toMatch(/Root causes\n {2}tls-x509-unknown-authority ×1 .*\n {2}└─ webhook-call-failed-x509 ×1 .*\n {5}└─ cr-reconciler-error ×1/);
    const md = (await runInProcess(['samples/chains/tls-breaks-webhook.log', '-o', 'markdown'])).stdout;
    expect(md).toContain('**Root causes**');
    expect(md).toContain('   └─ WARNING cr-reconciler-error ×1');
    const { report } = await runJson(['samples/chains/tls-breaks-webhook.log']);
    expect(links(report)).not.toContain('tls-x509-unknown-authority → cr-reconciler-error');
  });
});
