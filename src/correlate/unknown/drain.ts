/**
 * Unrecognised errors, second step: the masked templates of the whole input (collect.ts) are
 * folded into groups by a Drain-style miner (He et al., "Drain: An Online Log Parsing Approach
 * with Fixed Depth Tree", ICWS 2017): templates are routed by their token count and their first
 * DEPTH tokens through a fixed-depth prefix tree, and join the most similar group in that leaf when
 * at least SIMILARITY of their tokens are equal; the tokens where they differ become `<*>`.
 *
 * The tree is first seeded with the masked match examples of every signature: a template that is
 * as similar as SEED_SIMILARITY to one of them looks like that signature's message, but no
 * signature took its lines (a variant its regex does not read, or another error worded alike, as
 * kubelet's ImagePullBackOff beside CrashLoopBackOff), so it is reported like any other, with the
 * signature it resembles. Templates are folded in a fixed order — most lines first, then by
 * template — so the groups depend only on the merged figures, never on threads.
 */

import { createHash } from 'node:crypto';
import type { KindRef, ObjectRef, UnknownGroup, UnknownReport } from '../../model/finding.js';
import type { Level } from '../../model/entry.js';
import { MAX_EXAMPLES, type TemplateStats, type UnknownExample, type UnknownState } from './collect.js';
import { SLOT } from './mask.js';

/** Tokens after the length that route a template (Drain's depth minus the root and length layers). */
const DEPTH = 2;
/** Children of a tree node before further ones share a `<*>` child. */
const MAX_CHILDREN = 100;
export const SIMILARITY = 0.5;
export const SEED_SIMILARITY = 0.7;
/** Groups listed in a report. */
export const MAX_GROUPS = 1000;

interface Cluster {
  tokens: string[];
  /** For a seed: the id of the signature whose example it is. */
  seed: string | null;
  members: TemplateStats[];
  /** Per member, the signature it resembles (null when none). */
  resembles: (string | null)[];
}

/** A signature's match example, masked: what a message of that signature looks like. */
export interface UnknownSeed {
  /** The signature's id. */
  pattern: string;
  template: string;
}

interface Node {
  children: Map<string, Node>;
  clusters: Cluster[];
}

/** Levels as a group lists them, most severe first. */
const LEVEL_ORDER: readonly Level[] = ['fatal', 'error', 'warning', 'info', 'debug'];

const newNode = (): Node => ({ children: new Map(), clusters: [] });

function hasVariable(token: string): boolean {
  return token.includes(SLOT);
}

/** Equal tokens (a `<*>` on the group's side counts as equal) over the length. */
function similarity(group: readonly string[], tokens: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < tokens.length; i++) if (group[i] === tokens[i] || group[i] === SLOT) same++;
  return tokens.length === 0 ? 1 : same / tokens.length;
}

export class DrainTree {
  private readonly root = newNode();

  /** The leaf for a template: by length, then the first DEPTH tokens (a token with a slot, or past the fan-out, goes to `<*>`). */
  private leaf(tokens: readonly string[]): Node {
    let node = this.root;
    const step = (key: string): void => {
      let child = node.children.get(key);
      if (!child) {
        if (node.children.size >= MAX_CHILDREN && key !== SLOT) key = SLOT;
        child = node.children.get(key);
        if (!child) node.children.set(key, (child = newNode()));
      }
      node = child;
    };
    step(String(tokens.length));
    for (let i = 0; i < Math.min(DEPTH, tokens.length); i++) step(hasVariable(tokens[i]!) ? SLOT : tokens[i]!);
    return node;
  }

  /** A signature's example, masked. */
  seed(s: UnknownSeed): void {
    const tokens = s.template.split(' ');
    const leaf = this.leaf(tokens);
    if (!leaf.clusters.some((c) => c.seed !== null && c.tokens.join(' ') === s.template)) leaf.clusters.push({ tokens, seed: s.pattern, members: [], resembles: [] });
  }

