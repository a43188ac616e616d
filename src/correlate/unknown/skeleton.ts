/**
 * From an unrecognised-error group to a signature skeleton (`patterns new`, the TUI's `n`): a
 * keyword from the template's constant text, a regex built from the template — each `<*>` a
 * bounded class (a quoted slot `"[^"]*"`, another `\S+` or the non-space characters up to the
 * literal after it), tokens joined by `\s+`, no lookaround or backreference, so RE2 runs it in
 * linear time — with named captures for the slots the kind extractor recognises (kind, resource,
 * group, object, namespace, name), the group's real lines as `match` examples with the captures
 * the regex takes from each, and TODO texts
 * for what only a person can write (title, diagnosis, explanation, causes, fixes). `patterns
 * test` lists the TODO fields.
 */

import type { UnknownGroup } from '../../model/finding.js';
import type { PatternSpec } from '../../library/schema.js';
import { exampleEntry } from '../../match/examples.js';
import { matchText } from '../../model/entry.js';
import { extractKinds } from '../extract-kinds.js';
import { SLOT } from './mask.js';

export const TODO = 'TODO';

/** Capture names a slot may get, as the kind extractor and object parsing read them. */
type SlotName = 'kind' | 'resource' | 'group' | 'object' | 'namespace' | 'name';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface Slot {
  /** The regex of the slot's value (without a group). */
  cls: string;
}

/** Regex pieces of one template token: literals escaped, slots as bounded classes. */
function tokenPieces(token: string): (string | Slot)[] {
  const parts = token.split(SLOT);
  const out: (string | Slot)[] = [];
  parts.forEach((lit, i) => {
    if (lit) out.push(escape(lit));
    if (i === parts.length - 1) return;
    const before = lit;
    const after = parts[i + 1]!;
    let cls: string;
    if (before.endsWith('\\"') && after.startsWith('\\"')) cls = '[^"]*';
    else if (before.endsWith('"') && after.startsWith('"')) cls = '[^"]*';
    else if (before.endsWith("'") && after.startsWith("'")) cls = "[^']*";
    else if (after.length > 0) cls = `[^\\s${escape(after[0]!).replace(/\]/g, '\\]')}]+`;
    else cls = '\\S+';
    out.push({ cls });
  });
  return out;
}

/** The template's tokens without the cut marker. */
function tokensOf(template: string): string[] {
  const tokens = template.split(' ');
  return tokens[tokens.length - 1] === '…' ? tokens.slice(0, -1) : tokens;
}

/** The regex of a template with every slot captured (`names[i]` for slot i: a named group, else unnamed or none). */
export function templateRegex(template: string, names: readonly (string | null | undefined)[] | 'all'): string {
  let slot = 0;
  return tokensOf(template)
    .map((t) =>
      tokenPieces(t)
        .map((p) => {
          if (typeof p === 'string') return p;
          const name = names === 'all' ? undefined : names[slot];
          slot++;
          return names === 'all' ? `(${p.cls})` : name ? `(?<${name}>${p.cls})` : p.cls;
        })
        .join(''),
    )
    .join('\\s+');
}

const KEY = /^[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9.-]*$/;
const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;

/** What each slot holds, as far as the kind extractor and the group's objects tell, from the first example that matches. */
function slotNames(template: string, texts: readonly string[], group: UnknownGroup): (SlotName | null)[] {
  const re = new RegExp(templateRegex(template, 'all'));
  for (const text of texts) {
    const m = re.exec(text);
    if (!m) continue;
    const kinds = extractKinds(text, {});
    const used = new Set<SlotName>();
    return m.slice(1).map((value) => {
      const v = value ?? '';
      const name = ((): SlotName | null => {
        if (v === '') return null;
        if (KEY.test(v) && !VERSION.test(v.split('/')[1]!)) return 'object';
        if (kinds.some((k) => k.kind === v)) return 'kind';
        if (kinds.some((k) => k.resource === v)) return 'resource';
        if (kinds.some((k) => k.group === v && v.includes('.'))) return 'group';
        if (group.objects.some((o) => o.namespace === v)) return 'namespace';
        if (group.objects.some((o) => o.name === v)) return 'name';
        return null;
      })();
      if (name === null || used.has(name)) return null;
      used.add(name);
      return name;
    });
  }
  return [];
}

