/**
 * What the miner takes as known: signatures that only say where an error surfaced (wrappers) do
 * not explain a line, and every other signature's match examples seed the miner.
 */

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompiledPattern } from '../../library/compile.js';
import { exampleLine } from '../../library/schema.js';
import { exampleEntry } from '../../match/examples.js';
import { matchText } from '../../model/entry.js';
import { CHAIN_RULES } from '../chains.js';
import type { UnknownSeed } from './drain.js';
import { maskMessage } from './mask.js';

/**
 * Families that any error on the same line explains (a chain rule from `*` by `same-line`, such as
 * `cr-reconciler-error`): a line matched only by these is still unrecognised when no other
 * signature knows its error.
 */
export const WRAPPER_FAMILIES: ReadonlySet<string> = new Set(
  CHAIN_RULES.filter((r) => r.cause.includes('*') && r.links.includes('same-line')).flatMap((r) => r.effect),
);

const seedsByLibrary = new WeakMap<readonly CompiledPattern[], readonly UnknownSeed[]>();

/**
 * The build's seeds of the bundled signatures (scripts/precompile-patterns.mjs writes them next
 * to this module): parsing and masking some 400 examples costs about 0.1 s of a run's start, paid
 * whenever a log holds an unrecognised error. Each pattern's entry is keyed by a digest of its
 * examples, so an edited or user pattern of the same id is seeded from its own examples.
 */
export const SEEDS_PATH = fileURLToPath(new URL('./bundled-seeds.json', import.meta.url));

type StoredSeeds = Record<string, { key: string; seeds: string[] }>;

/** Files read, by path (one in a run: SEEDS_PATH). */
const storedByPath = new Map<string, StoredSeeds | null>();

function storedSeeds(path: string): StoredSeeds | null {
  let stored = storedByPath.get(path);
  if (stored !== undefined) return stored;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    stored = data !== null && typeof data === 'object' ? (data as StoredSeeds) : null;
  } catch {
    // Running from sources, or a damaged file: seeds are made from the examples.
    stored = null;
  }
  storedByPath.set(path, stored);
  return stored;
}

function seedKey(p: CompiledPattern): string {
  return createHash('sha1').update(JSON.stringify(p.spec.examples.match)).digest('hex');
}

/** One signature's seeds: the masked match texts of its match examples. */
function patternSeeds(p: CompiledPattern): string[] {
  const out: string[] = [];
  for (const ex of p.spec.examples.match) {
    const entry = exampleEntry(exampleLine(ex));
    if (entry) out.push(maskMessage(matchText(entry)));
  }
  return out;
}

/** The seeds of every bundled signature, for the build to store (SEEDS_PATH). */
export function writeSeeds(patterns: readonly CompiledPattern[], path = SEEDS_PATH): void {
  const out: StoredSeeds = {};
  for (const p of patterns) out[p.spec.id] = { key: seedKey(p), seeds: patternSeeds(p) };
  writeFileSync(path, JSON.stringify(out));
  storedByPath.delete(path);
}

/**
 * The masked match texts of the match examples of every signature that is not a wrapper, each
 * with its signature's id (a text two signatures share goes with the first), in text order.
 */
export function unknownSeeds(patterns: readonly CompiledPattern[], path = SEEDS_PATH): readonly UnknownSeed[] {
  let seeds = path === SEEDS_PATH ? seedsByLibrary.get(patterns) : undefined;
  if (seeds) return seeds;
  const out = new Map<string, string>();
  const known = storedSeeds(path);
  for (const p of patterns) {
    if (WRAPPER_FAMILIES.has(p.spec.family)) continue;
    const entry = known?.[p.spec.id];
    for (const s of entry && Array.isArray(entry.seeds) && entry.key === seedKey(p) ? entry.seeds : patternSeeds(p)) if (!out.has(s)) out.set(s, p.spec.id);
  }
  seeds = [...out.keys()].sort().map((template) => ({ pattern: out.get(template)!, template }));
  if (path === SEEDS_PATH) seedsByLibrary.set(patterns, seeds);
  return seeds;
}
