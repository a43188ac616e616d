#!/usr/bin/env node
// Records recheck's verdict for every regex of the bundled library in patterns/redos-verdicts.json
// (run after adding or changing signatures: npm run patterns:verdicts). Verdicts already recorded
// for the same regex and recheck version are kept (pass --all to check everything again); those
// of regexes that no longer exist are dropped. A vulnerable regex is reported and not recorded, so
// the test suite keeps failing on it.
import { writeFileSync } from 'node:fs';
import { loadLibrary, BUNDLED_PATTERNS_DIR } from '../dist/library/load.js';
import { checkRegex, readVerdicts, recheckVersion, verdictKey, verdictsFileFor } from '../dist/library/safety.js';

const { patterns } = loadLibrary();
const file = verdictsFileFor(BUNDLED_PATTERNS_DIR);
const previous = process.argv.includes('--all') ? new Map() : readVerdicts(file);
const verdicts = {};
let vulnerable = 0;
const started = Date.now();
for (const p of patterns) {
  for (const re of p.regexes) {
    const known = previous.get(verdictKey(re));
    const { status, detail } = known ? { status: known, detail: '' } : checkRegex(re);
    if (status === 'vulnerable') {
      vulnerable++;
      console.error(`${p.file} (${p.spec.id}): ${detail}`);
    } else {
      verdicts[verdictKey(re)] = status;
    }
  }
}
const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(file, JSON.stringify({ recheck: recheckVersion(), verdicts: sorted }, null, 2) + '\n');
const counts = Object.values(verdicts).reduce((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
console.log(`${file}: ${JSON.stringify(counts)}, ${vulnerable} vulnerable, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = vulnerable > 0 ? 1 : 0;