  /** Folds a template into a group and returns the group. */
  add(t: TemplateStats): Cluster {
    const tokens = t.template.split(' ');
    const leaf = this.leaf(tokens);
    let best: Cluster | null = null;
    let bestSim = -1;
    let resembles: string | null = null;
    let seedSim = -1;
    for (const c of leaf.clusters) {
      const sim = similarity(c.tokens, tokens);
      if (c.seed !== null) {
        // The most similar seed, the earlier on a tie (seeds are in template order).
        if (sim >= SEED_SIMILARITY && sim > seedSim) {
          resembles = c.seed;
          seedSim = sim;
        }
        continue;
      }
      // Ties go to the earlier group (the clusters list is in creation order).
      if (sim >= SIMILARITY && sim > bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    if (best) {
      best.tokens = best.tokens.map((x, i) => (x === tokens[i] ? x : SLOT));
      best.members.push(t);
      best.resembles.push(resembles);
      return best;
    }
    const fresh: Cluster = { tokens: [...tokens], seed: null, members: [t], resembles: [resembles] };
    leaf.clusters.push(fresh);
    return fresh;
  }
}

/** The stable id of a group: `u-` and 12 hex digits of the SHA-256 of its template. */
export function groupId(template: string): string {
  return `u-${createHash('sha256').update(template).digest('hex').slice(0, 12)}`;
}

const byCount = (a: TemplateStats, b: TemplateStats): number => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0);

function exampleOrder(a: UnknownExample, b: UnknownExample): number {
  return (a.order ?? 0) - (b.order ?? 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.line - b.line;
}

function firstDistinct<T>(lists: readonly (readonly T[])[], max: number, key: (x: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const list of lists) {
    for (const x of list) {
      if (out.length >= max) return out;
      const k = key(x);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

const kindKey = (k: KindRef): string => `${k.group}\u0000${k.version}\u0000${k.kind}\u0000${k.resource}`;
const objectKey = (o: ObjectRef): string => `${o.kind}\u0000${o.namespace}\u0000${o.name}`;

function group(c: Cluster): UnknownGroup {
  // Members in the order they joined: most lines first, then by template.
  const m = c.members;
  const template = c.tokens.join(' ');
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  const levels = new Set<Level>();
  for (const t of m) {
    if (t.firstSeen !== null && (firstSeen === null || t.firstSeen < firstSeen)) firstSeen = t.firstSeen;
    if (t.lastSeen !== null && (lastSeen === null || t.lastSeen > lastSeen)) lastSeen = t.lastSeen;
    for (const l of t.levels) levels.add(l);
  }
  const examples = m
    .flatMap((t) => t.examples)
    .sort(exampleOrder)
    .slice(0, MAX_EXAMPLES)
    .map((e) => ({ source: e.source, line: e.line, text: e.text }));
  return {
    id: groupId(template),
    template,
    count: m.reduce((n, t) => n + t.count, 0),
    firstSeen,
    lastSeen,
    levels: LEVEL_ORDER.filter((l) => levels.has(l)),
    sources: firstDistinct(
      m.map((t) => t.sources),
      5,
      (s) => s,
    ).sort(),
    kinds: firstDistinct(
      m.map((t) => t.kinds),
      10,
      kindKey,
    ),
    objects: firstDistinct(
      m.map((t) => t.objects),
      10,
      objectKey,
    ),
    examples,
    ...resemblance(c),
  };
}

/** The signature most of a group's lines resemble (the first in member order on a tie), if any. */
function resemblance(c: Cluster): { resembles?: string } {
  const lines = new Map<string, number>();
  let best: string | null = null;
  c.resembles.forEach((id, i) => {
    if (id === null) return;
    const n = (lines.get(id) ?? 0) + c.members[i]!.count;
    lines.set(id, n);
    if (best === null || n > lines.get(best)!) best = id;
  });
  return best === null ? {} : { resembles: best };
}

/**
 * The groups of a merged state, most lines first (groups of one line last), at most MAX_GROUPS,
 * with what was left out. `seeds` gives the masked match examples of the signatures.
 */
export function mineUnknown(state: UnknownState, seeds: () => readonly UnknownSeed[]): UnknownReport {
  if (state.lines === 0) return { groups: [] };
  const tree = new DrainTree();
  for (const s of seeds()) tree.seed(s);
  const clusters: Cluster[] = [];
  for (const t of [...state.templates].sort(byCount)) {
    const c = tree.add(t);
    if (c.members.length === 1) clusters.push(c);
  }
  const groups = clusters
    .map(group)
    .sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
  const listed = groups.slice(0, MAX_GROUPS);
  const held = state.templates.reduce((n, t) => n + t.count, 0);
  const omittedGroups = groups.length - listed.length;
  const omittedLines = state.lines - held + groups.slice(MAX_GROUPS).reduce((n, g) => n + g.count, 0);
  return { groups: listed, ...(omittedGroups > 0 || omittedLines > 0 ? { omitted: { groups: omittedGroups, lines: omittedLines } } : {}) };
}
