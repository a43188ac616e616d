/**
 * Matches → findings. Repeated occurrences of a signature on the same kind (and the same values
 * of the pattern's `groupBy` captures) fold into one finding with a count, first/last seen, the
 * objects involved and a few evidence lines. Evidence and object lists are bounded, with counts
 * of what was left out, so memory stays flat however long the input.
 */

import type { Evidence, Finding, KindRef, ObjectRef } from '../model/finding.js';
import type { Match } from '../match/matcher.js';
import { renderTemplate } from '../library/compile.js';
import { kindFromCaptures, kindFromFields, kindKey, objectFrom } from './gvk.js';

export const MAX_EVIDENCE = 5;
export const MAX_OBJECTS = 20;
/** Longest evidence text kept, in characters. */
const MAX_EVIDENCE_TEXT = 2000;

interface Acc {
  finding: Finding;
  objectCounts: Map<string, { ref: ObjectRef; count: number }>;
  lastEvidence: Evidence | null;
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
  if (object) {
    vars['namespace'] ??= object.namespace;
    vars['name'] ??= object.name;
  }
  return vars;
}

export class Aggregator {
  private readonly byKey = new Map<string, Acc>();

  /** Folds a match into its finding; returns the finding's key and whether this was its first occurrence. */
  add(m: Match): { key: string; isNew: boolean } {
    const spec = m.pattern.spec;
    const captured = kindFromCaptures(m.captures);
    const controller = kindFromFields(m.entry.fields);
    const kinds: KindRef[] = [];
    if (captured) kinds.push(captured);
    if (controller && (!captured || kindKey(controller) !== kindKey(captured))) kinds.push(controller);
    const primary = kinds[0] ?? null;
    const object = objectFrom(m.captures, m.entry.fields, primary?.kind ?? null);
    const groupValues = (spec.groupBy ?? []).map((g) => m.captures[g] ?? '');
    const keyParts = [...groupValues.filter((v) => v !== ''), ...kinds.map(kindLabel)];
    const key = keyParts.length > 0 ? `${spec.id}:${keyParts.join(':')}` : spec.id;

    let acc = this.byKey.get(key);
    const isNew = acc === undefined;
    if (!acc) {
      const vars = templateVars(m.captures, primary, object);
      acc = {
        finding: {
          id: spec.id,
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
          causes: spec.causes,
          fixes: spec.fixes.map((f) => renderTemplate(f, vars).trim()),
          evidence: [],
          impact: spec.impact ? renderTemplate(spec.impact, vars).trim() : null,
          explains: [],
          causedBy: [],
        },
        objectCounts: new Map(),
        lastEvidence: null,
      };
      this.byKey.set(key, acc);
    }
    const f = acc.finding;
    f.count++;
    const t = m.entry.time;
    if (t) {
      if (f.firstSeen === null || t < f.firstSeen) f.firstSeen = t;
      if (f.lastSeen === null || t > f.lastSeen) f.lastSeen = t;
    }
    if (object) {
      const ok = `${object.namespace ?? ''}/${object.name}`;
      const seen = acc.objectCounts.get(ok);
      if (seen) seen.count++;
      else if (acc.objectCounts.size < MAX_OBJECTS) acc.objectCounts.set(ok, { ref: object, count: 1 });
      else f.objectsOmitted++;
    }
    const ev: Evidence = { source: m.entry.source, line: m.entry.line, text: m.entry.raw.slice(0, MAX_EVIDENCE_TEXT) };
    if (f.evidence.length < MAX_EVIDENCE - 1) f.evidence.push(ev);
    else acc.lastEvidence = ev;
    return { key, isNew };
  }

  /** The findings so far, with evidence and object lists completed. */
  findings(): Finding[] {
    return [...this.byKey.values()].map((acc) => {
      const f = acc.finding;
      return {
        ...f,
        objects: [...acc.objectCounts.values()].map((o) => ({ ...o.ref, count: o.count })),
        evidence: acc.lastEvidence ? [...f.evidence, acc.lastEvidence] : [...f.evidence],
      };
    });
  }
}
