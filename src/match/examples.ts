/**
 * Runs a signature's own example lines through the real parser and matcher. Outcomes follow
 * ast-grep's vocabulary: a match example that does not fire is *missing*, a nomatch example that
 * fires is *noisy*, and a match with other captures than expected is *wrong-captures*.
 */

import type { LogEntry } from '../model/entry.js';
import type { CompiledPattern } from '../library/compile.js';
import { exampleLine, type ExampleSpec } from '../library/schema.js';
import { EntryAssembler, newAssemblerCounters } from '../parse/assembler.js';
import { Matcher } from './matcher.js';

export type ExampleOutcome = 'ok' | 'missing' | 'noisy' | 'wrong-captures';

export interface ExampleResult {
  pattern: CompiledPattern;
  kind: 'match' | 'nomatch';
  index: number;
  line: string;
  outcome: ExampleOutcome;
  detail: string;
}

/** Parses one (possibly multi-line) example into the entry the pipeline would produce. */
export function exampleEntry(text: string): LogEntry {
  let entry: LogEntry | null = null;
  const assembler = new EntryAssembler('example', newAssemblerCounters(), (e) => {
    entry ??= e;
  }, 2025);
  text.split('\n').forEach((l, i) => assembler.push(l, i + 1));
  assembler.flush();
  return entry!;
}

function describe(e: ExampleSpec): string | undefined {
  return typeof e === 'string' ? undefined : e.reason;
}

export function runExamples(pattern: CompiledPattern): ExampleResult[] {
  const matcher = new Matcher([pattern]);
  const results: ExampleResult[] = [];
  pattern.spec.examples.match.forEach((ex, index) => {
    const line = exampleLine(ex);
    const [m] = matcher.match(exampleEntry(line));
    if (!m) {
      results.push({ pattern, kind: 'match', index, line, outcome: 'missing', detail: 'no regex matched' });
      return;
    }
    const expected = typeof ex === 'string' ? undefined : ex.captures;
    const wrong = Object.entries(expected ?? {}).filter(([k, v]) => m.captures[k] !== v);
    if (wrong.length > 0) {
      const detail = wrong.map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(m.captures[k] ?? null)}`).join('; ');
      results.push({ pattern, kind: 'match', index, line, outcome: 'wrong-captures', detail });
      return;
    }
    results.push({ pattern, kind: 'match', index, line, outcome: 'ok', detail: '' });
  });
  pattern.spec.examples.nomatch.forEach((ex, index) => {
    const line = exampleLine(ex);
    const [m] = matcher.match(exampleEntry(line));
    const why = describe(ex);
    results.push(
      m
        ? { pattern, kind: 'nomatch', index, line, outcome: 'noisy', detail: `matched although it should not${why ? ` (${why})` : ''}` }
        : { pattern, kind: 'nomatch', index, line, outcome: 'ok', detail: '' },
    );
  });
  return results;
}
