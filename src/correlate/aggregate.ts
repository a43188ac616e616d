/**
 * Matches → findings. Repeated occurrences of a signature on the same kind (and the same values
 * of the pattern's `groupBy` captures) fold into one finding with a count, first/last seen, the
 * objects involved and a few evidence lines. Evidence and object lists are bounded, with counts
 * of what was left out, so memory stays flat however long the input.
 */

import type { Evidence, Finding, KindRef, ObjectRef } from '../model/finding.js';
import { copyFinding } from '../model/finding.js';
import type { Match } from '../match/matcher.js';
import { renderTemplate } from '../library/compile.js';
import { kindFromCaptures, kindFromFields, objectFrom } from './gvk.js';
import { extractKinds, mergeKinds } from './extract-kinds.js';
import { matchText } from '../model/entry.js';
import { isGroup, isKind, isResource, isVersion } from '../model/grammar.js';

export const MAX_EVIDENCE = 5;
export const MAX_OBJECTS = 20;
/** Most kinds listed on one finding. */
export const MAX_KINDS = 10;
/** Longest evidence text kept, in characters. */
const MAX_EVIDENCE_TEXT = 2000;

interface Acc {
  /** The finding as far as it goes: its kinds, objects and omitted count are made by findings(). */
  finding: Finding;
  /** Objects in first-seen order with their counts (up to the aggregator's tracking cap); null until one is named. */
  objectCounts: Map<string, { ref: ObjectRef; count: number }> | null;
  /** Matches that named an object; those of objects not listed are the omitted ones. */
  objectsSeen: number;
  /** Distinct kind refs in first-seen order (up to MAX_KIND_REFS); the finding's kinds are merged from these. */
  kindRefs: KindRef[];
  lastEvidence: Evidence | null;
}

/** Distinct kind refs remembered per finding. */
const MAX_KIND_REFS = 64;

const sameRef = (a: KindRef, b: KindRef): boolean =>
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
  }[];
  sameLine: [string, string[]][];
  /** False when some object was not tracked (see AggregatorOptions.trackObjects). */
  complete: boolean;
}

export interface AggregatorOptions {
  /**
   * Objects counted per finding (default MAX_OBJECTS, the number a finding lists). A later part
   * of a file tracks more, so that objects listed from earlier parts get their counts from it.
   */
  trackObjects?: number;
}

/** A groupBy value: a named capture, or `fields.<name>` for a structured field of the entry. */
function groupValue(name: string, m: Match): string {
  if (!name.startsWith('fields.')) return m.captures[name] ?? '';
  const v = m.entry.fields[name.slice('fields.'.length)];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** Most other findings remembered per finding as seen on the same line (for chain rules). */
const MAX_SAME_LINE = 32;

export class Aggregator {
  private readonly byKey = new Map<string, Acc>();
  private readonly sameLine = new Map<string, Set<string>>();
  private readonly trackObjects: number;
  /** Set when an object could not be tracked for want of room. */
  private untracked = false;

  constructor(options: AggregatorOptions = {}) {
    this.trackObjects = Math.max(MAX_OBJECTS, options.trackObjects ?? MAX_OBJECTS);
  }

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
    const captured = kindFromCaptures(m.captures);
    const controller = kindFromFields(m.entry.fields);
    const kinds = mergeKinds(
      [...(captured ? [captured] : []), ...(controller ? [controller] : []), ...extractKinds(matchText(m.entry), m.entry.fields)].filter(
        wellFormedKind,
      ),
    );
    const primary = kinds[0] ?? null;
    const object = objectFrom(m.captures, m.entry.fields, primary?.kind ?? null);
    // A pattern's groupBy says what separates its findings; without one, the kinds do. With one,
    // lines naming different kinds (an HPA event, the HPA controller's line about its target)
    // fold into one finding that lists all of them.
    const groupValues = (spec.groupBy ?? []).map((g) => groupValue(g, m));
    const keyParts = spec.groupBy?.length ? groupValues.filter((v) => v !== '') : kinds.map(kindLabel);
    const key = keyParts.length > 0 ? `${spec.id}:${keyParts.join(':')}` : spec.id;

    let acc = this.byKey.get(key);
    const isNew = acc === undefined;
    if (!acc) {
      const vars = templateVars(m.captures, primary, object);
      acc = {
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
        objectCounts: null,
        objectsSeen: 0,
        kindRefs: [],
        lastEvidence: null,
      };
      this.byKey.set(key, acc);
    }
    const f = acc.finding;
    f.count++;
    addRefs(acc.kindRefs, kinds);
    const t = m.entry.time;
    if (t) {
      if (f.firstSeen === null || t < f.firstSeen) f.firstSeen = t;
      if (f.lastSeen === null || t > f.lastSeen) f.lastSeen = t;
    }
    if (object) {
      acc.objectsSeen++;
      const ok = `${object.kind ?? ''}/${object.namespace ?? ''}/${object.name}`;
      const counts = (acc.objectCounts ??= new Map());
      const seen = counts.get(ok);
      if (seen) seen.count++;
      else if (counts.size < this.trackObjects) counts.set(ok, { ref: object, count: 1 });
      else this.untracked = true;
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
        objects: acc.objectCounts ? [...acc.objectCounts.entries()] : [],
        objectsSeen: acc.objectsSeen,
        kindRefs: [...acc.kindRefs],
        lastEvidence: acc.lastEvidence,
      })),
      sameLine: [...this.sameLine.entries()].map(([k, set]) => [k, [...set]]),
      complete: !this.untracked,
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
          objectCounts: null,
          objectsSeen: 0,
          kindRefs: [],
          lastEvidence: null,
        };
        this.byKey.set(o.key, acc);
      }
      const f = acc.finding;
      f.count += o.count;
      addRefs(acc.kindRefs, other.kindRefs);
      if (o.firstSeen !== null && (f.firstSeen === null || o.firstSeen < f.firstSeen)) f.firstSeen = o.firstSeen;
      if (o.lastSeen !== null && (f.lastSeen === null || o.lastSeen > f.lastSeen)) f.lastSeen = o.lastSeen;
      acc.objectsSeen += other.objectsSeen;
      // Objects past the listed ones are counted in objectsSeen only: they are the omitted ones.
      for (const [k, { ref, count }] of other.objects) {
        const counts = (acc.objectCounts ??= new Map());
        const seen = counts.get(k);
        if (seen) seen.count += count;
        else if (counts.size < MAX_OBJECTS) counts.set(k, { ref, count });
      }
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

  /** The findings so far, with kinds, evidence and object lists completed. */
  findings(): Finding[] {
    return [...this.byKey.values()].map((acc) => {
      const f = acc.finding;
      const listed = acc.objectCounts ? [...acc.objectCounts.values()].slice(0, MAX_OBJECTS) : [];
      return copyFinding(f, {
        kinds: acc.kindRefs.length === 1 ? [acc.kindRefs[0]!] : mergeKinds(acc.kindRefs).slice(0, MAX_KINDS),
        objects: listed.map((o) => ({ ...o.ref, count: o.count })),
        objectsOmitted: acc.objectsSeen - listed.reduce((n, o) => n + o.count, 0),
        evidence: acc.lastEvidence ? [...f.evidence, acc.lastEvidence] : [...f.evidence],
      });
    });
  }
}
