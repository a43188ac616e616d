/** Messages between the main thread and the analysis workers. */

import type { PatternSpec } from '../library/schema.js';
import type { EngineName } from '../library/regex-engine.js';
import type { SharedAutomata } from './shared-automata.js';
import type { Outcome } from './outcome.js';
import type { AssemblerOptions } from '../parse/assembler.js';
import type { RangeJob } from './split-file.js';
import type { DiskPath } from '../input/walk.js';
import type { EntryFilterSpec } from '../model/filters.js';

export interface WorkerSetup {
  /** Each pattern with the engine of each of its regexes (a user's may run on RE2). */
  patterns: { spec: PatternSpec; file: string; engines: EngineName[] }[];
  maxLineBytes: number;
  assembler: AssemblerOptions;
  budgetLimit: number;
  budgetShared: SharedArrayBuffer;
  /** The keyword automata for assembler.matchKeywords, built once in the main thread. */
  automata?: SharedAutomata;
  /** The entry filter, as plain data (each worker compiles its own). */
  filter?: EntryFilterSpec;
}

/** A bundle file as sent to a worker (its bytes come separately for a stream). */
export interface FileHeader {
  label: string;
  path: string;
  mtime: number | null;
}

export type ToWorker =
  | { type: 'disk'; id: number; file: FileHeader; disk: DiskPath; size: number; depth: number }
  /** Small files on disk, analysed one after the other (one message for many files). */
  | { type: 'disks'; id: number; files: { file: FileHeader; disk: DiskPath; size: number }[] }
  | { type: 'stream'; id: number; file: FileHeader; depth: number }
  | { type: 'chunk'; id: number; data: Uint8Array }
  | { type: 'end'; id: number; error: string | null }
  | { type: 'range'; id: number; job: RangeJob };

export type FromWorker =
  | { type: 'ack'; id: number; bytes: number }
  | { type: 'progress'; bytes: number }
  | { type: 'done'; id: number; outcomes: Outcome[] }
  | { type: 'failed'; id: number; message: string; stack: string };
