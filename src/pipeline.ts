/**
 * The composition root: sources → lines → entries → matches → findings → correlated report.
 * Every stage streams; nothing holds more than one line, one pending entry and the bounded
 * aggregates.
 */

import type { LogEntry } from './model/entry.js';
import type { Report, Stats } from './model/finding.js';
import type { LogSource } from './input/sources.js';
import { PassThrough, type Readable } from 'node:stream';
import { frameLines, DEFAULT_MAX_LINE_BYTES } from './framing/lines.js';
import { EntryAssembler, newAssemblerCounters } from './parse/assembler.js';
import { Matcher, type Match } from './match/matcher.js';
import { Aggregator } from './correlate/aggregate.js';
import { correlate } from './correlate/correlate.js';
import type { KindRegistry } from './correlate/registry.js';
import type { CompiledPattern } from './library/compile.js';
import type { InputFormat } from './parse/input-format.js';
import { describeFsError } from './errors.js';

export interface AnalyzeOptions {
  patterns: readonly CompiledPattern[];
  registry: KindRegistry;
  maxLineBytes?: number;
  /** `auto` (default) detects each source's formats; anything else overrides detection (`--input-format`). */
  inputFormat?: InputFormat;
  /** Called for each input error (the report also lists them in stats.errors). */
  onInputError?: (message: string) => void;
  /** Called for every entry, after matching (used by follow mode and the TUI). */
  onEntry?: (entry: LogEntry) => void;
  /** Called for every match; `isNew` on the first occurrence of its finding (follow mode prints those). */
  onMatch?: (match: Match, findingKey: string, isNew: boolean) => void;
  /** Called once, before reading starts, with a handle for snapshots while running (follow mode, TUI). */
  onStart?: (live: LiveAnalysis) => void;
  /** Stops reading when aborted: the current input ends as if at EOF, later sources are skipped. */
  signal?: AbortSignal;
  /** When input pauses this long (ms), match the pending entry instead of waiting for the next line. */
  idleFlushMs?: number;
}

/** A running analysis, as follow mode and the TUI see it. */
export interface LiveAnalysis {
  /** The report as it would be if the input ended now (correlated; stats so far). */
  snapshot(): Report;
}

/**
 * The input, ending cleanly (as at EOF) when the signal aborts, so that a last line without its
 * newline is still framed and counted; the underlying stream is destroyed (a pipe that never ends).
 */
function endOnAbort(input: Readable, signal: AbortSignal | undefined): Readable {
  if (!signal) return input;
  const gate = new PassThrough();
  input.on('error', (err) => gate.destroy(err));
  input.pipe(gate);
  const stop = (): void => {
    input.unpipe(gate);
    gate.end();
    input.destroy();
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  gate.on('close', () => signal.removeEventListener('abort', stop));
  return gate;
}

/**
 * Matches one entry and folds its matches into the aggregator. Shared by analyze() and the
 * bundle runner (src/parallel/), which analyses each file with an aggregator of its own.
 */
export function matchEntry(
  entry: LogEntry,
  matcher: Matcher,
  aggregator: Aggregator,
  onMatch?: (match: Match, findingKey: string, isNew: boolean) => void,
): void {
  const keys: string[] = [];
  for (const m of matcher.match(entry)) {
    const { key, isNew } = aggregator.add(m);
    keys.push(key);
    onMatch?.(m, key, isNew);
  }
  if (keys.length > 1) aggregator.linkSameLine(keys);
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
  const snapshot = (): Report => {
    const { findings, kinds, omitted } = correlate(aggregator.findings(), opts.registry, aggregator.sameLinePairs());
    return {
      version: 1,
      stats: {
        bytes: framing.bytes,
        lines: counters.lines,
        entries: counters.entries,
        continuation: counters.continuation,
        unparsed: counters.unparsed,
        truncated: framing.truncated + counters.truncated,
        sources: sources.length,
        byFormat: { ...counters.byFormat },
        byLevel: { ...counters.byLevel },
        errors: [...errors],
      },
      findings,
      kinds,
      ...(omitted ? { omitted } : {}),
    };
  };
  opts.onStart?.({ snapshot });

  for (const source of sources) {
    if (opts.signal?.aborted) break;
    const assembler = new EntryAssembler(
      source.label,
      counters,
      (entry) => {
        matchEntry(entry, matcher, aggregator, opts.onMatch);
        opts.onEntry?.(entry);
      },
      source.year,
      { inputFormat: opts.inputFormat ?? 'auto' },
    );
    let lineNo = 0;
    // A live input pauses between bursts; without this the last entry of a burst would wait for the next.
    let linesAtLastTick = -1;
    const idle = opts.idleFlushMs
      ? setInterval(() => {
          if (lineNo === linesAtLastTick) assembler.flush();
          linesAtLastTick = lineNo;
        }, opts.idleFlushMs).unref()
      : null;
    try {
      const input = endOnAbort(source.open(), opts.signal);
      for await (const line of frameLines(input, framing, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
        assembler.push(line, ++lineNo);
      }
    } catch (err) {
      const message = `${source.label}: read failed after line ${lineNo}: ${describeFsError(err)}`;
      errors.push(message);
      opts.onInputError?.(message);
    } finally {
      if (idle) clearInterval(idle);
    }
    assembler.flush();
  }

  return snapshot();
}
