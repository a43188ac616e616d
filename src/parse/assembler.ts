/**
 * Lines → entries, per source. Detects each line's format, attaches continuation lines (klog
 * multi-line value blocks, TAB-indented stack frames) to the entry they belong to, and keeps
 * the accounting identity: every line is the start of an entry, a continuation line, or an
 * unparsed line (which still becomes an entry of format `unknown`, matched as plain text).
 */

import type { LogEntry } from '../model/entry.js';
import { isKlog, parseKlog, readKeyValues } from './formats/klog.js';
import { parseJsonLine } from './formats/json.js';
import type { ParsedLine } from './parsed-line.js';

export interface AssemblerCounters {
  lines: number;
  entries: number;
  continuation: number;
  unparsed: number;
  byFormat: Record<string, number>;
  byLevel: Record<string, number>;
}

export function newAssemblerCounters(): AssemblerCounters {
  return { lines: 0, entries: 0, continuation: 0, unparsed: 0, byFormat: {}, byLevel: {} };
}

/** Parses one physical line in any known format, or returns null. */
export function parseLine(line: string, year: number): ParsedLine | null {
  if (isKlog(line)) return parseKlog(line, year);
  if (line.charCodeAt(0) === 123) return parseJsonLine(line);
  return null;
}

const BLOCK_END = /^ >( |$)/;

export class EntryAssembler {
  private current: LogEntry | null = null;
  private openBlock: string | null = null;
  private blockLines: string[] = [];

  constructor(
    private readonly source: string,
    private readonly counters: AssemblerCounters,
    private readonly emit: (entry: LogEntry) => void,
    private readonly year: number = new Date().getUTCFullYear(),
  ) {}

  /** Feeds the next physical line (without its line terminator). */
  push(line: string, lineNo: number): void {
    this.counters.lines++;
    if (this.current && this.isContinuation(line)) {
      this.counters.continuation++;
      this.current.continuation.push(line);
      return;
    }
    this.flush();
    const parsed = parseLine(line, this.year);
    const entry: LogEntry = parsed
      ? {
          source: this.source,
          line: lineNo,
          format: parsed.format,
          level: parsed.level,
          time: parsed.time,
          message: parsed.message,
          error: parsed.error,
          fields: parsed.fields,
          raw: line,
          continuation: [],
        }
      : {
          source: this.source,
          line: lineNo,
          format: 'unknown',
          level: null,
          time: null,
          message: line,
          error: null,
          fields: {},
          raw: line,
          continuation: [],
        };
    this.openBlock = parsed?.openBlock ?? null;
    this.current = entry;
  }

  /** Emits the pending entry, if any. Call at end of input. */
  flush(): void {
    const entry = this.current;
    if (!entry) return;
    this.closeBlock();
    this.current = null;
    if (entry.format === 'unknown') {
      this.counters.unparsed++;
    } else {
      this.counters.entries++;
      this.counters.byFormat[entry.format] = (this.counters.byFormat[entry.format] ?? 0) + 1;
      if (entry.level) this.counters.byLevel[entry.level] = (this.counters.byLevel[entry.level] ?? 0) + 1;
    }
    this.emit(entry);
  }

  private isContinuation(line: string): boolean {
    const entry = this.current!;
    if (this.openBlock !== null) {
      if (line.startsWith('\t')) {
        this.blockLines.push(line.slice(1));
        return true;
      }
      if (BLOCK_END.test(line)) {
        this.closeBlock();
        // More pairs may follow the delimiter, and may open another block.
        this.openBlock = readKeyValues(line, 2, entry.fields).openBlock;
        return true;
      }
    }
    // Indented lines (stack frames, wrapped text) and blank lines belong to the entry above.
    if (line.length === 0) return true;
    const c = line.charCodeAt(0);
    return c === 9 /* TAB */ || c === 32;
  }

  private closeBlock(): void {
    if (this.openBlock === null || !this.current) return;
    const value = this.blockLines.join('\n');
    if (this.openBlock === 'err') {
      this.current.error = value;
    } else {
      this.current.fields[this.openBlock] = value;
    }
    this.openBlock = null;
    this.blockLines = [];
  }
}
