/** The streams a command writes to (src/io.ts), and the CLI's helpers for them. */

import { terminalSafe } from '../report/terminal-safe.js';
import type { Io } from '../io.js';

export { defaultIo, type Io } from '../io.js';

/** One line on stderr; the message is made terminal-safe (file names and log text are untrusted). */
export function warn(io: Io, message: string): void {
  io.stderr.write(`kube-log-doctor: ${terminalSafe(message)}\n`);
}

/** Commander option collector for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
