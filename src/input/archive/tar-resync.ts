/**
 * Keeps a tar stream readable past a corrupt member header. tar-stream stops at the first header
 * whose checksum fails; this stage walks the same 512-byte block structure ahead of it, drops a
 * corrupt header and the blocks after it up to the next valid header, reports what it skipped,
 * and passes everything else through unchanged.
 */

import { Transform, type TransformCallback } from 'node:stream';

const BLOCK = 512;
const MAX_PAX_BYTES = 64 * 1024;

/** Types whose size field counts no data blocks (tar-stream reads none for a directory). */
const NO_DATA_TYPES = new Set(['5']);

export interface TarGap {
  /** Byte offset (in the tar stream) of the first skipped block. */
  offset: number;
  /** Bytes skipped. */
  skipped: number;
  /** Name of the last good member before the gap, or null at the start. */
  after: string | null;
  /** True when no valid header followed: the rest of the archive was skipped. */
  toEnd: boolean;
}

function checksumOk(block: Buffer): boolean {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  const field = block.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim();
  return field.length > 0 && /^[0-7]+$/.test(field) && parseInt(field, 8) === sum;
}

function hasMagic(block: Buffer): boolean {
  const magic = block.toString('latin1', 257, 263);
  return magic === 'ustar\u0000' || magic === 'ustar ';
}

function isZero(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function headerSize(block: Buffer): number {
  if (block[124]! & 0x80) {
    let n = 0;
    for (let i = 125; i < 136; i++) n = n * 256 + block[i]!;
    return n;
  }
  const text = block.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

function headerName(block: Buffer): string {
  const cut = (from: number, len: number) => {
    const s = block.subarray(from, from + len);
    const z = s.indexOf(0);
    return s.toString('utf8', 0, z === -1 ? len : z);
  };
  const prefix = hasMagic(block) && block.toString('latin1', 257, 263) === 'ustar\u0000' ? cut(345, 155) : '';
  return prefix ? `${prefix}/${cut(0, 100)}` : cut(0, 100);
}

export class TarResync extends Transform {
  private offset = 0;
  /** Bytes of member data (with padding) still to pass through before the next header. */
  private dataLeft = 0;
  private pending: Buffer = Buffer.alloc(0);
  private gap: TarGap | null = null;
  private lastName: string | null = null;
  /** A pax header's data is collected to learn a `size=` that overrides the next header's. */
  private paxData: Buffer[] | null = null;
  private paxSize: number | null = null;
  private paxBytes = 0;

  constructor(private readonly onGap: (gap: TarGap) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, buf.length);
        if (n === 0) break;
        const part = buf.subarray(0, n);
        // Only a pax header's first bytes are kept: `size=` sits among a few short records.
        if (this.paxData && this.paxBytes < MAX_PAX_BYTES) {
          this.paxData.push(part);
          this.paxBytes += part.length;
        }
        out.push(part);
        buf = buf.subarray(n);
        this.dataLeft -= n;
        this.offset += n;
        if (this.dataLeft === 0 && this.paxData) this.readPax();
        continue;
      }
      if (buf.length < BLOCK) break;
      const block = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      this.header(block, out);
      this.offset += BLOCK;
    }
    this.pending = Buffer.from(buf);
    cb(null, out.length === 1 ? out[0] : Buffer.concat(out));
  }

  override _flush(cb: TransformCallback): void {
    if (this.gap) {
      this.gap.skipped += this.pending.length;
      this.gap.toEnd = true;
      this.onGap(this.gap);
      this.gap = null;
      cb();
      return;
    }
    // A short tail is passed on: tar-stream then reports the truncation itself.
    cb(null, this.pending);
  }

  private header(block: Buffer, out: Buffer[]): void {
    if (isZero(block)) {
      if (!this.gap) out.push(block);
      else this.gap.skipped += BLOCK;
      return;
    }
    if (!checksumOk(block) || !hasMagic(block)) {
      if (this.gap) this.gap.skipped += BLOCK;
      else this.gap = { offset: this.offset, skipped: BLOCK, after: this.lastName, toEnd: false };
      return;
    }
    if (this.gap) {
      this.onGap(this.gap);
      this.gap = null;
    }
    out.push(block);
    const type = String.fromCharCode(block[156]!);
    let size = NO_DATA_TYPES.has(type) ? 0 : headerSize(block);
    if (type === 'x') {
      this.paxData = [];
      this.paxBytes = 0;
    } else if (type !== 'g' && type !== 'L' && type !== 'K') {
      if (this.paxSize !== null) size = this.paxSize;
      this.paxSize = null;
      this.lastName = headerName(block);
    }
    this.dataLeft = Math.ceil(size / BLOCK) * BLOCK;
    if (this.dataLeft === 0 && this.paxData) this.readPax();
  }

  private readPax(): void {
    const text = Buffer.concat(this.paxData ?? []).toString('utf8');
    this.paxData = null;
    const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(text);
    this.paxSize = m ? Number(m[1]) : null;
  }
}

/** One line for a gap, naming the archive. */
export function describeGap(gap: TarGap): string {
  const where = gap.after ? `after member ${gap.after}` : 'at the start';
  return gap.toEnd
    ? `corrupt tar header at byte ${gap.offset} (${where}); no valid member follows, ${gap.skipped} bytes skipped`
    : `corrupt tar header at byte ${gap.offset} (${where}); skipped ${gap.skipped} bytes to the next valid member`;
}
