/**
 * Findings × kind registry → the final picture: kinds resolved against what the cluster serves,
 * near-miss findings for kinds that are almost right, causal links between findings (chain
 * rules), the per-kind summary, and the report order.
 */

import type { ChainLink, Evidence, Finding, KindRef, KindSummary, ObjectCount, OmittedFindings } from '../model/finding.js';
import { copyFinding, severityRank } from '../model/finding.js';
import { kindKey } from './gvk.js';
import { kindLabel, type TextSource } from './aggregate.js';
import { mergeKinds } from './extract-kinds.js';
import { findNearMiss, type NearMiss } from './near-miss.js';
import { CHAIN_RULES, chainRuleFor, eachPartner, groupsOf, sideMatches, type Link, type LinkContext, type SameLinePartners } from './chains.js';
import { invalidNames, type KindRegistry, type RegisteredKind } from './registry.js';
import type { FindingSelection } from '../model/filters.js';
import { NEAR_MISS_FAMILY, selectFindings } from './select.js';

/** Fills what the registry knows: the plural of a kind, the kind of a resource, the group of a Go type. */
export function resolveKind(k: KindRef, registry: KindRegistry): KindRef {
  if (k.group === null) {
    if (!k.kind) return k;
    const regs = registry.findKind(k.kind);
    // A Go type name carries no group; resolve it only when exactly one group has the kind.
    const only = regs.length === 1 ? regs[0] : regs.find((r) => r.group === '' && r.source === 'built-in');
    return only ? { ...k, group: only.group, resource: k.resource ?? only.plural } : k;
  }
  // With a group, the bundled catalog of well-known kinds speaks for a group no source of the
  // user's describes (`certificates.cert-manager.io` is the kind Certificate).
  const group = k.group;
  return inGroup(k, group, registry) ?? inGroup(k, group, registry.withCatalog()) ?? k;
}

function inGroup(k: KindRef, group: string, registry: KindRegistry): KindRef | null {
  if (k.kind && k.resource === null) {
    const reg = registry.find(group, k.kind);
    if (reg) return { ...k, resource: reg.plural };
  } else if (!k.kind && k.resource) {
    const reg = registry.findByResource(group, k.resource);
    if (reg) return { ...k, kind: reg.kind };
  }
  return null;
}

export interface Correlated {
  findings: Finding[];
  kinds: KindSummary[];
  /** Set when the report leaves findings or kinds out (MAX_FINDINGS). */
  omitted?: OmittedFindings;
  /** With a selection: the findings it did not select, and their occurrences. */
  excluded?: { findings: number; count: number };
  /** Every link between the listed findings, with the chain rule that made it. */
  links: ChainLink[];
}

export { NEAR_MISS_FAMILY };

function nearMissFinding(miss: NearMiss, key: string): Finding {
  return {
    id: miss.rule,
    family: NEAR_MISS_FAMILY,
    origin: 'registry',
    key,
    title: miss.title,
    severity: miss.severity,
    count: 0,
    firstSeen: null,
    lastSeen: null,
    // A kind removed with no successor is its own "registered" side: named once.
    kinds: kindLabel(miss.registered) === kindLabel(miss.seen) ? [miss.seen] : [miss.seen, miss.registered],
    objects: [],
    objectsOmitted: 0,
    diagnosis: miss.diagnosis,
    explanation: miss.explanation,
    likelyCauses: miss.causes,
    fixes: [`Edit: ${miss.edit}.`, ...miss.fixes],
    evidence: [],
    captures: {},
    impact: null,
    causes: [],
    causedBy: [],
    ...(miss.registeredFrom ? { registeredFrom: miss.registeredFrom } : {}),
  };
}

/**
 * Families whose findings say a kind could not be resolved (no REST mapping, no match, not
 * installed): the kinds they name are the troubled ones. Kinds that other findings name (a
 * reconciler's controllerKind, a watch source) are spelt as the component that uses them spells them.
 */
const UNRESOLVED_FAMILIES = new Set(['gc-rest-mapping', 'no-kind-match', 'api-not-served', 'cr-kind-not-installed', 'ownerref-invalid', 'hpa-scale-target', 'scheme-not-registered', 'gc-monitor-sync']);

