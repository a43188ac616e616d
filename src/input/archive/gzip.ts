/** gzip members and files: streamed through node:zlib, metered by the expansion budget, with readable failure reasons. */

import { createGunzip } from 'node:zlib';
import type { ExpansionBudget } from '../budget.js';
import { settledPipeline, type ByteSource } from '../settle.js';

/**
 * Decompresses a gzip byte source (concatenated gzip members are read as one stream, like
 * gzip -d). The result fails with a readable reason when the data is truncated or corrupt, or
 * when the run's expansion budget runs out.
 */
export function gunzip(input: ByteSource, budget: ExpansionBudget): ByteSource {
  const inner = settledPipeline(input.stream, createGunzip({ chunkSize: 64 * 1024 }), budget.meter());
  return {
    stream: inner.stream,
    failure: () => {
      const outer = input.failure();
      if (outer) return outer;
      const err = inner.failure();
      return err ? new Error(describeGzipError(err)) : null;
    },
  };
}

/** zlib's terse messages, said so that a user knows what happened to the file. */
export function describeGzipError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
    return 'truncated gzip data (the file ends in the middle of the compressed stream)';
  }
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${err.message})`;
  return err.message;
}
