/**
 * Whether a line, read as the first line of an entry, could give an entry that some signature
 * matches — decided on the line as it stands, before it is parsed. A `false` is a proof: the
 * assembler then counts the entry without parsing it (lazy parsing); a `true` only means the
 * entry is parsed and matched in full.
 *
 * The proof: a signature matches only if one of its keywords occurs in the match text, which is
 * the message, or the message, a separator and the error (model/entry.ts). When the line holds no
 * backslash, the message and the error are each a piece of the line as written (the callers make
 * sure of that for the formats they read without parsing), so a keyword in either piece occurs in
 * the line. A keyword can also straddle the separator; it then has a part in the message and a
 * part in the error, both in the line, and the longer part is what is searched for instead.
 */

import { MATCH_TEXT_SEPARATOR } from '../model/entry.js';
import { DENSE_ENTRIES, FOUND, KeywordAutomaton } from './keyword-automaton.js';
import { automatonKey, storedAutomaton } from './automaton-store.js';

/**
 * The literals that must occur in a line for `keyword` to occur in a match text made of pieces of
 * that line: the keyword itself, and for each way it could straddle the separator, its longer
 * side.
 */
export function straddleNeedles(keyword: string, separator = MATCH_TEXT_SEPARATOR): string[] {
  const out = new Set<string>([keyword]);
  const longer = (a: string, b: string): string => (a.length >= b.length ? a : b);
  // The whole separator inside the keyword: a part before it in the message, a part after in the error.
  for (let i = keyword.indexOf(separator); i !== -1; i = keyword.indexOf(separator, i + 1)) {
    out.add(longer(keyword.slice(0, i), keyword.slice(i + separator.length)));
  }
  // Only the start of the separator at the keyword's end, or only its end at the keyword's start.
  for (let k = 1; k < separator.length; k++) {
    if (keyword.endsWith(separator.slice(0, k))) out.add(keyword.slice(0, keyword.length - k));
    if (keyword.startsWith(separator.slice(separator.length - k))) out.add(keyword.slice(k));
  }
  return [...out];
}

/**
 * Text the parser rewrites before matching, which therefore counts as a find: a markdown link
 * (`[https://x](https://x)`) that a paste made of a URL is read as its text (parse/salvage.ts),
 * and a keyword may only then appear.
 */
export const REWRITTEN_MARKUP = '](';

/**
 * One automaton over the keywords, their straddle needles and REWRITTEN_MARKUP, for the line
 * prefilter (any needle) and the matcher (which keywords): the two share it, so a large library
 * is held once.
 */
export interface KeywordSearch {
  automaton: KeywordAutomaton;
  /** Per literal of the automaton: the index of the keyword it is, or -1 (only a straddle needle). */
  keywordOf: Int32Array;
}

/** The literals of the keyword search: every keyword's straddle needles, and markdown links. */
export function searchNeedles(keywords: readonly string[]): string[] {
  return [...new Set([...keywords.flatMap((k) => straddleNeedles(k)), REWRITTEN_MARKUP])];
}

/** The key of the keyword search's automaton in the store: its keywords and literals, and how dense it is built. */
export function searchAutomatonKey(keywords: readonly string[], needles = searchNeedles(keywords)): string {
  return automatonKey(`search:${DENSE_ENTRIES}`, [...keywords, '\u0000', ...needles]);
}

export function buildKeywordSearch(keywords: readonly string[]): KeywordSearch {
  const needles = searchNeedles(keywords);
  // The build stores the bundled library's automaton (automaton-store.ts): taken when the lists are the same.
  const stored = storedAutomaton(searchAutomatonKey(keywords, needles));
  if (stored?.extra['keywordOf']) return { automaton: new KeywordAutomaton(stored.data), keywordOf: stored.extra['keywordOf'] };
  const index = new Map(keywords.map((k, i) => [k, i]));
  return { automaton: new KeywordAutomaton(needles), keywordOf: Int32Array.from(needles, (n) => index.get(n) ?? -1) };
}

/** By keyword list, and by its content (the matcher and the assemblers hold different arrays of the same keywords). */
const searches = new WeakMap<readonly string[], KeywordSearch>();
let lastSearch: { key: string; search: KeywordSearch } | null = null;

export function keywordSearchFor(keywords: readonly string[]): KeywordSearch {
  let s = searches.get(keywords);
  if (s) return s;
  const key = keywords.join('\u0000');
  if (lastSearch?.key === key) s = lastSearch.search;
  else lastSearch = { key, search: (s = buildKeywordSearch(keywords)) };
  searches.set(keywords, s);
  return s;
}

/** Makes `keywordSearchFor(keywords)` return `search` (a worker thread, with what the main thread built). */
export function seedKeywordSearch(keywords: readonly string[], search: KeywordSearch): void {
  searches.set(keywords, search);
  lastSearch = { key: keywords.join('\u0000'), search };
}

export class LinePrefilter {
  private readonly automaton: KeywordAutomaton;

  constructor(keywords: readonly string[]) {
    this.automaton = keywordSearchFor(keywords).automaton;
  }

  /**
   * False only when no entry whose message and error are pieces of `line[from, to)` can contain a
   * keyword (klog: the text after the header).
   */
  mayMatch(line: string, from = 0, to = line.length): boolean {
    // An escape sequence can stand for any character, so unescaped text is no longer a piece of the line.
    const backslash = line.indexOf('\\', from);
    if (backslash !== -1 && backslash < to) return true;
    return this.automaton.scan(line, from, to, 0) === FOUND;
  }

  /** False only when `text`, an entry's exact match text, contains no keyword. */
  mayMatchText(text: string): boolean {
    return this.automaton.test(text);
  }
}

/** One prefilter per keyword list: a bundle has thousands of files, each with an assembler of its own. */
const built = new WeakMap<readonly string[], LinePrefilter>();

export function linePrefilterFor(keywords: readonly string[]): LinePrefilter {
  let p = built.get(keywords);
  if (!p) built.set(keywords, (p = new LinePrefilter(keywords)));
  return p;
}