/**
 * What correlation knows of one distinct kind (by its kindKey): how it resolves, whether it is
 * troubled, its near miss, and its tally for the kind summary. One record in one map per kind:
 * a log of two hundred thousand distinct kinds made a map (and key strings) per step before, a
 * map costing some 70 bytes an entry with the tables its growth leaves to the collector.
 */
interface KindFacts {
  key: string;
  /** The kind as the registry resolves it (see resolveKind); null until asked. */
  resolved: KindRef | null;
  /**
   * Its near miss (null: none); until it is looked up, undefined, or TROUBLED when a finding that
   * says the kind cannot be resolved (UNRESOLVED_FAMILIES) names it.
   */
  verdict: NearMiss | null | undefined | typeof TROUBLED;
  /** The tally of summarizeKinds: `kind` is null until a finding it summarizes names the kind. */
  kind: KindRef | null;
  /** Occurrences of the findings that name it. */
  count: number;
  /** The keys of the findings that name it: one alone (most kinds), then a list. */
  findings: string | string[];
  /** What few kinds have: a set of the findings once many name it, objects and omitted ones. */
  more: KindMore | null;
}

interface KindMore {
  findingSet: Set<string> | null;
  objects: ObjectList | null;
  objectsOmitted: number;
}

/** See KindFacts.verdict. */
const TROUBLED = Symbol('troubled');

const moreOf = (t: KindFacts): KindMore => (t.more ??= { findingSet: null, objects: null, objectsOmitted: 0 });

/** The facts of each distinct kind of one correlation, by kindKey. */
class KindTable {
  private readonly byKey = new Map<string, KindFacts>();

  of(k: KindRef): KindFacts {
    const key = kindKey(k);
    let facts = this.byKey.get(key);
    if (facts === undefined) {
      facts = { key, resolved: null, verdict: undefined, kind: null, count: 0, findings: '', more: null };
      this.byKey.set(key, facts);
    }
    return facts;
  }
}

/**
 * The kinds the logs name outside of unresolved-kind findings, as registry entries (source `log`):
 * a near miss may compare a troubled kind with them when nothing else speaks for its group. Marks
 * the troubled kinds in the table.
 */
function logNamedKinds(findings: Finding[], table: KindTable, evidenceOf: (f: Finding) => readonly Evidence[]): RegisteredKind[] {
  const byKey = new Map<string, RegisteredKind>();
  for (const f of findings) {
    if (f.origin !== 'signature') continue;
    const unresolved = UNRESOLVED_FAMILIES.has(f.family);
    for (const k of f.kinds) {
      if (unresolved) {
        const facts = table.of(k);
        if (facts.verdict === undefined) facts.verdict = TROUBLED;
        continue;
      }
      if (k.group === null || k.kind === null) continue;
      const key = `${k.group}\u0000${k.kind}`;
      if (byKey.has(key)) continue;
      const e = evidenceOf(f)[0];
      const names = { group: k.group, kind: k.kind, plural: k.resource ?? `${k.kind.toLowerCase()}s`, singular: k.kind.toLowerCase(), shortNames: [], versions: k.version ? [{ name: k.version, served: true, storage: true }] : [] };
      if (invalidNames(names) !== null) continue;
      byKey.set(key, {
        ...names,
        namespaced: true,
        versionsComplete: false,
        established: null,
        source: 'log',
        log: { finding: f.id, evidence: e ? `${e.source}:${e.line}` : null, pluralKnown: k.resource !== null },
      });
    }
  }
  // A kind both troubled and named elsewhere is no evidence of the right spelling.
  if (byKey.size > 0) {
    for (const f of findings) {
      if (f.origin !== 'signature' || !UNRESOLVED_FAMILIES.has(f.family)) continue;
      for (const k of f.kinds) if (k.kind !== null) byKey.delete(`${k.group ?? ''}\u0000${k.kind}`);
    }
  }
  return [...byKey.values()];
}

/** Most objects listed on a near-miss finding and on a kind summary; the rest are counted as omitted. */
export const MAX_LISTED_OBJECTS = 20;

