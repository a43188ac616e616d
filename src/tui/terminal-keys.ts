/**
 * Where the TUI reads keys from. With `kubectl logs -f … | kube-log-doctor tui`, standard input is
 * the log pipe, so keys come from the controlling terminal (/dev/tty) instead; without one, the
 * TUI refuses to start with a one-line message rather than Ink's "Raw mode is not supported".
 */

import { closeSync, openSync } from 'node:fs';
import { ReadStream, isatty } from 'node:tty';

export interface KeySource {
  stream: NodeJS.ReadStream;
  /** Releases the terminal if it was opened here. */
  close(): void;
}

export type OpenTerminal = () => NodeJS.ReadStream | null;

/** Opens the controlling terminal for reading, or returns null when there is none. */
export const openControllingTerminal: OpenTerminal = () => {
  if (process.platform === 'win32') return null;
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    return null;
  }
  if (!isatty(fd)) {
    closeSync(fd);
    return null;
  }
  return new ReadStream(fd) as unknown as NodeJS.ReadStream;
};

/**
 * Standard input when it is a terminal and not needed for the logs; otherwise the controlling
 * terminal; null when neither can give keys.
 */
export function keySource(stdin: NodeJS.ReadStream, logsFromStdin: boolean, open: OpenTerminal = openControllingTerminal): KeySource | null {
  if (stdin.isTTY && !logsFromStdin) return { stream: stdin, close: () => {} };
  const tty = open();
  if (!tty) return null;
  return {
    stream: tty,
    close: () => {
      if (tty.isTTY) tty.setRawMode(false);
      tty.destroy();
    },
  };
}
