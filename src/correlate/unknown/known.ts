/**
 * What the miner takes as known: signatures that only say where an error surfaced (wrappers) do
 * not explain a line, and every other signature's match examples seed the miner.
 */

import type { CompiledPattern } from '../../library/compile.js';
import { exampleLine } from '../../library/schema.js';
import { exampleEntry } from '../../match/examples.js';
import { matchText } from '../../model/entry.js';
import { CHAIN_RULES } from '../chains.js';
import { maskMessage } from './mask.js';

/**
 * Families that any error on the same line explains (a chain rule from `*` by `same-line`, such as
 * `cr-reconciler-error`): a line matched only by these is still unrecognised when no other
 * signature knows its error.
 */
export const WRAPPER_FAMILIES: ReadonlySet<string> = new Set(
  CHAIN_RULES.filter((r) => r.cause.includes('*') && r.links.includes('same-line')).flatMap((r) => r.effect),
);

const seedsByLibrary = new WeakMap<readonly CompiledPattern[], readonly string[]>();

/** The masked match texts of the match examples of every signature that is not a wrapper. */
export function unknownSeeds(patterns: readonly CompiledPattern[]): readonly string[] {
  let seeds = seedsByLibrary.get(patterns);
  if (seeds) return seeds;
  const out = new Set<string>();
  for (const p of patterns) {
    if (WRAPPER_FAMILIES.has(p.spec.family)) continue;
    for (const ex of p.spec.examples.match) {
      const entry = exampleEntry(exampleLine(ex));
      if (entry) out.add(maskMessage(matchText(entry)));
    }
  }
  seeds = [...out].sort();
  seedsByLibrary.set(patterns, seeds);
  return seeds;
}
