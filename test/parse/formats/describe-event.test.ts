/** Rows of `kubectl describe`'s Events table, pasted with or without the table around them. */

import { describe, expect, it } from 'vitest';
import { assemble } from '../assemble.js';
import { parseDescribeEvent } from '../../../src/parse/formats/describe-event.js';
import { loadLibrary } from '../../../src/library/load.js';
import { Matcher } from '../../../src/match/matcher.js';

const matcher = new Matcher(loadLibrary().patterns);

describe('kubectl describe events', () => {
  it('reads type, reason, the count of a series, the reporting component and the message', () => {
    const rows = [
      '  Warning  FailedGetScale    10s (x3 over 40s)  horizontal-pod-autoscaler  no matches for kind "Rollout" in group "argoproj.io"',
      'Normal  Scheduled  2m5s  default-scheduler  Successfully assigned default/web-0 to node-1',
      // Spaces squeezed by a paste; kubectl before 1.14 put the node after the component.
      'Warning FailedMount 3h2m kubelet, ip-10-0-1-7.ec2.internal Unable to attach or mount volumes: unmounted volumes=[data]',
      'Warning  BackOff  <unknown>  kubelet  Back-off restarting failed container',
    ];
    expect(rows.map((r) => parseDescribeEvent(r.trimStart())).map((p) => p && [p.format, p.level, p.fields, p.message])).toEqual([
      ['k8s-event', 'warning', { reason: 'FailedGetScale', component: 'horizontal-pod-autoscaler', count: 3 }, 'no matches for kind "Rollout" in group "argoproj.io"'],
      ['k8s-event', 'info', { reason: 'Scheduled', component: 'default-scheduler' }, 'Successfully assigned default/web-0 to node-1'],
      ['k8s-event', 'warning', { reason: 'FailedMount', component: 'kubelet, ip-10-0-1-7.ec2.internal' }, 'Unable to attach or mount volumes: unmounted volumes=[data]'],
      ['k8s-event', 'warning', { reason: 'BackOff', component: 'kubelet' }, 'Back-off restarting failed container'],
    ]);
  });

  it('is not taken for prose or other lines that start with the same words', () => {
    for (const line of ['Warning: resource deployments/x is missing the annotation', 'Normal operation resumed after 5m of downtime', 'Warning  FailedMount']) {
      expect(parseDescribeEvent(line)).toBeNull();
    }
  });

  it('starts an entry per row under the "Events:" heading, so each row is matched (they were all continuation of the heading)', () => {
    const { entries, counters } = assemble([
      'Events:',
      '  Type     Reason                        Age                From                       Message',
      '  ----     ------                        ----               ----                       -------',
      '  Warning  FailedGetResourceMetric       2m (x41 over 12m)  horizontal-pod-autoscaler  failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
      '  Warning  FailedGetScale                10s (x3 over 40s)  horizontal-pod-autoscaler  no matches for kind "Rollout" in group "argoproj.io"',
      '  Normal   SuccessfulRescale             1m                 horizontal-pod-autoscaler  New size: 3; reason: cpu resource utilization (percentage of request) above target',
    ]);
    expect(entries.map((e) => [e.format, e.line])).toEqual([
      ['unknown', 1],
      ['k8s-event', 4],
      ['k8s-event', 5],
      ['k8s-event', 6],
    ]);
    expect(counters.continuation).toBe(2);
    const fired = entries.flatMap((e) => matcher.match(e).map((m) => m.pattern.spec.id));
    expect(fired).toContain('hpa-metrics-unavailable-resource');
    expect(fired).toContain('no-kind-match-kind');
  });
});
