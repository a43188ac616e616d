/** What per-file analysis needs, in whichever thread it runs. */

import type { Matcher } from '../match/matcher.js';
import type { ExpansionBudget } from '../input/budget.js';
import type { AssemblerOptions } from '../parse/assembler.js';
import type { LiveRun } from './live.js';
import type { EntryFilter } from '../match/entry-filter.js';

export interface AnalysisContext {
  matcher: Matcher;
  budget: ExpansionBudget;
  maxLineBytes: number;
  /** Passed to every EntryAssembler (`--input-format`); plain data, so workers get the same. */
  assembler: AssemblerOptions;
  /** Bytes read from disk (for the progress bar). */
  onDiskBytes?: (n: number) => void;
  /** The archive member being read now (for the progress bar). */
  onMember?: (label: string) => void;
  /** The entry filter (`--since`, `--pod`, …), compiled in each thread from the same spec. */
  filter?: EntryFilter;
  /** A live run (follow mode, the TUI): always in the main thread. */
  live?: LiveRun;
}
