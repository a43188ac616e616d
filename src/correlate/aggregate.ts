/**
 * Matches → findings. Repeated occurrences of a signature on the same kind (and the same values
 * of the pattern's `groupBy` captures) fold into one finding with a count, first/last seen, the
 * objects involved and a few evidence lines. Evidence and object lists are bounded, with counts
 * of what was left out, so memory stays flat however long the input.
 */

import type { Evidence, Finding, KindRef, ObjectCount, ObjectRef, Severity, TimeHistogram } from '../model/finding.js';
import { copyFinding } from '../model/finding.js';
import type { Match } from '../match/matcher.js';
import { renderTemplate } from '../library/compile.js';
import type { Vars } from '../library/command.js';
import { kindFromCaptures, kindFromFields, objectFrom } from './gvk.js';
import { extractKinds, mergeKinds } from './extract-kinds.js';
import { matchText, type LogEntry } from '../model/entry.js';
import { isGroup, isKind, isResource, isVersion } from '../model/grammar.js';
import { addTime, BASE_MS, emptyHistogram, mergeHistogram, timeMs } from './time-histogram.js';
import { flat, Interner, own } from './strings.js';
import { EvidenceStore, type EvidenceStoreState } from './evidence-store.js';
import { MANY_FINDINGS, tightenHeapGrowth } from './heap.js';

export const MAX_EVIDENCE = 5;
export const MAX_OBJECTS = 20;
/** Most kinds listed on one finding. */
export const MAX_KINDS = 10;
/** Longest evidence text kept, in characters. */
const MAX_EVIDENCE_TEXT = 2000;

/** What every finding of one signature shares: one object per signature in an aggregator (and in a state). */
export interface SignatureFacts {
  id: string;
  family: string;
  title: string;
  severity: Severity;
  explanation: string;
}