/**
 * Most findings a report lists. Past it, findings are counted per family (`Report.omitted`): what
 * the report leaves out is the tail of the story order, so the cap never depends on the order in
 * which the input (or a worker thread) delivered them.
 */
export const MAX_FINDINGS = 5000;

/** A bounded object list with counts, merged by object. */
class ObjectList {
  /** Null until an object is added. */
  private byKey: Map<string, ObjectCount> | null = null;
  omitted = 0;

  constructor(private readonly limit: number) {}

  add(o: ObjectCount): void {
    const key = `${o.kind ?? '\u0001'}\u0000${o.namespace ?? '\u0001'}\u0000${o.name}`;
    const byKey = (this.byKey ??= new Map());
    const same = byKey.get(key);
    if (same) same.count += o.count;
    else if (byKey.size < this.limit) byKey.set(key, { ...o });
    else this.omitted += o.count;
  }

  list(): ObjectCount[] {
    return this.byKey ? [...this.byKey.values()] : [];
  }
}

/** Creates one finding per near-miss (seen kind → registered kind), fed by the findings that named it. */
function nearMisses(
  findings: Finding[],
  registry: KindRegistry,
  problems: Map<string, Set<string>>,
  table: KindTable,
  evidenceOf: (f: Finding) => readonly Evidence[],
): Finding[] {
  const derived = new Map<string, { finding: Finding; objects: ObjectList }>();
  // A verdict depends on the kind alone: one look-up per distinct kind (kept in its facts).
  let fallback: { logKinds: RegisteredKind[] } | null = null;
  for (const f of findings) {
    for (const k of f.kinds) {
      const facts = table.of(k);
      let miss = facts.verdict;
      if (miss === undefined || miss === TROUBLED) {
        // The troubled kinds are marked before the first verdict.
        if (fallback === null) {
          fallback = { logKinds: logNamedKinds(findings, table, evidenceOf) };
          miss = facts.verdict;
        }
        const troubled = miss === TROUBLED;
        miss = findNearMiss(k, registry, troubled ? fallback : null);
        // A removed version named only where nothing says the kind fails to resolve (an RBAC
        // denial, a timeout, a 403 trace) comes most often from a cluster that still served it.
        if (miss?.rule === 'kind-version-removed' && !troubled) miss = null;
        facts.verdict = miss;
      }
      if (!miss) continue;
      const pk = facts.key;
      (problems.get(pk) ?? problems.set(pk, new Set()).get(pk)!).add(miss.problem);
      const key = `${miss.rule}:${kindLabel(k)}`;
      let entry = derived.get(key);
      if (!entry) derived.set(key, (entry = { finding: nearMissFinding(miss, key), objects: new ObjectList(MAX_LISTED_OBJECTS) }));
      const d = entry.finding;
      d.count += f.count;
      if (f.firstSeen && (!d.firstSeen || f.firstSeen < d.firstSeen)) d.firstSeen = f.firstSeen;
      if (f.lastSeen && (!d.lastSeen || f.lastSeen > d.lastSeen)) d.lastSeen = f.lastSeen;
      for (const o of f.objects) entry.objects.add(o);
      d.objectsOmitted += f.objectsOmitted;
      if (d.evidence.length < 3) d.evidence.push(...evidenceOf(f).slice(0, 3 - d.evidence.length));
    }
  }
  return [...derived.values()].map(({ finding, objects }) =>
    copyFinding(finding, { objects: objects.list(), objectsOmitted: finding.objectsOmitted + objects.omitted }),
  );
}

/** Findings by key: a map of them, or what hands out an aggregator's finished findings. */
export interface FindingsByKey {
  get(key: string): Finding | undefined;
}

/** Whether `to` is reachable from `from` along causes links. */
function reaches(from: Finding, to: Finding, byKey: FindingsByKey): boolean {
  if (from.causes.length === 0) return from.key === to.key;
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.key === to.key) return true;
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    for (const k of f.causes) stack.push(byKey.get(k)!);
  }
  return false;
}

