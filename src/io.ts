/** The streams and environment a run writes to and reads; tests pass their own. */

import type { Readable } from 'node:stream';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Standard input (default: the process's). */
  stdin?: Readable & { isTTY?: boolean };
  /**
   * The directory the working-directory config (`.kube-log-doctor.yaml`) is looked up in (default:
   * the process's). Input paths are still taken relative to the process's directory.
   */
  cwd?: string;
}

export const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });
