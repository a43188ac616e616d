/**
 * Error classes that reach the user. Who must act decides the class: a usage mistake, an input
 * that cannot be read, a bad pattern file. Each has a stable code and an exit code; only an
 * unexpected error (a bug) ever shows a stack trace.
 */

import { EXIT } from './exit-codes.js';

export abstract class KldError extends Error {
  abstract readonly code: string;
  readonly exitCode: number = EXIT.USAGE_OR_INPUT;
}

/** Bad flags or flag values. */
export class UsageError extends KldError {
  readonly code = 'KLD_USAGE';
}

/** A file or stream that cannot be opened or read. */
export class InputError extends KldError {
  readonly code = 'KLD_INPUT_UNREADABLE';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A pattern file that fails to parse or validate. */
export class PatternError extends KldError {
  readonly code = 'KLD_PATTERN_INVALID';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly patternId?: string,
    readonly line?: number,
  ) {
    super(
      `${file}${line ? `:${line}` : ''}: ${detail}${patternId ? ` (pattern ${patternId})` : ''}`,
    );
  }
}

/** A registry source (CRD manifest, api-resources output) that cannot be read. */
export class RegistryError extends KldError {
  readonly code = 'KLD_REGISTRY_INVALID';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** Human-readable reason for a Node.js file-system error. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ENXIO':
      return 'no such device or address (a socket?)';
    default:
      return e?.message ?? String(err);
  }
}