/** Makes `name` an own data property of `o` with this value (a finding's field written over its getter). */
function ownField(o: object, name: string, value: unknown): void {
  Object.defineProperty(o, name, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A finding as an aggregator keeps it: its own values are fields; what every finding of its
 * signature shares (id, family, title, severity, explanation) is read from one object of the
 * signature, its texts (diagnosis, likely causes, fixes, impact) from one object once they are
 * rendered, and its evidence lines are the aggregator's (see TextSource). Twelve fields instead of
 * a plain finding's twenty-one: some 70 bytes less for each of hundreds of thousands of findings.
 * Written over, a shared field becomes the finding's own. As JSON (toJSON) and through copyFinding
 * it is a plain finding; a copy from another thread (structured clone) is made one again by
 * adoptState.
 */
export class AggregatedFinding implements Finding {
  sig: SignatureFacts;
  key: string;
  count = 0;
  firstSeen: string | null = null;
  lastSeen: string | null = null;
  kinds: KindRef[] = none();
  objects: ObjectCount[] = none();
  objectsOmitted = 0;
  captures: Record<string, string>;
  causes: string[] = none();
  causedBy: string[] = none();
  /** The texts rendered for it (see Aggregator.render), null until they are. */
  texts: FindingTexts | null = null;

  constructor(sig: SignatureFacts, key: string, captures: Record<string, string>) {
    this.sig = sig;
    this.key = key;
    this.captures = captures;
  }

  get id(): string {
    return this.sig.id;
  }
  set id(v: string) {
    ownField(this, 'id', v);
  }
  get family(): string {
    return this.sig.family;
  }
  set family(v: string) {
    ownField(this, 'family', v);
  }
  get origin(): 'signature' {
    return 'signature';
  }
  set origin(v: Finding['origin']) {
    ownField(this, 'origin', v);
  }
  get title(): string {
    return this.sig.title;
  }
  set title(v: string) {
    ownField(this, 'title', v);
  }
  get severity(): Severity {
    return this.sig.severity;
  }
  set severity(v: Severity) {
    ownField(this, 'severity', v);
  }
  get explanation(): string {
    return this.sig.explanation;
  }
  set explanation(v: string) {
    ownField(this, 'explanation', v);
  }
  get diagnosis(): string {
    return this.texts?.diagnosis ?? '';
  }
  set diagnosis(v: string) {
    ownField(this, 'diagnosis', v);
  }
  get likelyCauses(): string[] {
    return this.texts?.likelyCauses ?? none();
  }
  set likelyCauses(v: string[]) {
    ownField(this, 'likelyCauses', v);
  }
  get fixes(): string[] {
    return this.texts?.fixes ?? none();
  }
  set fixes(v: string[]) {
    ownField(this, 'fixes', v);
  }
  get impact(): string | null {
    return this.texts ? this.texts.impact : null;
  }
  set impact(v: string | null) {
    ownField(this, 'impact', v);
  }
  /** Its evidence lines are the aggregator's (see Aggregator.evidence). */
  get evidence(): Evidence[] {
    return none();
  }
  set evidence(v: Evidence[]) {
    ownField(this, 'evidence', v);
  }

  toJSON(): Finding {
    return copyFinding(this, {});
  }
}

/** Whether two objects of a signature say the same. */
function sameSig(a: SignatureFacts, b: SignatureFacts): boolean {
  return a.id === b.id && a.family === b.family && a.title === b.title && a.severity === b.severity && a.explanation === b.explanation;
}

/**
 * Makes the findings of a state copied from another thread (plain objects, by structured clone)
 * aggregated findings again; those that are already are left as they are.
 */
export function adoptState(state: AggregatorState): void {
  for (const r of state.findings) if (!(r.finding instanceof AggregatedFinding)) Object.setPrototypeOf(r.finding, AggregatedFinding.prototype);
}

/**
 * What an aggregator keeps of one finding. Plain data: an aggregator's state (exportState) hands
 * these records over as they are, and a merge (mergeState) takes them over as they come, so a
 * large state is never copied finding by finding (nor, in one thread, made at all).
 */
export interface FindingState {
  /**
   * The finding as far as it goes: its kinds, objects and omitted count are made by findings(),
   * its texts (diagnosis, likely causes, fixes, impact) rendered from its signature's templates
   * with the values of its first occurrence, at once for the first EAGER_TEXTS findings and else
   * when asked.
   */
  finding: AggregatedFinding;
  /** The kind and object of the finding's first occurrence: with its captures, the texts' values. */
  firstKind: KindRef | null;
  firstObject: ObjectRef | null;
  /** Whether the finding's texts are rendered in it already. */
  rendered: boolean;
  /** The object sample (see ObjectSample); null until an object is named. */
  objects: ObjectSample | null;
  /** Matches that named an object; those of objects not listed are the omitted ones. */
  objectsSeen: number;
  /** Distinct kind refs in first-seen order (up to MAX_KIND_REFS); the finding's kinds are merged from these. */
  kindRefs: KindRef[];
  /**
   * The first evidence lines, as numbers in the aggregator's evidence store (see EvidenceStore):
   * the first one (-1 until there is one), then up to MAX_EVIDENCE - 2 more (null until there are).
   * The finding's own `evidence` stays empty: findings() and evidence() read them back.
   */
  evidence: number;
  moreEvidence: number[] | null;
  /** The last evidence line past those (replaced by each later one, so kept as it is). */
  lastEvidence: Evidence | null;
  /** Timed occurrences (bounded buckets); null until one has a time. */
  times: TimeHistogram | null;
}

type Acc = FindingState;

/** 32-bit FNV-1a over UTF-16 code units: the rank of an object in a finding's sample (and of a template in correlate/unknown). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface SampledObject {
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
 *
 * Plain data (a state carries it as it is): the sampled objects by key, and while the sample is
 * full, the key that ranks last.
 */
export interface ObjectSample {
  byKey: Map<string, SampledObject>;
  lastKey: string | null;
}

/** Counts `count` occurrences of an object in a sample (see ObjectSample). */
export function sampleObject(sample: ObjectSample, key: string, ref: ObjectRef, count: number): void {
  const byKey = sample.byKey;
  const seen = byKey.get(key);
  if (seen) {
    seen.count += count;
    return;
  }
  const hash = fnv1a(key);
  if (byKey.size < MAX_OBJECTS) {
    byKey.set(key, { ref, count, hash });
    if (byKey.size === MAX_OBJECTS) sample.lastKey = lastOf(byKey);
    return;
  }
  const last = sample.lastKey!;
  if (!ranksBefore(hash, key, byKey.get(last)!.hash, last)) return;
  byKey.delete(last);
  byKey.set(key, { ref, count, hash });
  sample.lastKey = lastOf(byKey);
}

function lastOf(byKey: Map<string, SampledObject>): string {
  let last: string | null = null;
  let lastHash = 0;
  for (const [k, o] of byKey) {
    if (last === null || ranksBefore(lastHash, last, o.hash, k)) {
      last = k;
      lastHash = o.hash;
    }
  }
  return last!;
}

const newSample = (): ObjectSample => ({ byKey: new Map(), lastKey: null });

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

/** A signature's texts that depend on a finding's values (`{{capture}}` placeholders). */
export interface TextTemplates {
  diagnosis: string;
  causes: readonly string[];
  fixes: readonly string[];
  impact?: string | undefined;
}

/** The texts of a finding rendered from its signature's templates. */
export type FindingTexts = Pick<Finding, 'diagnosis' | 'likelyCauses' | 'fixes' | 'impact'>;

/** Renders a finding's texts. */
export function renderTexts(t: TextTemplates, vars: Vars): FindingTexts {
  return {
    diagnosis: renderTemplate(t.diagnosis, vars).trim(),
    likelyCauses: t.causes.map((c) => renderTemplate(c, vars).trim()),
    fixes: t.fixes.map((f) => renderTemplate(f, vars).trim()),
    impact: t.impact ? renderTemplate(t.impact, vars).trim() : null,
  };
}

/**
 * Where correlation gets the texts of findings handed to it unrendered (Aggregator.finish() and
 * drafts()): rendering them for hundreds of thousands of findings when a report lists the first
 * 5,000 costs most of the time and memory, so only the listed ones (and the impacts a root cause
 * names) are rendered.
 */
export interface TextSource {
  /** The texts of the finding with this key; undefined when the source does not have it. */
  texts(key: string): FindingTexts | undefined;
  /** Its impact alone. */
  impact(key: string): string | null | undefined;
  /**
   * The evidence lines of the finding with this key; undefined when the source does not have it
   * (a finding handed to correlation by the source has none of its own: they are kept compact).
   */
  evidence(key: string): Evidence[] | undefined;
}

/** An aggregator's state as plain data: what a worker thread sends back (see exportState). */
export interface AggregatorState {
  findings: FindingState[];
  /** The text templates of the states' signatures, by signature id. */
  templates: [string, TextTemplates][];
  /** For each finding key, its same-line partners: one key alone, or a list (see Aggregator.sameLine). */
  sameLine: [string, Partners][];
  /** The findings' evidence lines (FindingState.evidence and moreEvidence number them). */
  evidence: EvidenceStoreState;
}

/**
 * One empty list shared by every finding that has nothing in it yet (frozen: replaced, never
 * pushed into). An empty array of its own costs 16 to 32 bytes, several per finding.
 */
export function none<T>(): T[] {
  return NONE as T[];
}
const NONE: unknown[] = Object.freeze([] as unknown[]) as unknown[];


/**
 * Findings of an aggregator whose texts are rendered as they appear, the first ones: a run with
 * no more findings than a report lists renders each once while it reads, and its report (the one
 * after Ctrl-C in follow mode too) has them ready. Past these, texts are rendered only for the
 * findings a report lists.
 */
export const EAGER_TEXTS = 5000;


/** A groupBy value: a named capture, or `fields.<name>` for a structured field of the entry. */
function groupValue(name: string, m: Match): string {
  if (!name.startsWith('fields.')) return m.captures[name] ?? '';
  const v = m.entry.fields[name.slice('fields.'.length)];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** Most other findings remembered per finding as seen on the same line (for chain rules). */
const MAX_SAME_LINE = 32;

/** A finding's same-line partners: the one key (most findings have one), or a list of distinct keys. */
export type Partners = string | string[];

/** Adds to a's partners the keys (other than a) not there yet, up to MAX_SAME_LINE. */
function addPartners(sameLine: Map<string, Partners>, a: string, keys: readonly string[]): void {
  let held = sameLine.get(a);
  for (const b of keys) {
    if (b === a) continue;
    if (held === undefined) sameLine.set(a, (held = b));
    else if (typeof held === 'string') {
      if (held !== b) sameLine.set(a, (held = [held, b]));
    } else if (held.length < MAX_SAME_LINE && !held.includes(b)) held.push(b);
  }
}

/**
 * The well-formed kinds an entry's structured fields (a zap `controllerKind`) and its text name,
 * for the entry matched last: a line that matches several signatures (most do, a wrapper and the
 * error it wraps) is read for kinds once. The refs are shared, never changed (see extractFromText).
 */
let kindsEntry: LogEntry | null = null;
let entryKinds: KindRef[] = [];
function kindsOfEntry(entry: LogEntry): KindRef[] {
  if (entry === kindsEntry) return entryKinds;
  const refs: KindRef[] = [];
  const controller = kindFromFields(entry.fields);
  if (controller && wellFormedKind(controller)) refs.push(controller);
  for (const k of extractKinds(matchText(entry), entry.fields)) if (wellFormedKind(k)) refs.push(k);
  kindsEntry = entry;
  entryKinds = refs;
  return refs;
}

/** The well-formed kinds of a match: from its captures, its structured fields (a zap `controllerKind`), then its text. */
function kindsOf(m: Match): KindRef[] {
  const captured = kindFromCaptures(m.captures);
  const refs = captured && wellFormedKind(captured) ? [captured, ...kindsOfEntry(m.entry)] : kindsOfEntry(m.entry);
  return mergeKinds(refs);
}

/** A finding's key: the signature id and the values that separate its findings (empty ones left out); flat (see flat()). */
function keyOf(id: string, parts: readonly string[]): string {
  let key = id;
  for (const p of parts) if (p !== '') key += `:${p}`;
  return flat(key);
}

/**
 * The state of a finding at its first match. Apart from Aggregator.add, which runs for every
 * match, so that the per-match path stays small (V8 compiles it sooner, and once). Its texts are
 * rendered by the caller for the first EAGER_TEXTS findings, else when asked.
 */
function newAcc(m: Match, sig: SignatureFacts, key: string, kinds: KindRef[], primary: KindRef | null, object: ObjectRef | null): Acc {
  return {
    // The matcher gives each match captures of its own (match/matcher.ts): kept, not copied.
    finding: new AggregatedFinding(sig, key, m.captures),
    firstKind: primary,
    firstObject: object,
    rendered: false,
    objects: null,
    objectsSeen: 0,
    kindRefs: kinds,
    evidence: -1,
    moreEvidence: null,
    lastEvidence: null,
    times: null,
  };
}

/**
 * Puts shared copies of a new finding's short values in place of its own: its captures and its
 * first object's kind and namespace (both the match's own: see newAcc and objectFrom; the values
 * stay equal). Values not shared and its first object's name become copies of their own, which
 * keep no line alive.
 */
function internValues(acc: Acc, interner: Interner): void {
  const c = acc.finding.captures;
  for (const name in c) c[name] = interner.get(c[name]!);
  const o = acc.firstObject;
  if (o) {
    if (o.kind !== null) o.kind = interner.get(o.kind);
    if (o.namespace !== null) o.namespace = interner.get(o.namespace);
    o.name = own(o.name);
  }
}

/** A kind ref with shared copies of its parts (a new one: refs may be shared with a cache, see extractFromText). */
function internedKind(k: KindRef, interner: Interner): KindRef {
  return {
    group: k.group === null ? null : interner.get(k.group),
    version: k.version === null ? null : interner.get(k.version),
    kind: k.kind === null ? null : interner.get(k.kind),
    resource: k.resource === null ? null : interner.get(k.resource),
  };
}

/** Where exportState leaves its maps for a merge in the same thread. */
const MAPS = Symbol('aggregator maps');

interface HandedMaps {
  byKey: Map<string, Acc>;
  sameLine: Map<string, Partners>;
  evidence: EvidenceStore;
}

export class Aggregator implements TextSource {
  private byKey = new Map<string, Acc>();
  /** The text templates of the findings' signatures, by signature id (ids are unique in a library). */
  private readonly templates = new Map<string, TextTemplates>();
  /** What the findings of each signature share, by signature id. */
  private readonly sigs = new Map<string, SignatureFacts>();
  /** Set by finish(): the findings are handed out. */
  private finished = false;
  /** Shared copies of the short values new findings keep (see internValues). */
  private readonly interner = new Interner();
  /** The last time a finding was given: findings of one line (or one burst) share it. */
  private lastTime: string | null = null;
  /** The histogram of one occurrence that findings first seen in the same second share (see ownTimes). */
  private firstTimes: TimeHistogram | null = null;
  /** The findings' first evidence lines (see FindingState.evidence). */
  private store = new EvidenceStore();

  private assertOpen(): void {
    if (this.finished) throw new Error('Aggregator: used after finish()');
  }
  /**
   * For each finding key, the keys of the findings matched on a line with it, distinct, in
   * first-seen order (up to MAX_SAME_LINE): the key alone while there is one (most findings have
   * one partner, and a list of one costs a string's pointer and 56 bytes more), then a list (a set
   * of one costs four times a list of one).
   */
  private sameLine = new Map<string, Partners>();

  /** Records that these findings were matched on one line (a chain rule may link them). */
  linkSameLine(keys: string[]): void {
    for (const a of keys) addPartners(this.sameLine, a, keys);
  }

  /** For each finding key, the keys of findings that matched on a line with it. */
  sameLinePairs(): ReadonlyMap<string, string | readonly string[]> {
    return this.sameLine;
  }

  /** Folds a match into its finding; returns the finding's key and whether this was its first occurrence. */
  add(m: Match): { key: string; isNew: boolean } {
    this.assertOpen();
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
      // The finding's own kind refs, with shared parts (a list of its size: kinds were pushed
      // into a list, which reserves room for 17).
      const refs = (kinds.length <= MAX_KIND_REFS ? kinds : kinds.slice(0, MAX_KIND_REFS)).map((k) => internedKind(k, this.interner));
      acc = newAcc(m, this.sigOf(spec), key, refs, refs[0] ?? null, object);
      internValues(acc, this.interner);
      this.byKey.set(key, acc);
      if (!this.templates.has(spec.id)) this.templates.set(spec.id, spec);
      if (this.byKey.size <= EAGER_TEXTS) this.render(acc);
      // A run of many findings holds the heap tighter (see heap.ts).
      if (this.byKey.size === MANY_FINDINGS) tightenHeapGrowth();
    } else {
      addRefs(acc.kindRefs, kinds);
    }
    const f = acc.finding;
    f.count++;
    let t = m.entry.time;
    if (t) {
      if (t === this.lastTime) t = this.lastTime;
      else this.lastTime = t;
      if (f.firstSeen === null || t < f.firstSeen) f.firstSeen = t;
      if (f.lastSeen === null || t > f.lastSeen) f.lastSeen = t;
      const ms = timeMs(t);
      if (ms !== null) {
        if (acc.times === null) acc.times = this.oneOccurrence(ms);
        else addTime(ownTimes(acc), ms);
      }
    }
    if (object) {
      acc.objectsSeen++;
      sampleObject((acc.objects ??= newSample()), flat(`${object.kind ?? ''}/${object.namespace ?? ''}/${object.name}`), object, 1);
    }
    // Past the first lines, only the last one is kept: it is not put in the store.
    if (firstEvidenceFull(acc)) {
      acc.lastEvidence = { source: m.entry.source, line: m.entry.line, text: m.entry.raw.slice(0, MAX_EVIDENCE_TEXT) };
    } else {
      addEvidence(acc, this.store.add(m.entry.source, m.entry.line, m.entry.raw.slice(0, MAX_EVIDENCE_TEXT)), this.store);
    }
    // The key the finding keeps (the one made for this match is garbage once it is found).
    return { key: acc.finding.key, isNew };
  }

  /**
   * The aggregator's state as plain data (structured-clone safe), for a worker thread to send
   * to the main thread. The findings' records are handed over as they are (not copied): the
   * aggregator is done, and cannot be used afterwards.
   */
  exportState(): AggregatorState {
    this.assertOpen();
    this.finished = true;
    const state: AggregatorState = {
      findings: [...this.byKey.values()],
      templates: [...this.templates].map(([id, t]) => [id, pickTemplates(t)]),
      sameLine: [...this.sameLine],
      evidence: this.store.exportState(),
    };
    // The maps these lists were read from, for a merge in this thread (see mergeState). Not
    // enumerable: neither a copy to another thread nor a spread of the state carries them.
    Object.defineProperty(state, MAPS, { value: { byKey: this.byKey, sameLine: this.sameLine, evidence: this.store } satisfies HandedMaps });
    return state;
  }

  /**
   * Folds in another aggregator's state as if its matches had come after this one's: counts add
   * up, evidence keeps the first ones and the last one, objects keep their first-seen order. The
   * bundle runner merges per-file states in a fixed order, so the result never depends on which
   * thread finished first. The state is taken over (its findings become this aggregator's): it
   * must not be read afterwards.
   */
  mergeState(state: AggregatorState): void {
    this.assertOpen();
    // A state from another thread carries its own copy of each signature's shared values: its
    // findings are made aggregated findings again, and share this aggregator's.
    adoptState(state);
    const shareTexts = (o: AggregatedFinding): void => this.shareSig(o);
    for (const [id, t] of state.templates) if (!this.templates.has(id)) this.templates.set(id, t);
    // A histogram that findings share comes frozen (see oneOccurrence), or, from another thread, as
    // one object the findings share but no longer frozen: frozen again, so each copies it to change it.
    const unfrozen = new Set<TimeHistogram>();
    for (const other of state.findings) {
      const t = other.times;
      if (t === null || Object.isFrozen(t)) continue;
      if (!unfrozen.has(t)) unfrozen.add(t);
      else Object.freeze(t);
    }
    // The first state merged in this thread: its maps are taken over whole, not built again entry
    // by entry (a large log's state is hundreds of thousands of findings).
    const maps = (state as { [MAPS]?: HandedMaps })[MAPS];
    // The state's evidence store as it is too, unless a copy of the state carries other blocks
    // (a byte range's, with its lines shifted).
    if (maps && this.byKey.size === 0 && this.sameLine.size === 0 && this.store.isEmpty() && maps.evidence.isExported(state.evidence)) {
      for (const { finding } of state.findings) shareTexts(finding);
      this.byKey = maps.byKey;
      this.sameLine = maps.sameLine;
      this.store = maps.evidence;
      return;
    }
    // The state's evidence numbers, as this aggregator's store numbers them after its blocks.
    const shift = this.store.absorb(state.evidence);
    const store = this.store;
    for (const other of state.findings) {
      const o = other.finding;
      const acc = this.byKey.get(o.key);
      if (!acc) {
        // A finding new here is taken over as it is, record and all: the same as merging it into
        // an empty one (its lists are within their caps, its object sample is one), without a
        // copy of every finding of a large state.
        shareTexts(o);
        if (shift !== 0) {
          if (other.evidence !== -1) other.evidence += shift;
          if (other.moreEvidence !== null) other.moreEvidence = other.moreEvidence.map((r) => r + shift);
        }
        this.byKey.set(o.key, other);
        continue;
      }
      const f = acc.finding;
      f.count += o.count;
      addRefs(acc.kindRefs, other.kindRefs);
      if (o.firstSeen !== null && (f.firstSeen === null || o.firstSeen < f.firstSeen)) f.firstSeen = o.firstSeen;
      if (o.lastSeen !== null && (f.lastSeen === null || o.lastSeen > f.lastSeen)) f.lastSeen = o.lastSeen;
      acc.objectsSeen += other.objectsSeen;
      if (other.times) mergeHistogram(acc.times === null ? (acc.times = emptyHistogram()) : ownTimes(acc), other.times);
      // Objects outside the sample are counted in objectsSeen only: they are the omitted ones.
      if (other.objects) for (const [k, { ref, count }] of other.objects.byKey) sampleObject((acc.objects ??= newSample()), k, ref, count);
      if (other.evidence !== -1) addEvidence(acc, other.evidence + shift, store);
      if (other.moreEvidence !== null) for (const r of other.moreEvidence) addEvidence(acc, r + shift, store);
      if (other.lastEvidence) addLastEvidence(acc, other.lastEvidence);
    }
    for (const [k, others] of state.sameLine) {
      // A list new here is taken over (it is one: distinct keys, within the cap).
      if (!this.sameLine.has(k)) this.sameLine.set(k, others);
      else addPartners(this.sameLine, k, typeof others === 'string' ? [others] : others);
    }
  }

  /** The keys of the findings so far. */
  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** The timed occurrences of the findings with these keys (those with none are left out). */
  timelines(keys: Iterable<string>): Record<string, TimeHistogram> {
    const out: Record<string, TimeHistogram> = {};
    for (const key of keys) {
      const times = this.byKey.get(key)?.times;
      if (times) out[key] = times;
    }
    return out;
  }

  /** The findings so far, with kinds, evidence, object lists and texts completed (copies). */
  findings(): Finding[] {
    return [...this.byKey.values()].map((acc) =>
      complete(acc, acc.rendered ? textsIn(acc.finding) : renderTexts(this.templatesOf(acc), varsOf(acc)), evidenceOf(acc, this.store)),
    );
  }

  /**
   * The findings so far as findings() makes them, but with no evidence and with the texts
   * (diagnosis, likely causes, fixes, impact) of those not rendered yet empty: correlate() reads
   * the evidence and renders the texts of the findings a report lists, from this aggregator as
   * its TextSource.
   */
  drafts(): Finding[] {
    return [...this.byKey.values()].map((acc) => complete(acc, acc.rendered ? textsIn(acc.finding) : NO_TEXTS, none()));
  }

  /**
   * drafts() for an aggregator that is done: its findings are completed in place and handed out
   * (no copy of each), and nothing can be added or merged afterwards. texts(), impact() and
   * evidence() still answer.
   */
  finish(): Finding[] {
    this.finished = true;
    const out: Finding[] = [];
    for (const acc of this.byKey.values()) {
      const f = acc.finding;
      f.kinds = acc.kindRefs.length === 1 ? acc.kindRefs : mergeKinds(acc.kindRefs).slice(0, MAX_KINDS);
      const listed = listedObjects(acc);
      if (listed.length > 0) f.objects = listed;
      f.objectsOmitted = acc.objectsSeen - listed.reduce((n, o) => n + o.count, 0);
      out.push(f);
    }
    return out;
  }

  /** After finish(): the finding it handed out with this key. */
  get(key: string): Finding | undefined {
    if (!this.finished) throw new Error('Aggregator: get() before finish()');
    return this.byKey.get(key)?.finding;
  }

  /** The texts of a finding, rendered once: a live run's snapshots ask again for the ones they list. */
  texts(key: string): FindingTexts | undefined {
    const acc = this.byKey.get(key);
    if (!acc) return undefined;
    if (!acc.rendered) this.render(acc);
    return textsIn(acc.finding);
  }

  evidence(key: string): Evidence[] | undefined {
    const acc = this.byKey.get(key);
    return acc ? evidenceOf(acc, this.store) : undefined;
  }

  impact(key: string): string | null | undefined {
    const acc = this.byKey.get(key);
    if (!acc) return undefined;
    if (acc.rendered) return acc.finding.impact;
    const t = this.templatesOf(acc);
    return t.impact ? renderTemplate(t.impact, varsOf(acc)).trim() : null;
  }
  /**
   * The histogram of a finding's first timed occurrence: one shared (frozen) by the findings first
   * seen in the same second, until each sees another (a new finding per line, hundreds of
   * thousands of them, would otherwise keep a histogram each).
   */
  private oneOccurrence(ms: number): TimeHistogram {
    const index = Math.floor(ms / BASE_MS);
    const last = this.firstTimes;
    if (last !== null && last.buckets[0] === index) return last;
    return (this.firstTimes = Object.freeze({ bucketMs: BASE_MS, buckets: Object.freeze([index, 1]) as number[] }));
  }

  /** What the findings of a signature share (one object per signature). */
  private sigOf(spec: Match['pattern']['spec']): SignatureFacts {
    let sig = this.sigs.get(spec.id);
    if (sig === undefined) {
      sig = { id: spec.id, family: spec.family, title: spec.title, severity: spec.severity, explanation: spec.explanation.trim() };
      this.sigs.set(spec.id, sig);
    }
    return sig;
  }

  /** A finding from a state shares this aggregator's object of its signature (when it says the same). */
  private shareSig(f: AggregatedFinding): void {
    const mine = this.sigs.get(f.sig.id);
    if (mine === undefined) this.sigs.set(f.sig.id, f.sig);
    else if (mine !== f.sig && sameSig(mine, f.sig)) f.sig = mine;
  }

  /** The text templates of a finding's signature. */
  private templatesOf(acc: Acc): TextTemplates {
    return this.templates.get(acc.finding.id)!;
  }

  /** Renders a finding's texts into it. */
  private render(acc: Acc): void {
    acc.finding.texts = renderTexts(this.templatesOf(acc), varsOf(acc));
    acc.rendered = true;
  }

}

/** A finding's histogram to change: a copy of its own in place of a shared one (see oneOccurrence). */
function ownTimes(acc: Acc): TimeHistogram {
  const t = acc.times!;
  return Object.isFrozen(t) ? (acc.times = { bucketMs: t.bucketMs, buckets: [...t.buckets] }) : t;
}

/** Whether a finding holds its first MAX_EVIDENCE - 1 evidence lines (a later one is its last). */
function firstEvidenceFull(acc: Acc): boolean {
  return acc.moreEvidence !== null && acc.moreEvidence.length >= MAX_EVIDENCE - 2;
}

/** Adds an evidence line, by its number in the store: the first ones are kept, then the last one. */
function addEvidence(acc: Acc, ref: number, store: EvidenceStore): void {
  if (firstEvidenceFull(acc)) acc.lastEvidence = store.get(ref);
  else if (acc.evidence === -1) acc.evidence = ref;
  else if (acc.moreEvidence === null) acc.moreEvidence = [ref];
  else acc.moreEvidence.push(ref);
}

/** Adds an evidence line that comes after the first ones. */
function addLastEvidence(acc: Acc, ev: Evidence): void {
  if (firstEvidenceFull(acc)) acc.lastEvidence = ev;
  else throw new Error('aggregate: a last evidence line before the first ones');
}

/** A finding's evidence lines, read back from the store. */
function evidenceOf(acc: Acc, store: EvidenceStore): Evidence[] {
  const out: Evidence[] = [];
  if (acc.evidence !== -1) out.push(store.get(acc.evidence));
  if (acc.moreEvidence !== null) for (const r of acc.moreEvidence) out.push(store.get(r));
  if (acc.lastEvidence !== null) out.push(acc.lastEvidence);
  return out;
}

/** The objects a finding lists, with their counts. */
function listedObjects(acc: Acc): ObjectCount[] {
  return acc.objects ? [...acc.objects.byKey.values()].map((o) => ({ ...o.ref, count: o.count })) : [];
}

/** A copy of the finding with its lists completed and these texts and evidence lines. */
function complete(acc: Acc, texts: FindingTexts, evidence: Evidence[]): Finding {
  const f = acc.finding;
  const listed = listedObjects(acc);
  return copyFinding(f, {
    ...texts,
    kinds: acc.kindRefs.length === 1 ? [acc.kindRefs[0]!] : mergeKinds(acc.kindRefs).slice(0, MAX_KINDS),
    objects: listed,
    objectsOmitted: acc.objectsSeen - listed.reduce((n, o) => n + o.count, 0),
    evidence,
    // Fresh lists: correlation links the findings it is handed.
    causes: [],
    causedBy: [],
  });
}

/** The template values of a finding: those of its first occurrence. */
function varsOf(acc: Acc): Vars {
  return templateVars(acc.finding.captures, acc.firstKind, acc.firstObject);
}


function textsIn(f: Finding): FindingTexts {
  return { diagnosis: f.diagnosis, likelyCauses: f.likelyCauses, fixes: f.fixes, impact: f.impact };
}

/** What an unrendered finding holds in place of its texts. */
const NO_TEXTS: FindingTexts = Object.freeze({ diagnosis: '', likelyCauses: none<string>(), fixes: none<string>(), impact: null });


/** The text templates of a signature, as plain data for a state. */
function pickTemplates(t: TextTemplates): TextTemplates {
  return { diagnosis: t.diagnosis, causes: t.causes, fixes: t.fixes, ...(t.impact ? { impact: t.impact } : {}) };
}