/** For each name on the effect side of these rules, the links those rules use. */
function effectLinks(rules: readonly (typeof CHAIN_RULES)[number][]): Map<string, Set<Link>> {
  const out = new Map<string, Set<Link>>();
  for (const r of rules) for (const side of r.effect) for (const l of r.links) (out.get(side) ?? out.set(side, new Set()).get(side)!).add(l);
  return out;
}

/**
 * For each name on an effect side, the links of the rules some of these findings can be the cause
 * of: a side no present finding can explain is not indexed (every finding is on the `*` side of
 * the near-miss rule, which only near misses use as causes).
 */
function activeEffectLinks(findings: readonly Finding[]): Map<string, Set<Link>> {
  const present = new Set<string>();
  for (const f of findings) {
    present.add(f.family);
    present.add(f.id);
  }
  return effectLinks(CHAIN_RULES.filter((r) => r.cause.some((side) => side === '*' || present.has(side))));
}

/**
 * Findings by side, then by a name (a kind, a resource, a group): no key string made per finding.
 * A name most findings do not share (a kind among thousands) holds its finding alone, not in a list.
 */
type Index2 = Map<string, Map<string, Finding | Finding[]>>;

function push(m: Map<string, Finding[]>, k: string, f: Finding): void {
  const list = m.get(k);
  if (!list) m.set(k, [f]);
  else if (list[list.length - 1] !== f) list.push(f);
}

function push2(m: Index2, side: string, k: string, f: Finding): void {
  let inner = m.get(side);
  if (!inner) m.set(side, (inner = new Map()));
  const held = inner.get(k);
  if (held === undefined) inner.set(k, f);
  else if (!Array.isArray(held)) {
    if (held !== f) inner.set(k, [held, f]);
  } else if (held[held.length - 1] !== f) held.push(f);
}

/**
 * Findings by what a chain rule can tie them with, each under the names a rule's effect side
 * may use for it (its family, its id, and `*`), so that only candidate pairs are tested.
 */
class ChainIndex {
  private readonly bySide = new Map<string, Finding[]>();
  private readonly byKind: Index2 = new Map();
  private readonly byResource: Index2 = new Map();
  private readonly byGroup: Index2 = new Map();
  private readonly kindless = new Map<string, Finding[]>();

  constructor(
    all: Finding[],
    private readonly byKey: FindingsByKey,
    private readonly ctx: LinkContext,
  ) {
    const sides = activeEffectLinks(all);
    for (const f of all) {
      let groups: Set<string> | null = null;
      for (const side of f.id === f.family ? [f.family, '*'] : [f.family, f.id, '*']) {
        const links = sides.get(side);
        if (!links) continue;
        push(this.bySide, side, f);
        if (f.kinds.length === 0) push(this.kindless, side, f);
        if (links.has('same-kind') || links.has('kind-or-unknown')) {
          for (const k of f.kinds) {
            if (k.kind !== null) push2(this.byKind, side, k.kind, f);
            if (k.resource !== null) push2(this.byResource, side, k.resource, f);
          }
        }
        if (links.has('same-group')) for (const g of (groups ??= groupsOf(f))) push2(this.byGroup, side, g, f);
      }
    }
  }

  /**
   * A superset of the findings some rule could link `c` to as its effects: on the rule's effect
   * side, and on the same line, of the same kind or group, or any when the link asks for no more.
   * chainRuleFor decides.
   */
  candidates(c: Finding): Set<Finding> {
    const out = new Set<Finding>();
    const add = (list: Finding | Finding[] | undefined) => {
      if (list === undefined) return;
      if (!Array.isArray(list)) out.add(list);
      else for (const f of list) out.add(f);
    };
    const sameKind = (side: string) => {
      const kinds = this.byKind.get(side);
      const resources = this.byResource.get(side);
      for (const k of c.kinds) {
        if (k.kind !== null) add(kinds?.get(k.kind));
        if (k.resource !== null) add(resources?.get(k.resource));
      }
    };
    for (const rule of CHAIN_RULES) {
      if (!sideMatches(rule.cause, c)) continue;
      if (rule.links.includes('same-line')) {
        eachPartner(this.ctx.sameLine.get(c.key), (k) => {
          const f = this.byKey.get(k);
          if (f) out.add(f);
        });
      }
      for (const side of rule.effect) {
        for (const link of rule.links) {
          if (link === 'same-kind') sameKind(side);
          else if (link === 'same-group') for (const g of groupsOf(c)) add(this.byGroup.get(side)?.get(g));
          else if (link === 'any' || (link === 'kind-or-unknown' && c.kinds.length === 0)) add(this.bySide.get(side));
          else if (link === 'kind-or-unknown') {
            add(this.kindless.get(side));
            sameKind(side);
          }
        }
      }
    }
    return out;
  }
}

