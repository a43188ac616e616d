/**
 * Unrecognised errors, first step: each candidate entry that no signature explains
 * (match/error-words.ts) is masked (mask.ts) and counted under its masked template, with its
 * first/last time, levels, sources, kinds and objects, and its first example lines.
 *
 * Everything kept is mergeable in a fixed order, so that the result is the same for any number of
 * threads and any cut of a file into byte ranges: counts add up, times take the min/max, lists
 * keep their first distinct items in input order (the first N of a concatenation are the first N
 * of the first N of each part). Memory is bounded: at most MAX_TEMPLATES masked templates are
 * held — the ones whose hash is smallest (a bottom-k sample, which is mergeable exactly: a template
 * among the k smallest of the whole input is among the k smallest of every part that saw it, so
 * its figures are complete), with the lines of the others counted.
 */

import type { KindRef, ObjectRef } from '../../model/finding.js';
import type { Level, LogEntry } from '../../model/entry.js';
import { matchText } from '../../model/entry.js';
import { extractKinds, mergeKinds } from '../extract-kinds.js';
import { kindFromFields, objectFrom } from '../gvk.js';
import { fnv1a, sameRef, wellFormedKind } from '../aggregate.js';
import { maskMessage } from './mask.js';

/** Masked templates held per source (and in the merged report). */
export const MAX_TEMPLATES = 2048;
export const MAX_EXAMPLES = 3;
const MAX_SOURCES = 5;
const MAX_KINDS = 10;
const MAX_OBJECTS = 10;
/** Longest example text kept, in characters. */
const MAX_EXAMPLE_TEXT = 2000;

export interface UnknownExample {
  source: string;
  line: number;
  text: string;
  /** Position of the source in the report's input order (set when sources are merged). */
  order?: number;
}

export interface TemplateStats {
  template: string;
  /** FNV-1a of the template: the bottom-k order. */
  hash: number;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  levels: Level[];
  sources: string[];
  kinds: KindRef[];
  objects: ObjectRef[];
  examples: UnknownExample[];
}

/** A collector's state as plain data (structured-clone safe: worker threads send it). */
export interface UnknownState {
  templates: TemplateStats[];
  /** Candidate lines seen, the ones of templates not held included. */
  lines: number;
}

export function emptyUnknownState(): UnknownState {
  return { templates: [], lines: 0 };
}

/** The bottom-k order: by hash, then by template (for the rare equal hashes). */
function before(a: TemplateStats, b: TemplateStats): number {
  return a.hash - b.hash || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0);
}

const sameObject = (a: ObjectRef, b: ObjectRef): boolean => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

function addFirst<T>(into: T[], items: readonly T[], max: number, same: (a: T, b: T) => boolean): void {
  for (const x of items) {
    if (into.length >= max) return;
    if (!into.some((y) => same(x, y))) into.push(x);
  }
}

/**
 * A string of its own: a slice of a log line (or of the buffer it was decoded from) would keep
 * that whole text alive as long as the collector holds the slice.
 */
function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

const ownKind = (k: KindRef): KindRef => ({
  group: k.group === null ? null : own(k.group),
  version: k.version === null ? null : own(k.version),
  kind: k.kind === null ? null : own(k.kind),
  resource: k.resource === null ? null : own(k.resource),
});
const ownObject = (o: ObjectRef): ObjectRef => ({ kind: o.kind === null ? null : own(o.kind), namespace: o.namespace === null ? null : own(o.namespace), name: own(o.name) });

export class UnknownCollector {
  private readonly byTemplate = new Map<string, TemplateStats>();
  private lines = 0;
  /** A template whose hash orders at or after this one is not held (set once the cap was reached). */
  private limit: TemplateStats | null = null;

  constructor(private readonly max = MAX_TEMPLATES) {}

