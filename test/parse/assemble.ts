/** Test helper: runs lines through a real EntryAssembler and returns what it emitted. */

import type { LogEntry } from '../../src/model/entry.js';
import { EntryAssembler, newAssemblerCounters, type AssemblerCounters, type AssemblerOptions } from '../../src/parse/assembler.js';

export interface Assembled {
  entries: LogEntry[];
  counters: AssemblerCounters;
}

export function assemble(lines: readonly string[], options: AssemblerOptions = {}, year = 2024): Assembled {
  const entries: LogEntry[] = [];
  const counters = newAssemblerCounters();
  const assembler = new EntryAssembler('test', counters, (e) => entries.push(e), year, options);
  lines.forEach((line, i) => assembler.push(line, i + 1));
  assembler.flush();
  return { entries, counters };
}

/** The one entry a single line produces. */
export function one(line: string, options: AssemblerOptions = {}, year = 2024): LogEntry {
  const { entries } = assemble([line], options, year);
  if (entries.length !== 1) throw new Error(`expected one entry, got ${entries.length}`);
  return entries[0]!;
}

/** The accounting identity every run must keep. */
export function balanced(c: AssemblerCounters): boolean {
  return c.entries + c.continuation + c.unparsed === c.lines;
}
