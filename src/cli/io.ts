/** The streams and environment a command writes to; tests pass their own. */

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** Commander option collector for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
