/** The variables a template may use besides its captures: derived from the kind and the object. */

import { describe, expect, it } from 'vitest';
import { templateVars } from '../../src/correlate/aggregate.js';
import { runInProcess } from '../e2e/helpers.js';

const kind = (group: string | null, version: string | null) => ({ group, version, kind: null, resource: 'pods' });

describe('apiPath', () => {
  it('is /api/<version> for the core group and /apis/<group>/<version> for the others', () => {
    expect(templateVars({}, kind('', 'v1'), null)['apiPath']).toBe('/api/v1');
    expect(templateVars({}, kind('metrics.k8s.io', 'v1beta1'), null)['apiPath']).toBe('/apis/metrics.k8s.io/v1beta1');
  });

  it('is unknown for a wildcard or missing version', () => {
    expect(templateVars({ version: '*' }, kind('', '*'), null)['apiPath']).toBeUndefined();
    expect(templateVars({}, kind('apps', null), null)['apiPath']).toBeUndefined();
  });

  it('gives the core group a discovery path that exists in the no-kind-match fix', async () => {
    const r = await runInProcess(['-'], { input: 'E0612 10:11:12.123456       1 x.go:1] failed: no matches for /v1, Resource=pods\n' });
    expect(r.stdout).toContain("`kubectl get --raw '/api/v1'`".slice(1, -1));
    expect(r.stdout).not.toContain('/apis//v1');
  });
});
