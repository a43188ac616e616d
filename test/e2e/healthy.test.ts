/**
 * Precision: clean start-up and steady-state logs of kube-controller-manager, a controller-runtime
 * operator and a cert-manager-style controller raise nothing above info (samples/healthy/).
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runJson } from './helpers.js';

const files = readdirSync(`${ROOT}/samples/healthy`).filter((f) => f.endsWith('.log'));

describe('healthy logs', () => {
  it('has samples for all three kinds of component', async () => {
    expect(files).toEqual(['cert-manager-controller.log', 'kube-controller-manager.log', 'memcached-operator.log']);
  });

  it.each(files)('%s raises no finding above info', async (file) => {
    const { code, report } = await runJson([`samples/healthy/${file}`, '--fail-on', 'warning']);
    expect(report.stats.entries).toBeGreaterThan(40);
    expect(report.stats.unparsed).toBe(0);
    expect(report.findings.filter((f: any) => f.severity !== 'info').map((f: any) => f.key)).toEqual([]);
    expect(code).toBe(0);
  });
});
