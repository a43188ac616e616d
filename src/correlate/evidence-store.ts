/**
 * Evidence lines kept outside the JavaScript heap: a finding refers to each of its evidence lines
 * by a number (a small integer), and the lines themselves are records in blocks of bytes, the
 * full blocks compressed. A log where every line is a finding of its own keeps hundreds of
 * thousands of lines a report never shows (it lists at most 5,000 findings); as strings, each
 * with an object and a list around it, they were a third of the memory of a finding, and the
 * collector let the heap grow to twice that. Lines are read back (exactly, UTF-16 code unit for
 * code unit) for the findings a report lists.
 *
 * Plain data across threads: a store's state is a list of blocks (bytes, the sources their
 * records name, a line shift); a merge appends another store's blocks after its own, and that
 * store's numbers move up by a fixed offset (absorb).
 */

import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Evidence } from '../model/finding.js';

/** Records per block at most: a number is block × RECORDS + record. */
const RECORDS = 4096;
/** Bytes of records per block before it is sealed (and compressed). */
const BLOCK_BYTES = 32 * 1024;
/** First size of a store's open block (a small log's store stays small). */
const FIRST_BYTES = 512;
/** A record's header: line (float64), source index (uint32), length and encoding (uint32). */
const HEADER = 16;
/** Set in a record's length word when its text is UTF-16 (else Latin-1: every code unit below 256). */
const WIDE = 0x80000000;
const LENGTH = 0x7fffffff;

/** Blocks compressed at a seal: no smaller than this (a partial block sealed by a merge may be tiny). */
const MIN_COMPRESSED = 4096;
/**
 * Blocks a store keeps as they are before it compresses the next ones (1 MiB of lines): a log with
 * a few hundred findings never pays for compression, nor for reading blocks back.
 */
const PLAIN_BLOCKS = 32;
/** Blocks kept decompressed while they are read (the findings a report lists are read in its order). */
const CACHED_BLOCKS = 4;

/** A run of records. */
export interface EvidenceBlock {
  /** The records' bytes (compressed when `compressed`). */
  data: Uint8Array;
  compressed: boolean;
  /** Records in the block. */
  records: number;
  /** Added to the line of each record (a byte range's lines, numbered in the whole file). */
  lineShift: number;
  /** The sources the records name, by index (one list shared by the blocks of one store). */
  sources: string[];
}

/** A store as plain data (structured-clone safe). */
export interface EvidenceStoreState {
  blocks: EvidenceBlock[];
}

/** What a number means when the store has no record for it (never for numbers it gave). */
const MISSING = 'evidence store: no such record';

const NON_LATIN1 = /[^\u0000-\u00ff]/;

export class EvidenceStore {
  private blocks: EvidenceBlock[] = [];
  /** The block records are added to (index blocks.length), null until the first one. */
  private open: Buffer | null = null;
  private openBytes = 0;
  private openRecords = 0;
  /** Where each record of the open block starts. */
  private openOffsets: number[] = [];
  /** The sources of this store's own blocks, and their indexes. */
  private sources: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private lastSource: string | null = null;
  private lastSourceIndex = 0;
  /** The last blocks read back, decompressed, with their records' offsets, most recent last. */
  private cached: { index: number; bytes: Buffer; offsets: number[] }[] = [];
  /** The state exportState gave. */
  private exported: EvidenceStoreState | null = null;

  /** Adds an evidence line; returns its number. */
  add(source: string, line: number, text: string): number {
    const wide = NON_LATIN1.test(text);
    const length = wide ? text.length * 2 : text.length;
    const need = HEADER + length;
    if (this.open !== null && (this.openRecords >= RECORDS || (this.openBytes + need > BLOCK_BYTES && this.openBytes > 0))) this.seal();
    if (this.open === null || this.openBytes + need > this.open.length) this.grow(need);
    const buf = this.open!;
    const at = this.openBytes;
    buf.writeDoubleLE(line, at);
    buf.writeUInt32LE(this.indexOf(source), at + 8);
    buf.writeUInt32LE((wide ? WIDE : 0) + length, at + 12);
    buf.write(text, at + HEADER, length, wide ? 'utf16le' : 'latin1');
    this.openOffsets.push(at);
    this.openBytes += need;
    return this.blocks.length * RECORDS + this.openRecords++;
  }

