/**
 * The kubectl commands that near misses from the catalog and from kinds the logs name print (the
 * samples of samples/catalog and samples/seen-in-log, through the built CLI, in-process) are ones a real kubectl
 * accepts, each value one word. As kubectl-accepts.test.ts: run against a closed port, so kubectl
 * must fail to connect, never with a usage error; skipped only where kubectl is not installed.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runJson } from '../e2e/helpers.js';
import { bashWordsMany } from './shell-words.js';
import { hasKubectl, kubectlRejects, kubectlShape } from './kubectl.js';
import { tempDir } from '../tmp.js';


async function commands(): Promise<{ sample: string; command: string }[]> {
  const out: { sample: string; command: string }[] = [];
  for (const base of ['samples/catalog', 'samples/seen-in-log']) {
    for (const name of readdirSync(join(ROOT, base))) {
      const { report } = await runJson([join(ROOT, base, name)]);
      for (const f of report.findings) {
        if (f.origin !== 'registry') continue;
        for (const fix of f.fixes as string[]) {
          const at = fix.indexOf('kubectl ');
          if (at !== -1) out.push({ sample: `${base}/${name} ${f.id}`, command: fix.slice(at) });
        }
      }
    }
  }
  return out;
}


describe.skipIf(!hasKubectl)('kubectl accepts the commands of catalog and seen-in-log near misses', () => {
  it('accepts them all', async () => {
    const cmds = await commands();
    const words = bashWordsMany(cmds.map((c) => c.command));
    const home = tempDir('kld-kubectl-');
    const distinct = new Set<string>();
    const invocations = new Map<string, { args: string[]; where: string }>();
    for (const [i, { sample, command }] of cmds.entries()) {
      const record = words[i]!.find((r) => r.includes('kubectl'));
      expect(record, command).toBeDefined();
      // `… | grep …`: only the kubectl part runs here.
      const args = record!.slice(record!.indexOf('kubectl') + 1);
      // `kubectl get crd <name> -o jsonpath=…`: the CRD name is one word, the plural.group of the catalog kind.
      if (args[0] === 'get' && args[1] === 'crd') expect(args[2], command).toMatch(/^[a-z0-9-]+\.[a-z0-9.-]+$/);
      distinct.add(args.join(' '));
      // One kubectl run per shape (see kubectlShape): the others differ only in names kubectl cannot check offline.
      invocations.set(kubectlShape(args), { args, where: `${sample}: ${command}` });
    }
    expect(distinct.size).toBeGreaterThanOrEqual(8);
    expect(await kubectlRejects([...invocations.values()], home)).toEqual([]);
  }, 600_000);
});
