/**
 * What analysing one file of a bundle produces, as plain data: worker threads send these to the
 * main thread, which merges them in input order.
 */

import type { AggregatorState } from '../correlate/aggregate.js';
import type { UnknownState } from '../correlate/unknown/collect.js';
import type { RegisteredKind } from '../correlate/registry.js';
import type { AssemblerCounters } from '../parse/assembler.js';
import type { DedupeKey } from '../input/role.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { FilterCounts } from '../model/filters.js';

/** One analysed source (a log file, a log section of a dump, an event list). */
export interface SourceResult {
  label: string;
  kind: 'log' | 'events';
  meta: SourceMeta;
  counters: AssemblerCounters;
  /** Bytes read and lines cut at the length limit by the framing stage. */
  bytes: number;
  truncated: number;
  errors: string[];
  aggregate: AggregatorState;
  /** What the entry filter left out or kept without a time (only with filters). */
  filtered?: FilterCounts;
  /** Unrecognised errors by masked template (correlate/unknown/collect.ts). */
  unknown: UnknownState;
  /** Label of the file this source is a part of (the sections and events of a cluster-info dump). */
  partOf?: string;
  /** For copies that may duplicate each other: the key and a digest of the bytes. */
  dedupe?: DedupeKey & { digest: string };
  /** For one byte range of a large file: the offsets of its first line and of where it stopped. */
  part?: PartSpan;
}

/** `begin` is null when the range held no line to begin at; `end` is exclusive. */
export interface PartSpan {
  begin: number | null;
  end: number;
  /** Set when the range stopped where a later one begins (rather than at the end of the file). */
  handedOn: boolean;
}

export type Outcome =
  | { type: 'source'; source: SourceResult }
  | { type: 'kinds'; label: string; kinds: RegisteredKind[] }
  | { type: 'skipped'; label: string; reason: string }
  | { type: 'archive'; label: string }
  | { type: 'error'; message: string };
