/**
 * Matches → findings. Repeated occurrences of a signature on the same kind (and the same values
 * of the pattern's `groupBy` captures) fold into one finding with a count, first/last seen, the
 * objects involved and a few evidence lines. Evidence and object lists are bounded, with counts
 * of what was left out, so memory stays flat however long the input.
 */

import type { Evidence, Finding, KindRef, ObjectRef, TimeHistogram } from '../model/finding.js';
import { copyFinding } from '../model/finding.js';
import type { Match } from '../match/matcher.js';
import { renderTemplate } from '../library/compile.js';
import { kindFromCaptures, kindFromFields, objectFrom } from './gvk.js';
import { extractKinds, mergeKinds } from './extract-kinds.js';
import { matchText } from '../model/entry.js';
import { isGroup, isKind, isResource, isVersion } from '../model/grammar.js';
import { addTime, emptyHistogram, mergeHistogram, timeMs } from './time-histogram.js';

export const MAX_EVIDENCE = 5;
export const MAX_OBJECTS = 20;
/** Most kinds listed on one finding. */
export const MAX_KINDS = 10;
/** Longest evidence text kept, in characters. */
const MAX_EVIDENCE_TEXT = 2000;

interface Acc {
  /** The finding as far as it goes: its kinds, objects and omitted count are made by findings(). */
  finding: Finding;
  /** The object sample (see ObjectSample); null until an object is named. */
  objects: ObjectSample | null;
  /** Matches that named an object; those of objects not listed are the omitted ones. */
  objectsSeen: number;
  /** Distinct kind refs in first-seen order (up to MAX_KIND_REFS); the finding's kinds are merged from these. */
  kindRefs: KindRef[];
  lastEvidence: Evidence | null;
  /** Timed occurrences (bounded buckets); null until one has a time. */
  times: TimeHistogram | null;
}

/** 32-bit FNV-1a over UTF-16 code units: the rank of an object in a finding's sample (and of a template in correlate/unknown). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface SampledObject {
  ref: ObjectRef;
  count: number;
  hash: number;
}

/** Whether object a ranks before b in the sample: lower hash, then lower key. */
const ranksBefore = (ha: number, ka: string, hb: number, kb: string): boolean => ha < hb || (ha === hb && ka < kb);

/**
 * The objects a finding lists: up to MAX_OBJECTS of them with exact counts, in order of first
 * appearance. While a finding has no more than MAX_OBJECTS distinct objects, that is all of them.
 * Past that, it is the MAX_OBJECTS objects whose keys hash lowest (a bottom-k sample): an object
 * that belongs to the final sample is taken in at its first appearance and never dropped, so its
 * count is exact; and the sample of a whole file is the sample of the union of its parts' samples.
 * That makes the merge of byte ranges read by different threads exact with bounded memory,
 * however many distinct objects there are (the first N objects would need every count kept).
 */
export class ObjectSample {
  private readonly byKey = new Map<string, SampledObject>();
  /** The key that ranks last while the sample is full. */
  private lastKey: string | null = null;

  add(key: string, ref: ObjectRef, count: number): void {
    const seen = this.byKey.get(key);
    if (seen) {
      seen.count += count;
      return;
    }
    const hash = fnv1a(key);
    if (this.byKey.size < MAX_OBJECTS) {
      this.byKey.set(key, { ref, count, hash });
      if (this.byKey.size === MAX_OBJECTS) this.lastKey = this.findLast();
      return;
    }
    const last = this.lastKey!;
    if (!ranksBefore(hash, key, this.byKey.get(last)!.hash, last)) return;
    this.byKey.delete(last);
    this.byKey.set(key, { ref, count, hash });
    this.lastKey = this.findLast();
  }

  /** The sample in order of first appearance, as [key, object] pairs. */
  entries(): [string, { ref: ObjectRef; count: number }][] {
    return [...this.byKey].map(([k, o]) => [k, { ref: o.ref, count: o.count }]);
  }

  private findLast(): string {
    let last: string | null = null;
    let lastHash = 0;
    for (const [k, o] of this.byKey) {
      if (last === null || ranksBefore(lastHash, last, o.hash, k)) {
        last = k;
        lastHash = o.hash;
      }
    }
    return last!;
  }
}