/**
 * Links causes to effects by the chain rules, never closing a cycle, then drops each link that
 * a longer path already implies (TLS → webhook → reconcile needs no TLS → reconcile link).
 *
 * Pairs are visited in key order, as an all-pairs loop would visit them, but only the candidates
 * an index offers are tested; the result is the same (the property test keeps an all-pairs
 * reference). The links never form a cycle, so dropping the implied ones is the graph's
 * transitive reduction, which one walk per cause finds.
 */
export function linkChains(findings: Finding[], ctx: LinkContext, byKey: FindingsByKey = new Map(findings.map((f) => [f.key, f]))): void {
  const byKeyOrder = (a: Finding, b: Finding): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const ordered = [...findings].sort(byKeyOrder);
  const index = new ChainIndex(ordered, byKey, ctx);
  for (const cause of ordered) {
    const found = index.candidates(cause);
    if (found.size === 0) continue;
    const candidates = found.size === 1 ? [...found] : [...found].sort(byKeyOrder);
    for (const effect of candidates) {
      const rule = chainRuleFor(cause, effect, ctx);
      if (!rule) continue;
      if (reaches(effect, cause, byKey)) continue;
      // An empty list may be shared (the frozen one of aggregate.ts none(), or its copy in a state
      // from a worker thread): replaced, never pushed into.
      if (cause.causes.length === 0) cause.causes = [effect.key];
      else cause.causes.push(effect.key);
      if (effect.causedBy.length === 0) effect.causedBy = [cause.key];
      else effect.causedBy.push(cause.key);
    }
  }
  for (const cause of ordered) {
    if (cause.causes.length < 2) continue;
    // Everything reachable from a child in one step or more: a direct link to it is implied.
    const below = new Set<string>();
    const stack: Finding[] = [];
    for (const k of cause.causes) for (const g of byKey.get(k)!.causes) stack.push(byKey.get(g)!);
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (below.has(f.key)) continue;
      below.add(f.key);
      for (const g of f.causes) stack.push(byKey.get(g)!);
    }
    if (below.size === 0) continue;
    const implied = new Set(cause.causes.filter((k) => below.has(k)));
    if (implied.size === 0) continue;
    cause.causes = cause.causes.filter((x) => !implied.has(x));
    for (const k of implied) {
      const effect = byKey.get(k)!;
      effect.causedBy = effect.causedBy.filter((x) => x !== cause.key);
    }
  }
}

/** Most effects a root cause's diagnosis names ("As a result, …"); more are counted. */
const MAX_EFFECTS_NAMED = 5;

/** Adds, to a root cause's diagnosis, what it led to in the words of the findings it causes. */
function describeEffects(f: Finding, byKey: FindingsByKey, source: TextSource | undefined): void {
  if (f.origin !== 'registry') return;
  const effects = new Set<string>();
  for (const k of f.causes) {
    const e = byKey.get(k)!;
    const impact = (e.origin === 'signature' ? source?.impact(e.key) : undefined) ?? e.impact;
    effects.add(impact ?? e.title.charAt(0).toLowerCase() + e.title.slice(1));
  }
  if (effects.size === 0) return;
  const named = [...effects].slice(0, MAX_EFFECTS_NAMED);
  const more = effects.size - named.length;
  f.diagnosis += ` As a result, ${named.join('; ')}${more > 0 ? `; and ${more.toLocaleString('en-US')} more` : ''}.`;
}