  /** Counts a candidate entry that no signature explains. */
  add(entry: LogEntry): void {
    this.lines++;
    const text = matchText(entry);
    const template = maskMessage(text);
    let t = this.byTemplate.get(template);
    if (!t) {
      const fresh: TemplateStats = {
        template,
        hash: fnv1a(template),
        count: 0,
        firstSeen: null,
        lastSeen: null,
        levels: [],
        sources: [],
        kinds: [],
        objects: [],
        examples: [],
      };
      if (this.limit !== null && before(fresh, this.limit) >= 0) return;
      this.byTemplate.set(template, (t = fresh));
      this.prune();
    }
    t.count++;
    const time = entry.time;
    if (time) {
      if (t.firstSeen === null || time < t.firstSeen) t.firstSeen = time;
      if (t.lastSeen === null || time > t.lastSeen) t.lastSeen = time;
    }
    if (entry.level !== null && !t.levels.includes(entry.level)) t.levels.push(entry.level);
    if (t.sources.length < MAX_SOURCES && !t.sources.includes(entry.source)) t.sources.push(entry.source);
    if (t.kinds.length < MAX_KINDS || t.objects.length < MAX_OBJECTS) {
      const controller = kindFromFields(entry.fields);
      const kinds = mergeKinds([...(controller ? [controller] : []), ...extractKinds(text, entry.fields)]).filter(wellFormedKind);
      const before = t.kinds.length;
      addFirst(t.kinds, kinds, MAX_KINDS, sameRef);
      for (let i = before; i < t.kinds.length; i++) t.kinds[i] = ownKind(t.kinds[i]!);
      const object = objectFrom({}, entry.fields, kinds[0]?.kind ?? null);
      if (object && t.objects.length < MAX_OBJECTS && !t.objects.some((o) => sameObject(o, object))) t.objects.push(ownObject(object));
    }
    if (t.examples.length < MAX_EXAMPLES) t.examples.push({ source: entry.source, line: entry.line, text: own(entry.raw.slice(0, MAX_EXAMPLE_TEXT)) });
  }

  /** Keeps the `max` templates first in the bottom-k order once twice as many are held. */
  private prune(force = false): void {
    if (this.byTemplate.size <= (force ? this.max : 2 * this.max)) return;
    const sorted = [...this.byTemplate.values()].sort(before);
    for (const t of sorted.slice(this.max)) this.byTemplate.delete(t.template);
    this.limit = sorted[this.max]!;
  }

  /**
   * Folds in another collector's state as if its entries had come after this one's; `shift` is
   * added to its line numbers (a later byte range of a file), `order` set on its examples (the
   * position of its source in input order).
   */
  mergeState(state: UnknownState, options: { shift?: number; order?: number } = {}): void {
    this.lines += state.lines;
    const shift = options.shift ?? 0;
    for (const o of state.templates) {
      let t = this.byTemplate.get(o.template);
      if (!t) {
        if (this.limit !== null && before(o, this.limit) >= 0) continue;
        t = { ...o, count: 0, firstSeen: null, lastSeen: null, levels: [], sources: [], kinds: [], objects: [], examples: [] };
        this.byTemplate.set(o.template, t);
      }
      t.count += o.count;
      if (o.firstSeen !== null && (t.firstSeen === null || o.firstSeen < t.firstSeen)) t.firstSeen = o.firstSeen;
      if (o.lastSeen !== null && (t.lastSeen === null || o.lastSeen > t.lastSeen)) t.lastSeen = o.lastSeen;
      for (const l of o.levels) if (!t.levels.includes(l)) t.levels.push(l);
      addFirst(t.sources, o.sources, MAX_SOURCES, (a, b) => a === b);
      addFirst(t.kinds, o.kinds, MAX_KINDS, sameRef);
      addFirst(t.objects, o.objects, MAX_OBJECTS, sameObject);
      for (const e of o.examples) {
        if (t.examples.length >= MAX_EXAMPLES) break;
        t.examples.push({ ...e, line: e.line + shift, ...(options.order !== undefined ? { order: options.order } : {}) });
      }
      this.prune();
    }
  }

  /** The state as plain data; templates in the bottom-k order (so that it does not depend on arrival order). */
  exportState(): UnknownState {
    this.prune(true);
    return { templates: [...this.byTemplate.values()].sort(before), lines: this.lines };
  }
}