/** Distinct kind refs remembered per finding. */
const MAX_KIND_REFS = 64;

/** Whether two kind refs name the same group, version, kind and resource. */
export const sameRef = (a: KindRef, b: KindRef): boolean =>
  a.kind === b.kind && a.group === b.group && a.version === b.version && a.resource === b.resource;

/** Adds the refs not there yet (a few at most, so a scan is cheaper than a keyed set per finding). */
function addRefs(into: KindRef[], refs: readonly KindRef[]): void {
  for (const k of refs) {
    if (into.length >= MAX_KIND_REFS) return;
    if (!into.some((x) => sameRef(x, k))) into.push(k);
  }
}

/**
 * Whether every part a kind ref names matches its grammar (group, version, kind, resource). Refs
 * from log text, captures and structured fields (a zap `controllerKind`) that do not are dropped:
 * they are not kinds, and never reach the kind check or a command.
 */
export function wellFormedKind(k: KindRef): boolean {
  return (
    (k.group === null || isGroup(k.group)) &&
    (k.version === null || isVersion(k.version)) &&
    (k.kind === null || isKind(k.kind)) &&
    (k.resource === null || isResource(k.resource))
  );
}

/** Display form of a kind: `group/version/Kind`, with unknown parts left out. */
export function kindLabel(k: KindRef): string {
  if (k.kind) {
    const gv = k.group ? `${k.group}/${k.version ?? '*'}` : (k.version ?? (k.group === '' ? 'v1' : '*'));
    return `${gv}/${k.kind}`;
  }
  return k.group ? `${k.resource}.${k.group}` : `${k.resource ?? '?'}`;
}

export function objectLabel(o: ObjectRef): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

/** Template variables for a match: its captures, plus the parts of its kind and object. */
export function templateVars(
  captures: Record<string, string>,
  kind: KindRef | null,
  object: ObjectRef | null,
): Record<string, string | null> {
  const vars: Record<string, string | null> = { ...captures };
  if (kind) {
    vars['group'] ??= kind.group;
    vars['version'] ??= kind.version;
    vars['kind'] ??= kind.kind;
    vars['resource'] ??= kind.resource;
    if (kind.version !== null && kind.group !== null && vars['apiVersion'] === undefined) {
      vars['apiVersion'] = kind.group ? `${kind.group}/${kind.version}` : kind.version;
    }
  }
  // The discovery path of a group/version: the core group lives under /api, the others under /apis.
  const group = vars['group'];
  const version = vars['version'];
  if (vars['apiPath'] === undefined && typeof group === 'string' && typeof version === 'string' && /^v\d/.test(version)) {
    vars['apiPath'] = group ? `/apis/${group}/${version}` : `/api/${version}`;
  }
  if (object) {
    vars['namespace'] ??= object.namespace;
    vars['name'] ??= object.name;
  }
  return vars;
}

/** An aggregator's state as plain data: what a worker thread sends back (see exportState). */
export interface AggregatorState {
  findings: {
    finding: Finding;
    objects: [string, { ref: ObjectRef; count: number }][];
    objectsSeen: number;
    kindRefs: KindRef[];
    lastEvidence: Evidence | null;
    times: TimeHistogram | null;
  }[];
  sameLine: [string, string[]][];
}