export interface CorrelateOptions {
  /**
   * The findings' texts are not all rendered (Aggregator.finish() and drafts()): those of the
   * findings the report lists are taken from this source.
   */
  texts?: TextSource;
  /** The findings are correlate's to change (fresh drafts, or an aggregator's finished findings): no copy of each is made. */
  owned?: boolean;
  /**
   * With `owned`: the very findings handed to correlate, by key (an aggregator's after finish()),
   * so that no map of hundreds of thousands of them is made again.
   */
  byKey?: FindingsByKey;
}

export function correlate(
  input: Finding[],
  registry: KindRegistry,
  sameLine: ReadonlyMap<string, SameLinePartners> = new Map(),
  selection?: FindingSelection,
  opts: CorrelateOptions = {},
): Correlated {
  const source = opts.texts;
  // A finding from the source holds no evidence of its own: the source keeps its lines.
  const evidenceOf = (f: Finding): readonly Evidence[] => (f.origin === 'signature' && source ? source.evidence(f.key) : undefined) ?? f.evidence;
  // Resolving depends on the kind alone: once per distinct kind. The resolved refs are shared.
  const table = new KindTable();
  const resolve = (k: KindRef): KindRef => (table.of(k).resolved ??= resolveKind(k, registry));
  const resolvedKinds = (f: Finding): KindRef[] => {
    if (f.kinds.length !== 1) return mergeKinds(f.kinds.map(resolve));
    const r = resolve(f.kinds[0]!);
    // An owned finding's list of one kind that resolves to itself is kept as it is.
    return opts.owned && r === f.kinds[0] ? f.kinds : [r];
  };
  let findings: Finding[];
  if (opts.owned) {
    for (const f of input) f.kinds = resolvedKinds(f);
    findings = input;
  } else findings = input.map((f) => copyFinding(f, { kinds: resolvedKinds(f), causes: [...f.causes], causedBy: [...f.causedBy] }));
  const problems = new Map<string, Set<string>>();
  const derived = nearMisses(findings, registry, problems, table, evidenceOf);
  const all = derived.length === 0 ? findings : [...findings, ...derived];
  // Every finding by key for the steps below (the selected ones are among them): the input's own
  // look-up and the near misses, or one map of them all.
  let byKey: FindingsByKey;
  if (opts.owned && opts.byKey) {
    const given = opts.byKey;
    const nearByKey = new Map(derived.map((f) => [f.key, f]));
    byKey = { get: (key) => nearByKey.get(key) ?? given.get(key) };
  } else {
    const map = new Map<string, Finding>();
    for (const f of all) map.set(f.key, f);
    byKey = map;
  }
  const ctx: LinkContext = { sameLine };
  linkChains(all, ctx, byKey);
  for (const f of all) describeEffects(f, byKey, source);
  let capped: Omit<Correlated, 'links'>;
  if (!selection) capped = capReport(orderFindings(all, MAX_FINDINGS, byKey), summarizeKinds(all, problems, table));
  else {
    // The selection is made on the whole picture, before the report's cap on listed findings.
    const { findings: selected, excluded } = selectFindings(all, selection);
    capped = { ...capReport(orderFindings(selected, MAX_FINDINGS, byKey), summarizeKinds(selected, problems, table)), excluded };
  }
  // The listed findings get their texts and evidence, and lists of their own in place of the shared empty one.
  capped.findings = capped.findings.map((f) => {
    if (f.origin !== 'signature' || !source) return listedFinding(f, undefined);
    const texts = source.texts(f.key);
    const evidence = source.evidence(f.key);
    return listedFinding(f, texts === undefined && evidence === undefined ? undefined : { ...texts, ...(evidence && { evidence }) });
  });
  // The rule of each listed link, found again (chainRuleFor made it): no rule is kept per link
  // while linking, when a large log may link hundreds of thousands of findings.
  const links: ChainLink[] = [];
  for (const f of capped.findings) {
    for (const e of f.causes) links.push({ cause: f.key, effect: e, rule: chainRuleFor(byKey.get(f.key)!, byKey.get(e)!, ctx)?.id ?? '' });
  }
  return { ...capped, links };
}

/** An empty list may be shared: a listed finding gets one of its own. */
const own = <T>(list: T[]): T[] => (list.length === 0 ? [] : list);

