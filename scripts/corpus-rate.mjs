#!/usr/bin/env node
/**
 * Pass rate of the real-world corpus (samples/real) by component and by paste shape, with each
 * failing case and why. Uses the built CLI: run `npm run build` first.
 *   node scripts/corpus-rate.mjs [--failures] [--json] [--unlisted]
 * --unlisted prints a JSON object of failing cases missing from known-failures.json, each with a
 * guessed cause and its reasons: review and reword before adding them.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from '../dist/cli/program.js';
import { loadLibrary } from '../dist/library/load.js';
import { NEAR_MISS_UNITS } from '../dist/correlate/near-miss.js';
import { evaluate, guessCause, knownIds, loadCases, rateReport, runCase } from './corpus-lib.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIR = `${ROOT}samples/real`;
const known = knownIds(
  loadLibrary().patterns.map((p) => p.spec),
  NEAR_MISS_UNITS.map((u) => u.id),
);
const knownFailures = JSON.parse(readFileSync(`${DIR}/known-failures.json`, 'utf8'));
const rows = [];
for (const c of loadCases(DIR, known)) {
  if (!c.spec) {
    console.error(`${c.id}: ${c.problems.join('; ')}`);
    continue;
  }
  const result = await runCase(run, c.input);
  const verdict = evaluate(c.spec, result);
  rows.push({ id: c.id, spec: c.spec, ...verdict, guess: verdict.pass ? null : guessCause(c.spec, result, verdict) });
}
if (process.argv.includes('--unlisted')) {
  const unlisted = rows.filter((r) => !r.pass && !(r.id in knownFailures));
  console.log(JSON.stringify(Object.fromEntries(unlisted.map((r) => [r.id, `${r.guess}: ${r.reasons.join('; ')}`])), null, 2));
} else if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows.map(({ id, spec, pass, idsOk, reasons }) => ({ id, component: spec.component, shapes: spec.shapes, healthy: spec.healthy, pass, idsOk, reasons })), null, 2));
} else {
  console.log(rateReport(rows, knownFailures));
  if (process.argv.includes('--failures')) {
    console.log('\nfailing cases');
    for (const r of rows.filter((r) => !r.pass)) {
      console.log(`  ${r.id}${r.id in knownFailures ? '' : '  (NOT in known-failures.json)'}`);
      for (const reason of r.reasons) console.log(`      ${reason}`);
    }
    const stale = rows.filter((r) => r.pass && r.id in knownFailures).map((r) => r.id);
    if (stale.length) console.log(`\npassing but listed in known-failures.json: ${stale.join(', ')}`);
  }
}