  /** The evidence line with this number. */
  get(ref: number): Evidence {
    const index = Math.floor(ref / RECORDS);
    const record = ref % RECORDS;
    let bytes: Buffer;
    let at: number;
    let block: { lineShift: number; sources: string[] };
    if (index === this.blocks.length) {
      if (this.open === null || record >= this.openRecords) throw new Error(MISSING);
      bytes = this.open;
      at = this.openOffsets[record]!;
      block = { lineShift: 0, sources: this.sources };
    } else {
      const b = this.blocks[index];
      if (b === undefined || record >= b.records) throw new Error(MISSING);
      const c = this.read(index, b);
      bytes = c.bytes;
      at = c.offsets[record]!;
      block = b;
    }
    const word = bytes.readUInt32LE(at + 12);
    const length = word & LENGTH;
    return {
      source: block.sources[bytes.readUInt32LE(at + 8)]!,
      line: bytes.readDoubleLE(at) + block.lineShift,
      text: bytes.toString(word & WIDE ? 'utf16le' : 'latin1', at + HEADER, at + HEADER + length),
    };
  }

  /**
   * The store as plain data, its open block sealed (a copy of the bytes used): the store is handed
   * over, and adds no more.
   */
  exportState(): EvidenceStoreState {
    this.seal();
    return (this.exported = { blocks: this.blocks });
  }

  /** Whether this is the state exportState gave (not a copy, which may have been changed). */
  isExported(state: EvidenceStoreState): boolean {
    return state === this.exported && state.blocks === this.blocks;
  }

  /** Whether the store holds no line. */
  isEmpty(): boolean {
    return this.blocks.length === 0 && this.openRecords === 0;
  }

  /**
   * Appends the blocks of another store's state after this one's (sealing the open block): the
   * numbers that store gave are that store's plus the offset returned.
   */
  absorb(state: EvidenceStoreState): number {
    this.seal();
    const offset = this.blocks.length * RECORDS;
    for (const b of state.blocks) this.blocks.push(b);
    return offset;
  }

  /** The record bytes of a sealed block, decompressed once while it is read. */
  private read(index: number, b: EvidenceBlock): { index: number; bytes: Buffer; offsets: number[] } {
    const at = this.cached.findIndex((c) => c.index === index);
    if (at !== -1) {
      const hit = this.cached[at]!;
      if (at !== this.cached.length - 1) this.cached.push(...this.cached.splice(at, 1));
      return hit;
    }
    const bytes = b.compressed ? inflateRawSync(b.data) : Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
    const offsets: number[] = [];
    for (let at = 0, i = 0; i < b.records; i++) {
      offsets.push(at);
      at += HEADER + (bytes.readUInt32LE(at + 12) & LENGTH);
    }
    const entry = { index, bytes, offsets };
    if (this.cached.length >= CACHED_BLOCKS) this.cached.shift();
    this.cached.push(entry);
    return entry;
  }

  private indexOf(source: string): number {
    if (source === this.lastSource) return this.lastSourceIndex;
    let i = this.sourceIndex.get(source);
    if (i === undefined) {
      i = this.sources.length;
      this.sources.push(source);
      this.sourceIndex.set(source, i);
    }
    this.lastSource = source;
    this.lastSourceIndex = i;
    return i;
  }

  /** Room for `need` more bytes in the open block (a new one, or twice as large). */
  private grow(need: number): void {
    let size = this.open === null ? FIRST_BYTES : this.open.length * 2;
    while (size < this.openBytes + need) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    if (this.open !== null) this.open.copy(next, 0, 0, this.openBytes);
    this.open = next;
  }

  /** Closes the open block: compressed when large enough, else a copy of the bytes used. */
  private seal(): void {
    if (this.open === null || this.openRecords === 0) return;
    const used = this.open.subarray(0, this.openBytes);
    const compressed = this.openBytes >= MIN_COMPRESSED && this.blocks.length >= PLAIN_BLOCKS;
    let data: Uint8Array;
    // Bytes of their own, of their size: a view of a larger buffer would keep (and copy to another
    // thread) all of it.
    data = compressed ? deflateRawSync(used, { level: constants.Z_BEST_SPEED }) : used;
    if (data.byteLength !== data.buffer.byteLength) {
      const own = Buffer.allocUnsafeSlow(data.byteLength);
      own.set(data);
      data = own;
    }
    this.blocks.push({ data, compressed, records: this.openRecords, lineShift: 0, sources: this.sources });
    // A full block's buffer is used again; after a partial one (a merge or an export), start small.
    this.open = compressed && this.open.length >= BLOCK_BYTES ? this.open : null;
    this.openBytes = 0;
    this.openRecords = 0;
    this.openOffsets = [];
  }
}

/** A store's state with every line moved by `by` (a later byte range, numbered in the whole file). */
export function shiftEvidence(state: EvidenceStoreState, by: number): EvidenceStoreState {
  if (by === 0) return state;
  return { blocks: state.blocks.map((b) => ({ ...b, lineShift: b.lineShift + by })) };
}