/** A listed finding: with these texts, when given, and no list shared with another finding. */
function listedFinding(f: Finding, texts: Partial<Finding> | undefined): Finding {
  const g = texts ? copyFinding(f, texts) : f;
  g.kinds = own(g.kinds);
  g.objects = own(g.objects);
  g.likelyCauses = own(g.likelyCauses);
  g.fixes = own(g.fixes);
  g.evidence = own(g.evidence);
  g.causes = own(g.causes);
  g.causedBy = own(g.causedBy);
  return g;
}

/**
 * Keeps the first MAX_FINDINGS findings of the story order and the first MAX_FINDINGS kinds;
 * links and kind lists then name listed findings only, and what was left out is counted per family.
 */
function capReport(ordered: Finding[], { listed: kinds, total: totalKinds }: { listed: KindSummary[]; total: number }, max = MAX_FINDINGS): Omit<Correlated, 'links'> {
  if (ordered.length <= max && totalKinds <= max) return { findings: ordered, kinds };
  const listed = ordered.slice(0, max);
  const keys = new Set(listed.map((f) => f.key));
  const families = new Map<string, { family: string; findings: number; count: number }>();
  let count = 0;
  for (const f of ordered.slice(max)) {
    const fam = families.get(f.family) ?? families.set(f.family, { family: f.family, findings: 0, count: 0 }).get(f.family)!;
    fam.findings++;
    fam.count += f.count;
    count += f.count;
  }
  const keep = (list: string[]) => (list.every((k) => keys.has(k)) ? list : list.filter((k) => keys.has(k)));
  return {
    findings: listed.map((f) => copyFinding(f, { causes: keep(f.causes), causedBy: keep(f.causedBy) })),
    kinds: kinds.slice(0, max).map((k) => ({ ...k, findings: keep(k.findings) })),
    omitted: {
      findings: ordered.length - listed.length,
      count,
      families: [...families.values()].sort((a, b) => b.findings - a.findings || b.count - a.count || (a.family < b.family ? -1 : 1)),
      kinds: Math.max(0, totalKinds - max),
    },
  };
}

/**
 * Report order tells the story: findings that nothing explains come first, ranked by the worst
 * severity in their chain (so a root cause ranks with what it breaks), root causes before
 * stand-alone findings, then by severity and count; each is followed by what it causes.
 */
export function orderFindings(findings: Finding[], limit = Infinity, byKey: FindingsByKey = new Map(findings.map((f) => [f.key, f]))): Finding[] {
  // The rank of a finding that causes nothing is its severity's: only the others are kept (most
  // findings of a large log cause nothing).
  const chainRank = new Map<string, number>();
  const rankOf = (f: Finding, seen: Set<string> | null): number => {
    if (f.causes.length === 0) return severityRank(f.severity);
    const cached = chainRank.get(f.key);
    if (cached !== undefined) return cached;
    seen ??= new Set();
    seen.add(f.key);
    let r = severityRank(f.severity);
    for (const k of f.causes) if (!seen.has(k)) r = Math.min(r, rankOf(byKey.get(k)!, seen));
    chainRank.set(f.key, r);
    return r;
  };
  for (const f of findings) rankOf(f, null);
  const rank = (f: Finding): number => (f.causes.length === 0 ? severityRank(f.severity) : chainRank.get(f.key)!);
  const compare = (a: Finding, b: Finding): number =>
    rank(a) - rank(b) ||
    Number(b.causes.length > 0) - Number(a.causes.length > 0) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    b.count - a.count ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const out: Finding[] = [];
  const emitted = new Set<string>();
  const emit = (f: Finding): void => {
    if (emitted.has(f.key)) return;
    emitted.add(f.key);
    out.push(f);
    for (const child of f.causes.map((k) => byKey.get(k)!).sort(compare)) emit(child);
  };
  const roots = findings.filter((x) => x.causedBy.length === 0);
  if (roots.length > limit) {
    // Each root comes out with what it causes, so the first `limit` roots give the first `limit`
    // findings; the rest follow in input order (a report only counts them).
    for (const f of smallest(roots, limit, compare, true)) {
      emit(f);
      if (out.length >= limit) break;
    }
    for (const f of findings) if (!emitted.has(f.key)) out.push(f);
    return out;
  }
  for (const f of roots.sort(compare)) emit(f);
  // Findings only reachable through a cycle guard (none by construction) still appear.
  if (out.length < findings.length) for (const f of [...findings].sort(compare)) emit(f);
  return out;
}