/** Keyword candidates, longest first: runs of constant tokens, then the literal pieces of tokens. */
function keywordCandidates(template: string): string[] {
  const tokens = tokensOf(template);
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i; j < tokens.length && !tokens[j]!.includes(SLOT); j++) out.add(tokens.slice(i, j + 1).join(' '));
  }
  for (const t of tokens) for (const piece of t.split(SLOT)) out.add(piece);
  return [...out].filter((k) => k.trim().length >= 4 && k === k.trim()).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

export interface SkeletonInput {
  id: string;
  group: UnknownGroup;
  /** Example lines of other groups in the same input: nomatch examples. */
  others: readonly string[];
}

/** The match text of an example line, as the pipeline reads it. */
export function exampleText(line: string): string | null {
  const entry = exampleEntry(line);
  return entry ? matchText(entry) : null;
}

/**
 * A `match` example with the captures the regex really produces on its line (named groups that
 * took part in the match), so `patterns test` checks them; a line it does not match keeps none.
 */
function matchExample(line: string, re: RegExp): { line: string; captures?: Record<string, string> } {
  const text = exampleText(line);
  const groups = text === null ? undefined : re.exec(text)?.groups;
  const captures: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups ?? {})) if (v !== undefined) captures[k] = v;
  return Object.keys(captures).length > 0 ? { line, captures } : { line };
}

/** The signature skeleton of a group; throws an Error with a one-line reason when none can be made. */
export function signatureSkeleton({ id, group, others }: SkeletonInput): PatternSpec {
  const lines = group.examples.map((e) => e.text);
  const texts = lines.map(exampleText).filter((t): t is string => t !== null);
  if (texts.length === 0) throw new Error(`group ${group.id} has no example line to build a signature from`);
  const keyword = keywordCandidates(group.template).find((k) => texts.every((t) => t.includes(k)));
  if (!keyword) throw new Error(`group ${group.id} has no constant text of 4 characters or more to use as a keyword (template: ${group.template})`);
  const names = slotNames(group.template, texts, group);
  const regex = templateRegex(group.template, names);
  const severity = group.levels.includes('fatal') || group.levels.includes('error') ? 'error' : 'warning';
  const nomatch = others.filter((l) => !l.includes(keyword)).slice(0, 2);
  return {
    id,
    family: id,
    title: `${TODO}: a one-line title for "${group.template.slice(0, 80)}"`,
    severity,
    components: [],
    match: { keywords: [keyword], regex },
    diagnosis: `${TODO}: what happened, for this line (captures such as {{${names.find((n) => n) ?? 'kind'}}} may be used)`,
    explanation: `${TODO}: why this usually happens, in general terms`,
    causes: [`${TODO}: the most likely cause`],
    fixes: [`${TODO}: a step that fixes or confirms it, commands in backticks`],
    references: [],
    examples: {
      match: lines.map((line) => matchExample(line, new RegExp(regex))),
      nomatch: nomatch.length > 0 ? nomatch.map((line) => ({ line, reason: 'another unrecognised error of the same log' })) : [{ line: `${TODO}: a line this signature must not match`, reason: TODO }],
    },
  } as PatternSpec;
}

/** Where a spec still holds TODO text, as `field` paths (`causes[0]`). */
export function todoFields(spec: PatternSpec): string[] {
  const out: string[] = [];
  const check = (path: string, v: string | undefined) => {
    if (v !== undefined && v.trimStart().startsWith(TODO)) out.push(path);
  };
  check('title', spec.title);
  check('diagnosis', spec.diagnosis);
  check('impact', spec.impact);
  check('explanation', spec.explanation);
  spec.causes.forEach((c, i) => check(`causes[${i}]`, c));
  spec.fixes.forEach((f, i) => check(`fixes[${i}]`, f));
  spec.examples.nomatch.forEach((e, i) => check(`examples.nomatch[${i}]`, typeof e === 'string' ? e : e.line));
  return out;
}
