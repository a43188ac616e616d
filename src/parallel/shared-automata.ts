/**
 * The keyword automata, built once in the main thread and read by every worker on the same
 * memory (SharedArrayBuffers in workerData) instead of being rebuilt per worker: for a large
 * `--patterns` library they are the largest thing a worker would hold.
 */

import { KeywordAutomaton, type AutomatonData } from '../match/keyword-automaton.js';
import { keywordSearchFor, seedKeywordSearch } from '../match/line-prefilter.js';
import { quietByteScannerFor, seedQuietByteScanner } from '../parse/quiet-bytes.js';

export interface SharedAutomata {
  /** The matcher's and line prefilter's automaton, with its literal → keyword map. */
  search: { automaton: AutomatonData; keywordOf: Int32Array };
  /** The lazy byte path's automaton. */
  bytes: AutomatonData;
}

/** The automata for `keywords`, moved onto shared memory (this thread uses that memory too from now on). */
export function shareAutomata(keywords: readonly string[]): SharedAutomata {
  const search = keywordSearchFor(keywords);
  return { search: { automaton: search.automaton.share(), keywordOf: search.keywordOf }, bytes: quietByteScannerFor(keywords).share() };
}

/** In a worker: use the main thread's automata for `keywords` (the worker's copy of the same list). */
export function adoptAutomata(keywords: readonly string[], shared: SharedAutomata): void {
  seedKeywordSearch(keywords, { automaton: new KeywordAutomaton(shared.search.automaton), keywordOf: shared.search.keywordOf });
  seedQuietByteScanner(keywords, new KeywordAutomaton(shared.bytes));
}