/** A groupBy value: a named capture, or `fields.<name>` for a structured field of the entry. */
function groupValue(name: string, m: Match): string {
  if (!name.startsWith('fields.')) return m.captures[name] ?? '';
  const v = m.entry.fields[name.slice('fields.'.length)];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** Most other findings remembered per finding as seen on the same line (for chain rules). */
const MAX_SAME_LINE = 32;

/** The well-formed kinds of a match: from its captures, its structured fields (a zap `controllerKind`), then its text. */
function kindsOf(m: Match): KindRef[] {
  const refs: KindRef[] = [];
  const captured = kindFromCaptures(m.captures);
  if (captured && wellFormedKind(captured)) refs.push(captured);
  const controller = kindFromFields(m.entry.fields);
  if (controller && wellFormedKind(controller)) refs.push(controller);
  for (const k of extractKinds(matchText(m.entry), m.entry.fields)) if (wellFormedKind(k)) refs.push(k);
  return mergeKinds(refs);
}

/** A finding's key: the signature id and the values that separate its findings (empty ones left out). */
function keyOf(id: string, parts: readonly string[]): string {
  let key = id;
  for (const p of parts) if (p !== '') key += `:${p}`;
  return key;
}

/**
 * The state of a finding at its first match: its texts rendered from that match. Apart from
 * Aggregator.add, which runs for every match, so that the per-match path stays small (V8
 * compiles it sooner, and once).
 */
function newAcc(m: Match, key: string, kinds: KindRef[], primary: KindRef | null, object: ObjectRef | null): Acc {
  const spec = m.pattern.spec;
  const vars = templateVars(m.captures, primary, object);
  return {
    finding: {
      id: spec.id,
      family: spec.family,
      origin: 'signature',
      key,
      title: spec.title,
      severity: spec.severity,
      count: 0,
      firstSeen: null,
      lastSeen: null,
      kinds,
      objects: [],
      objectsOmitted: 0,
      diagnosis: renderTemplate(spec.diagnosis, vars).trim(),
      explanation: spec.explanation.trim(),
      likelyCauses: spec.causes.map((c) => renderTemplate(c, vars).trim()),
      fixes: spec.fixes.map((f) => renderTemplate(f, vars).trim()),
      evidence: [],
      captures: { ...m.captures },
      impact: spec.impact ? renderTemplate(spec.impact, vars).trim() : null,
      causes: [],
      causedBy: [],
    },
    objects: null,
    objectsSeen: 0,
    kindRefs: [],
    lastEvidence: null,
    times: null,
  };
}

export class Aggregator {
  private readonly byKey = new Map<string, Acc>();
  private readonly sameLine = new Map<string, Set<string>>();

  /** Records that these findings were matched on one line (a chain rule may link them). */
  linkSameLine(keys: string[]): void {
    for (const a of keys) {
      let set = this.sameLine.get(a);
      if (!set) this.sameLine.set(a, (set = new Set()));
      for (const b of keys) if (b !== a && set.size < MAX_SAME_LINE) set.add(b);
    }
  }

  /** For each finding key, the keys of findings that matched on a line with it. */
  sameLinePairs(): Map<string, Set<string>> {
    return this.sameLine;
  }

  /** Folds a match into its finding; returns the finding's key and whether this was its first occurrence. */
  add(m: Match): { key: string; isNew: boolean } {
    const spec = m.pattern.spec;
    const kinds = kindsOf(m);
    const primary = kinds[0] ?? null;
    const object = objectFrom(m.captures, m.entry.fields, primary?.kind ?? null);
    // A pattern's groupBy says what separates its findings; without one, the kinds do. With one,
    // lines naming different kinds (an HPA event, the HPA controller's line about its target)
    // fold into one finding that lists all of them.
    const key = spec.groupBy?.length ? keyOf(spec.id, spec.groupBy.map((g) => groupValue(g, m))) : keyOf(spec.id, kinds.map(kindLabel));
    let acc = this.byKey.get(key);
    const isNew = acc === undefined;
    if (acc === undefined) {
      acc = newAcc(m, key, kinds, primary, object);
      this.byKey.set(key, acc);
    }
    const f = acc.finding;
    f.count++;
    addRefs(acc.kindRefs, kinds);
    const t = m.entry.time;
    if (t) {
      if (f.firstSeen === null || t < f.firstSeen) f.firstSeen = t;
      if (f.lastSeen === null || t > f.lastSeen) f.lastSeen = t;
      const ms = timeMs(t);
      if (ms !== null) addTime((acc.times ??= emptyHistogram()), ms);
    }
    if (object) {
      acc.objectsSeen++;
      (acc.objects ??= new ObjectSample()).add(`${object.kind ?? ''}/${object.namespace ?? ''}/${object.name}`, object, 1);
    }
    const ev: Evidence = { source: m.entry.source, line: m.entry.line, text: m.entry.raw.slice(0, MAX_EVIDENCE_TEXT) };
    if (f.evidence.length < MAX_EVIDENCE - 1) f.evidence.push(ev);
    else acc.lastEvidence = ev;
    return { key, isNew };
  }

  /**
   * The aggregator's state as plain data (structured-clone safe), for a worker thread to send
   * to the main thread.
   */
  exportState(): AggregatorState {
    return {
      findings: [...this.byKey.values()].map((acc) => ({
        finding: acc.finding,
        objects: acc.objects ? acc.objects.entries() : [],
        objectsSeen: acc.objectsSeen,
        kindRefs: [...acc.kindRefs],
        lastEvidence: acc.lastEvidence,
        times: acc.times,
      })),
      sameLine: [...this.sameLine.entries()].map(([k, set]) => [k, [...set]]),
    };
  }

  /**
   * Folds in another aggregator's state as if its matches had come after this one's: counts add
   * up, evidence keeps the first ones and the last one, objects keep their first-seen order. The
   * bundle runner merges per-file states in a fixed order, so the result never depends on which
   * thread finished first.
   */
  mergeState(state: AggregatorState): void {
    // A state from another thread carries its own copy of each signature's fixed texts, per
    // finding: keep one per signature. (Likely causes are rendered with each finding's captures.)
    const texts = new Map<string, Pick<Finding, 'title' | 'explanation'>>();
    for (const other of state.findings) {
      const o = other.finding;
      let acc = this.byKey.get(o.key);
      if (!acc) {
        let t = texts.get(o.id);
        if (!t || t.title !== o.title || t.explanation !== o.explanation) texts.set(o.id, (t = { title: o.title, explanation: o.explanation }));
        acc = {
          finding: { ...o, ...t, count: 0, firstSeen: null, lastSeen: null, evidence: [] },
          objects: null,
          objectsSeen: 0,
          kindRefs: [],
          lastEvidence: null,
          times: null,
        };
        this.byKey.set(o.key, acc);
      }
      const f = acc.finding;
      f.count += o.count;
      addRefs(acc.kindRefs, other.kindRefs);
      if (o.firstSeen !== null && (f.firstSeen === null || o.firstSeen < f.firstSeen)) f.firstSeen = o.firstSeen;
      if (o.lastSeen !== null && (f.lastSeen === null || o.lastSeen > f.lastSeen)) f.lastSeen = o.lastSeen;
      acc.objectsSeen += other.objectsSeen;
      if (other.times) mergeHistogram((acc.times ??= emptyHistogram()), other.times);
      // Objects outside the sample are counted in objectsSeen only: they are the omitted ones.
      for (const [k, { ref, count }] of other.objects) (acc.objects ??= new ObjectSample()).add(k, ref, count);
      for (const ev of other.lastEvidence ? [...o.evidence, other.lastEvidence] : o.evidence) {
        if (f.evidence.length < MAX_EVIDENCE - 1) f.evidence.push(ev);
        else acc.lastEvidence = ev;
      }
    }
    for (const [k, others] of state.sameLine) {
      let set = this.sameLine.get(k);
      if (!set) this.sameLine.set(k, (set = new Set()));
      for (const b of others) if (set.size < MAX_SAME_LINE) set.add(b);
    }
  }

  /** Each finding's timed occurrences, by key (findings with none are left out). */
  timelines(): Record<string, TimeHistogram> {
    const out: Record<string, TimeHistogram> = {};
    for (const [key, acc] of this.byKey) if (acc.times) out[key] = acc.times;
    return out;
  }

  /** The findings so far, with kinds, evidence and object lists completed. */
  findings(): Finding[] {
    return [...this.byKey.values()].map((acc) => {
      const f = acc.finding;
      const listed = acc.objects ? acc.objects.entries().map(([, o]) => o) : [];
      return copyFinding(f, {
        kinds: acc.kindRefs.length === 1 ? [acc.kindRefs[0]!] : mergeKinds(acc.kindRefs).slice(0, MAX_KINDS),
        objects: listed.map((o) => ({ ...o.ref, count: o.count })),
        objectsOmitted: acc.objectsSeen - listed.reduce((n, o) => n + o.count, 0),
        evidence: acc.lastEvidence ? [...f.evidence, acc.lastEvidence] : [...f.evidence],
      });
    });
  }
}
