/** The corpus pass rule itself (scripts/corpus-lib.mjs), on hand-made reports. */

import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with scripts/corpus-rate.mjs
import * as corpus from '../../scripts/corpus-lib.mjs';

const finding = (over: Record<string, unknown> = {}) => ({
  id: 'rbac-forbidden-cluster',
  family: 'rbac-forbidden',
  severity: 'error',
  title: 'Request forbidden by RBAC at the cluster scope',
  diagnosis: 'The service account cannot list clusterissuers.',
  fixes: ['kubectl auth can-i list clusterissuers.cert-manager.io'],
  kinds: [{ group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer', resource: 'clusterissuers' }],
  ...over,
});
const result = (findings: unknown[], code = 0) => ({ code, report: { findings }, stderr: '' });
const problem = (expect: Record<string, string[]>) => ({
  healthy: false,
  expect: { families: [], findings: [], kinds: [], ...expect },
});
const healthy = { healthy: true, expect: { families: [], findings: [], kinds: [] } };

describe('corpus pass rule', () => {
  it('reads every kind reference form', () => {
    expect(corpus.parseKindRef('Pod')).toEqual({ kind: 'Pod' });
    expect(corpus.parseKindRef('v1/Pod')).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(corpus.parseKindRef('apps/v1/Deployment')).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(corpus.parseKindRef('ClusterIssuer.cert-manager.io')).toEqual({ kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(corpus.parseKindRef('backups.velero.io')).toEqual({ resource: 'backups', group: 'velero.io' });
    expect(corpus.parseKindRef('services')).toEqual({ resource: 'services', group: '' });
  });

  it('passes a problem case only with every family and kind', () => {
    const spec = problem({ families: ['rbac-forbidden'], kinds: ['ClusterIssuer.cert-manager.io'] });
    expect(corpus.evaluate(spec, result([finding()])).pass).toBe(true);
    const wrongGroup = finding({ kinds: [{ group: null, version: 'v1', kind: 'ClusterIssuer', resource: null }] });
    expect(corpus.evaluate(spec, result([wrongGroup])).reasons).toEqual([
      'kind missing: ClusterIssuer.cert-manager.io (got v1/ClusterIssuer)',
    ]);
    const other = finding({ family: 'informer-list-watch', id: 'informer-list-watch-list' });
    expect(corpus.evaluate(spec, result([other])).reasons[0]).toMatch(/^family missing: rbac-forbidden/);
  });

  it('matches a resource reference against the kind resource and group', () => {
    const spec = problem({ families: ['rbac-forbidden'], kinds: ['clusterissuers.cert-manager.io'] });
    expect(corpus.evaluate(spec, result([finding()])).pass).toBe(true);
    const spec2 = problem({ families: ['rbac-forbidden'], kinds: ['clusterissuers.example.com'] });
    expect(corpus.evaluate(spec2, result([finding()])).pass).toBe(false);
  });

  it('fails a healthy case on an error or critical finding, not on a warning', () => {
    expect(corpus.evaluate(healthy, result([finding({ severity: 'warning' })])).pass).toBe(true);
    expect(corpus.evaluate(healthy, result([finding({ severity: 'critical' })])).reasons).toEqual([
      'healthy: critical rbac-forbidden-cluster',
    ]);
  });

  it('fails on an unfilled placeholder, a crash exit code or a missing report', () => {
    const spec = problem({ families: ['rbac-forbidden'] });
    expect(corpus.evaluate(spec, result([finding({ fixes: ['kubectl get crd {{ crd }}'] })])).reasons).toEqual([
      'template: rbac-forbidden-cluster shows {{ crd }}',
    ]);
    expect(corpus.evaluate(spec, result([finding()], 70)).pass).toBe(false);
    expect(corpus.evaluate(spec, { code: 2, report: null, stderr: 'bad' }).pass).toBe(false);
  });

  it('reads the causes of a known failure', () => {
    expect(corpus.causesOf('kind: not joined')).toEqual(['kind']);
    expect(corpus.causesOf('template+line-shape: x')).toEqual(['template', 'line-shape']);
    expect(corpus.causesOf('typo: x')).toEqual([]);
    expect(corpus.causesOf('kind:no space')).toEqual([]);
  });

  it('validates case.json', () => {
    const ok = {
      source: 'https://github.com/o/r/issues/1',
      component: 'velero',
      shapes: ['logrus'],
      healthy: false,
      expect: { families: ['rbac-forbidden'], findings: ['new:x-y'], kinds: ['Pod'] },
      note: 'n',
    };
    expect(corpus.CaseSchema.safeParse(ok).success).toBe(true);
    expect(corpus.CaseSchema.safeParse({ ...ok, source: 'http://x' }).success).toBe(false);
    expect(corpus.CaseSchema.safeParse({ ...ok, shapes: ['nonsense'] }).success).toBe(false);
    expect(corpus.CaseSchema.safeParse({ ...ok, healthy: true }).success).toBe(false);
    expect(corpus.CaseSchema.safeParse({ ...ok, expect: { ...ok.expect, families: [] } }).success).toBe(false);
    expect(corpus.CaseSchema.safeParse({ ...ok, expect: { ...ok.expect, kinds: ['group/Kind'] } }).success).toBe(false);
  });
});
