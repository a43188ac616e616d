/**
 * Entry × signatures → matches. One pass of a keyword automaton over the match text finds which
 * keywords occur in it; only the signatures owning one of those keywords run their regexes, and
 * the outcome for a recently seen text is reused. The exhaustive mode — every regex of every
 * signature on every entry, keywords checked afterwards — is the slow reference the fast paths
 * are tested against.
 */

import { matchText, type LogEntry } from '../model/entry.js';
import type { CompiledPattern } from '../library/compile.js';
import type { KeywordAutomaton } from './keyword-automaton.js';
import { keywordSearchFor } from './line-prefilter.js';

export interface Match {
  pattern: CompiledPattern;
  captures: Record<string, string>;
  entry: LogEntry;
}

export interface MatcherOptions {
  /** Try every regex of every signature on every entry (the reference path; slow). */
  exhaustive?: boolean;
}

/**
 * Match texts whose outcome is remembered: controllers repeat the same error line for hours
 * (every retry of every reconcile), and the regexes then give the same captures each time.
 */
const REMEMBERED_TEXTS = 512;
/** Longer texts are not remembered (the cache must stay small). */
const REMEMBERED_LENGTH = 2048;

/** A remembered outcome: the signatures that matched a text, with their captures. */
type Outcome = ReadonlyArray<{ pattern: CompiledPattern; captures: Record<string, string> }>;

/** Every keyword of the signatures, once each: what a line must contain to match anything. */
export function signatureKeywords(patterns: readonly CompiledPattern[]): string[] {
  const keywords = [...new Set(patterns.flatMap((p) => p.keywords))];
  // The same list as last time is returned as the same array: the automata built from it are
  // kept per array (quiet-bytes.ts, line-prefilter.ts), so a process that analyses again with the
  // same library (the TUI, a test suite, a program using run()) does not build them again.
  const last = lastKeywords;
  if (last && last.length === keywords.length && last.every((k, i) => k === keywords[i])) return last;
  lastKeywords = keywords;
  return keywords;
}
let lastKeywords: string[] | null = null;

/** The first regex of the signature that matches, as captures; null when none does. */
function capturesOf(pattern: CompiledPattern, text: string): Record<string, string> | null {
  for (const run of pattern.runners) {
    const captures = run.exec(text);
    if (captures) return trimmedEnds(captures);
  }
  return null;
}

/**
 * Captures without the spaces a paste left at the end of a line (markdown's two-space line break, a
 * terminal's padding): a capture running to the end of the line (`(?<reason>[^\n]{1,300})`) would
 * otherwise print them inside the diagnosis and key its finding apart from the same line unpadded.
 */
function trimmedEnds(captures: Record<string, string>): Record<string, string> {
  for (const key in captures) {
    const value = captures[key]!;
    const last = value.charCodeAt(value.length - 1);
    if (last === 32 || last === 9) captures[key] = value.trimEnd();
  }
  return captures;
}

export class Matcher {
  /** Over the keywords and the line prefilter's straddle needles (shared with the prefilter). */
  private readonly keywords: KeywordAutomaton;
  /** Per literal of the automaton: the keyword it is, or -1. */
  private readonly keywordOf: Int32Array;
  /** For each keyword, the signatures that list it. */
  private readonly owners: number[][];
  private readonly exhaustive: boolean;
  /** Scratch flags, one per signature, cleared after each entry. */
  private readonly hit: Uint8Array;
  /** Outcomes of recent match texts that held a keyword, oldest first (bounded). */
  private readonly remembered = new Map<string, Outcome>();

  constructor(
    readonly patterns: readonly CompiledPattern[],
    options: MatcherOptions = {},
  ) {
    const keywords = signatureKeywords(patterns);
    const search = keywordSearchFor(keywords);
    this.keywords = search.automaton;
    this.keywordOf = search.keywordOf;
    const indexOf = new Map(keywords.map((k, i) => [k, i]));
    this.owners = keywords.map(() => []);
    for (const [i, p] of patterns.entries()) for (const k of new Set(p.keywords)) this.owners[indexOf.get(k)!]!.push(i);
    this.exhaustive = options.exhaustive === true;
    this.hit = new Uint8Array(patterns.length);
  }

  /** All signatures that match the entry, in library order (one match per signature). */
  match(entry: LogEntry): Match[] {
    const text = matchText(entry);
    return this.matchTextOf(text, entry);
  }

  matchTextOf(text: string, entry: LogEntry): Match[] {
    if (this.exhaustive) return this.everyRegex(text, entry);
    // A remembered text costs a lookup; any other one a scan for keywords (outcomeOf).
    let outcome = this.remembered.get(text);
    if (outcome === undefined) {
      outcome = this.outcomeOf(text);
      if (text.length <= REMEMBERED_LENGTH) {
        if (this.remembered.size >= REMEMBERED_TEXTS) this.remembered.delete(this.remembered.keys().next().value!);
        this.remembered.set(text, outcome);
      }
    }
    // Each match gets captures of its own: consumers may keep them.
    return outcome.map((o) => ({ pattern: o.pattern, captures: { ...o.captures }, entry }));
  }

  /** The signatures whose keywords occur in the text and whose regexes match it, in library order. */
  /** Flags the signatures owning the keyword a literal is (forEachMatch's callback, made once). */
  private readonly found = (literal: number): void => {
    const k = this.keywordOf[literal]!;
    if (k === -1) return;
    const owners = this.owners[k]!;
    for (let i = 0; i < owners.length; i++) this.hit[owners[i]!] = 1;
  };

  private outcomeOf(text: string): Outcome {
    const hit = this.hit;
    this.keywords.forEachMatch(text, this.found);
    const out: { pattern: CompiledPattern; captures: Record<string, string> }[] = [];
    for (let i = 0; i < hit.length; i++) {
      if (hit[i] === 0) continue;
      hit[i] = 0;
      const pattern = this.patterns[i]!;
      const captures = capturesOf(pattern, text);
      if (captures) out.push({ pattern, captures });
    }
    return out;
  }

  private everyRegex(text: string, entry: LogEntry): Match[] {
    const out: Match[] = [];
    for (const pattern of this.patterns) {
      const captures = capturesOf(pattern, text);
      // A signature's keywords are part of its definition: a regex match without one is no match.
      if (captures && pattern.keywords.some((k) => text.includes(k))) out.push({ pattern, captures, entry });
    }
    return out;
  }
}
