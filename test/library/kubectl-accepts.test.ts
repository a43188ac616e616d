/**
 * Every kubectl command a fix prints is one a real kubectl accepts. Each signature's match
 * examples go through the matcher and the aggregator, as in a real run; the kubectl invocations
 * of each fix's commands (the words bash would pass, see shell-words.ts) are run against a closed
 * port, where kubectl must fail to connect, never with a usage error. Skipped (and says so) only
 * where kubectl is not installed (Debian: `apt-get install kubernetes-client`).
 */

import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/load.js';
import { exampleLine } from '../../src/library/schema.js';
import { exampleEntry } from '../../src/match/examples.js';
import { Matcher } from '../../src/match/matcher.js';
import { Aggregator } from '../../src/correlate/aggregate.js';
import { bashWordsMany } from './shell-words.js';
import { hasKubectl, kubectlRejects, kubectlShape } from './kubectl.js';
import { tempDir } from '../tmp.js';

/** Every fix of every signature, rendered from each of its match examples. */
function renderedFixes(): { where: string; fix: string }[] {
  const out: { where: string; fix: string }[] = [];
  for (const p of loadLibrary().patterns) {
    const matcher = new Matcher([p]);
    p.spec.examples.match.forEach((ex, i) => {
      const [m] = matcher.match(exampleEntry(exampleLine(ex)));
      if (!m) return;
      const agg = new Aggregator();
      agg.add(m);
      for (const fix of agg.findings()[0]!.fixes) out.push({ where: `${p.spec.id} example ${i}`, fix });
    });
  }
  return out;
}


describe.skipIf(!hasKubectl)(hasKubectl ? 'a real kubectl accepts every kubectl command a fix prints' : 'kubectl commands — SKIPPED: kubectl is not installed', () => {
  it('accepts them all (a closed port, so no usage error may come first)', async () => {
    const fixes = renderedFixes();
    const spans = [...new Set(fixes.flatMap(({ fix }) => fix.split('`').filter((_, i) => i % 2 === 1)))].filter((s) => /\bkubectl /.test(s));
    // Placeholders the user completes become plain words for kubectl (<n>, a count, a number).
    const words = bashWordsMany(spans.map((s) => s.replace(/<n>/g, '1').replace(/<([a-z][A-Za-z0-9-]*)>/g, 'x-$1')));
    const invocations = new Map<string, { args: string[]; where: string }>();
    spans.forEach((span, i) => {
      for (const record of words[i]!) {
        const at = record.indexOf('kubectl');
        if (at === -1) continue;
        // `… | xargs -n1 kubectl get …` appends a resource type from its input.
        const args = [...record.slice(at + 1), ...(record.includes('xargs') ? ['pods'] : [])];
        // Plugins (kubectl convert, the CloudNativePG plugin kubectl cnpg) are not part of kubectl.
        if (args[0] === 'convert' || args[0] === 'cnpg') continue;
        // One run per shape: the command, the flags, and how many other words (see kubectlShape).
        invocations.set(kubectlShape(args), { args, where: span });
      }
    });
    expect(invocations.size).toBeGreaterThan(40);
    const home = tempDir('kld-kubectl-');
    // Two commands kubectl must reject, run with the rest: the check can fail.
    const controls = [
      { args: ['get', 'pods', '--no-such-flag'], where: 'control: unknown flag' },
      { args: ['-n', 'default', 'logs'], where: 'control: missing argument' },
    ];
    const failures = await kubectlRejects([...controls, ...invocations.values()], home);
    for (const c of controls) expect(failures.some((f) => f.startsWith(`${c.where}\n`)), c.where).toBe(true);
    expect(failures.filter((f) => !f.startsWith('control: '))).toEqual([]);
  }, 600_000);
});
