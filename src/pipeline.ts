/**
 * The composition root: sources → lines → entries → matches → findings → correlated report.
 * Every stage streams; nothing holds more than one line, one pending entry and the bounded
 * aggregates.
 */

import type { LogEntry } from './model/entry.js';
import type { Report, Stats } from './model/finding.js';
import type { LogSource } from './input/sources.js';
import { frameLines, DEFAULT_MAX_LINE_BYTES } from './framing/lines.js';
import { EntryAssembler, newAssemblerCounters } from './parse/assembler.js';
import { Matcher, type Match } from './match/matcher.js';
import { Aggregator } from './correlate/aggregate.js';
import { correlate } from './correlate/correlate.js';
import type { KindRegistry } from './correlate/registry.js';
import type { CompiledPattern } from './library/compile.js';
import { describeFsError } from './errors.js';

export interface AnalyzeOptions {
  patterns: readonly CompiledPattern[];
  registry: KindRegistry;
  maxLineBytes?: number;
  /** Called for each input error (the report also lists them in stats.errors). */
  onInputError?: (message: string) => void;
  /** Called for every entry, after matching (used by follow mode and the TUI). */
  onEntry?: (entry: LogEntry) => void;
  /** Called for every match; `isNew` on the first occurrence of its finding (follow mode prints those). */
  onMatch?: (match: Match, findingKey: string, isNew: boolean) => void;
}

export function emptyStats(): Stats {
  return {
    bytes: 0,
    lines: 0,
    entries: 0,
    continuation: 0,
    unparsed: 0,
    truncated: 0,
    sources: 0,
    byFormat: {},
    byLevel: {},
    errors: [],
  };
}

/** Streams every source through the pipeline and returns the correlated report. */
export async function analyze(sources: LogSource[], opts: AnalyzeOptions): Promise<Report> {
  const matcher = new Matcher(opts.patterns);
  const aggregator = new Aggregator();
  const counters = newAssemblerCounters();
  const framing = { bytes: 0, truncated: 0 };
  const errors: string[] = [];

  for (const source of sources) {
    const assembler = new EntryAssembler(
      source.label,
      counters,
      (entry) => {
        for (const m of matcher.match(entry)) {
          const { key, isNew } = aggregator.add(m);
          opts.onMatch?.(m, key, isNew);
        }
        opts.onEntry?.(entry);
      },
      source.year,
    );
    let lineNo = 0;
    try {
      for await (const line of frameLines(source.open(), framing, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
        assembler.push(line, ++lineNo);
      }
    } catch (err) {
      const message = `${source.label}: read failed after line ${lineNo}: ${describeFsError(err)}`;
      errors.push(message);
      opts.onInputError?.(message);
    }
    assembler.flush();
  }

  const { findings, kinds } = correlate(aggregator.findings(), opts.registry);
  return {
    version: 1,
    stats: {
      bytes: framing.bytes,
      lines: counters.lines,
      entries: counters.entries,
      continuation: counters.continuation,
      unparsed: counters.unparsed,
      truncated: framing.truncated,
      sources: sources.length,
      byFormat: counters.byFormat,
      byLevel: counters.byLevel,
      errors,
    },
    findings,
    kinds,
  };
}