/**
 * The `k` smallest items in order, as `[...items].sort(compare).slice(0, k)` gives them (compare
 * is a total order), in time linear in the items and k log k: a selection (quickselect, median
 * of three) puts the smallest k first, and only those are sorted.
 */
export function smallest<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number, reorder = false): T[] {
  // `reorder`: the caller's list is its to reorder (a list made for this), not copied.
  const a = reorder ? (items as T[]) : [...items];
  if (a.length <= k) return a.sort(compare);
  let lo = 0;
  let hi = a.length - 1;
  const swap = (i: number, j: number) => {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  };
  while (hi > lo) {
    // Median of three as the pivot, then a Hoare partition around it.
    const mid = (lo + hi) >>> 1;
    if (compare(a[mid]!, a[lo]!) < 0) swap(mid, lo);
    if (compare(a[hi]!, a[lo]!) < 0) swap(hi, lo);
    if (compare(a[hi]!, a[mid]!) < 0) swap(hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (compare(a[i]!, pivot) < 0) i++;
      while (compare(a[j]!, pivot) > 0) j--;
      if (i <= j) swap(i++, j--);
    }
    // [lo, j] ≤ pivot ≤ [i, hi]: go on in the part that holds position k.
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else break;
  }
  return a.slice(0, k).sort(compare);
}

/**
 * The kinds the findings name, most troubled first: the first `max` summarized (objects and
 * problems listed), and how many there are in all. A kind's tally (in its facts) stays small
 * until it is listed.
 */
function summarizeKinds(findings: Finding[], problems: Map<string, Set<string>>, table: KindTable, max = MAX_FINDINGS): { listed: KindSummary[]; total: number } {
  const tallied: KindFacts[] = [];
  // (smallest reorders the tallied list.)
  let total = 0;
  for (const f of findings) {
    // A near-miss finding also lists the registered kind; only the kind as seen is troubled.
    const kinds = f.origin === 'registry' ? f.kinds.slice(0, 1) : f.kinds;
    for (const [i, k] of kinds.entries()) {
      const t = table.of(k);
      if (t.kind === null) {
        t.kind = k;
        t.findings = f.key;
        tallied.push(t);
        total++;
      } else if (typeof t.findings === 'string') {
        if (t.findings !== f.key) t.findings = [t.findings, f.key];
      } else {
        // Most kinds are named by a few findings: a set only for those named by many.
        const listed = t.findings;
        if (listed.length < 8 ? !listed.includes(f.key) : !(moreOf(t).findingSet ??= new Set(listed)).has(f.key)) {
          t.more?.findingSet?.add(f.key);
          listed.push(f.key);
        }
      }
      if (f.origin === 'signature') t.count += f.count;
      // Objects belong to the finding's first (primary) kind.
      if (i === 0 && f.origin === 'signature') {
        for (const o of f.objects) if (o.kind === null || o.kind === k.kind) (moreOf(t).objects ??= new ObjectList(MAX_LISTED_OBJECTS)).add(o);
        if (f.objectsOmitted !== 0) moreOf(t).objectsOmitted += f.objectsOmitted;
      }
    }
  }
  const problemCount = (t: KindFacts): number => problems.get(t.key)?.size ?? 0;
  // The first `max` in order (a total order: keys are distinct), without sorting them all.
  const listed = smallest(tallied, max, (a, b) => problemCount(b) - problemCount(a) || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0), true).map(
    ({ key, kind: k, count, findings: keys, more }): KindSummary => ({
      group: k!.group,
      version: k!.version,
      kind: k!.kind,
      resource: k!.resource,
      count,
      findings: typeof keys === 'string' ? [keys] : keys,
      problems: [...(problems.get(key) ?? [])],
      objects: more?.objects ? more.objects.list() : [],
      objectsOmitted: (more?.objectsOmitted ?? 0) + (more?.objects?.omitted ?? 0),
    }),
  );
  return { listed, total };
}
