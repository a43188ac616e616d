/**
 * The decompression-bomb guard: one limit on the bytes produced by decompression (gzip, zip)
 * over the whole run. The counter lives in shared memory so that worker threads draw on the
 * same budget as the main thread.
 */

import { Transform, type TransformCallback } from 'node:stream';

/** Default limit on expanded bytes: 20 GiB. */
export const DEFAULT_MAX_EXPANDED_BYTES = 20 * 1024 ** 3;

export class ExpansionLimitError extends Error {
  constructor(limit: number) {
    super(`expanded data exceeds the limit of ${formatBytes(limit)} (--max-expanded-bytes); the rest of this archive is skipped`);
  }
}

export class ExpansionBudget {
  private readonly cells: BigInt64Array;

  constructor(
    readonly limit: number,
    /** Pass the `shared` buffer of another budget to draw on the same counter (worker threads). */
    readonly shared: SharedArrayBuffer = new SharedArrayBuffer(8),
  ) {
    this.cells = new BigInt64Array(shared);
  }

  /** Bytes expanded so far, by every thread. */
  get used(): number {
    return Number(Atomics.load(this.cells, 0));
  }

  /** Records `n` expanded bytes; false when that goes over the limit. */
  take(n: number): boolean {
    const after = Atomics.add(this.cells, 0, BigInt(n)) + BigInt(n);
    return after <= BigInt(this.limit);
  }

  /**
   * A budget drawing on this one that also counts what it took, so that bytes expanded here and
   * then expanded again elsewhere (a file looked at in one thread, read in another) can be given back.
   */
  counted(): ExpansionBudget & { readonly taken: number; giveBack(): void } {
    const parent = this;
    let taken = 0;
    const child = Object.create(this) as ExpansionBudget & { taken: number; giveBack(): void };
    child.take = (n: number): boolean => {
      taken += n;
      return parent.take(n);
    };
    Object.defineProperty(child, 'taken', { get: () => taken });
    child.giveBack = () => {
      parent.take(-taken);
      taken = 0;
    };
    return child;
  }

  /** A pass-through stage that fails once the run's expanded bytes pass the limit. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb: TransformCallback) => {
        if (this.take(chunk.length)) cb(null, chunk);
        else cb(new ExpansionLimitError(this.limit));
      },
    });
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v < 10 && v % 1 !== 0 ? 1 : 0)} ${units[i]}`;
}

/** "20G", "512MiB", "1000" → bytes; null when the text is not a size. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i.exec(text);
  if (!m) return null;
  const power = ['', 'k', 'm', 'g', 't'].indexOf(m[2]!.toLowerCase());
  const n = Math.floor(Number(m[1]) * 1024 ** power);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
