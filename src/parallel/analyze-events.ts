/**
 * Event lists → a SourceResult. Each Event becomes an entry (input/events/event-entry.ts) and goes
 * through the same matching and aggregation as a log line. JSON is tokenised with stream-json and
 * YAML is cut item by item, so a list of hundreds of MB never sits in memory whole.
 */

import { Transform } from 'node:stream';
import { newAssemblerCounters } from '../parse/assembler.js';
import { Aggregator } from '../correlate/aggregate.js';
import { UnknownCollector } from '../correlate/unknown/collect.js';
import { matchEntry } from './live.js';
import { frameLines } from '../framing/lines.js';
import { eventToEntry } from '../input/events/event-entry.js';
import { jsonItemSink } from '../input/events/json-events.js';
import { MAX_ITEM_BYTES, YamlItemSplitter } from '../input/events/yaml-items.js';
import type { ByteSource } from '../input/settle.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { AnalysisContext } from './analysis-context.js';
import type { SourceResult } from './outcome.js';
import { readFailure } from './analyze-log.js';
import { newFilterCounts, type FilterCounts } from '../model/filters.js';
import type { EntryTest } from './live.js';

/** Collects the entries of one event source. */
export class EventSourceBuilder {
  private readonly counters = newAssemblerCounters();
  private readonly aggregator = new Aggregator();
  private readonly unknown = new UnknownCollector();
  readonly errors: string[] = [];
  private readonly filtered: FilterCounts | undefined;
  private readonly keep: EntryTest | null;
  bytes = 0;
  truncated = 0;
  items = 0;
  /** Label of the file the events are a part of, when they are not the whole file. */
  partOf: string | undefined;

  constructor(
    readonly label: string,
    readonly meta: SourceMeta,
    private readonly ctx: AnalysisContext,
  ) {
    this.filtered = ctx.filter ? newFilterCounts() : undefined;
    this.keep = ctx.filter && this.filtered ? ctx.filter.forSource(meta, this.filtered) : null;
    ctx.live?.track(this.counters, this, this.filtered);
  }

  /** Adds one list item; `position` is its line (YAML) or its index in the list (JSON). */
  add(item: unknown, position: number): void {
    this.items++;
    this.counters.lines++;
    const entry = eventToEntry(item, this.label, position);
    if (!entry) {
      // Not an event (another kind of object in the list): counted, not matched.
      this.counters.unparsed++;
      return;
    }
    this.counters.entries++;
    this.counters.byFormat[entry.format] = (this.counters.byFormat[entry.format] ?? 0) + 1;
    if (entry.level) this.counters.byLevel[entry.level] = (this.counters.byLevel[entry.level] ?? 0) + 1;
    matchEntry(entry, this.ctx.matcher, this.aggregator, this.unknown, this.ctx.live, this.keep);
  }

  result(): SourceResult {
    return {
      ...(this.partOf !== undefined ? { partOf: this.partOf } : {}),
      label: this.label,
      kind: 'events',
      meta: this.meta,
      counters: this.counters,
      bytes: this.bytes,
      truncated: this.truncated,
      errors: this.errors,
      aggregate: this.aggregator.exportState(),
      ...(this.filtered ? { filtered: this.filtered } : {}),
      unknown: this.unknown.exportState(),
    };
  }

  /** A pass-through stage that counts the bytes of the source. */
  byteCounter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.bytes += chunk.length;
        cb(null, chunk);
      },
    });
  }
}

export interface EventsInput {
  label: string;
  meta: SourceMeta;
  source: ByteSource;
  format: 'json' | 'yaml';
}

export async function analyzeEvents(input: EventsInput, ctx: AnalysisContext): Promise<SourceResult> {
  const b = new EventSourceBuilder(input.label, input.meta, ctx);
  const bytes = input.source.stream.pipe(b.byteCounter());
  if (input.format === 'json') {
    const sink = jsonItemSink((item, index) => b.add(item, index));
    bytes.pipe(sink.input);
    try {
      await sink.done;
    } catch (err) {
      bytes.unpipe(sink.input);
      bytes.resume();
      b.errors.push(readFailure(input.label, `invalid JSON: ${(err as Error).message}`, 0));
    }
  } else {
    const framing = { bytes: 0, truncated: 0 };
    const splitter = new YamlItemSplitter(
      (item, line) => b.add(item, line),
      (line, reason) => b.errors.push(`${input.label}:${line}: list item skipped: ${reason}`),
    );
    for await (const line of frameLines(bytes, framing, MAX_ITEM_BYTES)) splitter.push(line);
    splitter.end();
  }
  const failure = input.source.failure();
  if (failure) b.errors.push(readFailure(input.label, failure.message, 0));
  return b.result();
}

/** JSON when the first non-blank byte opens an object or array, else YAML. */
export function eventsFormat(head: string): 'json' | 'yaml' {
  return /^\s*[{[]/.test(head) ? 'json' : 'yaml';
}
