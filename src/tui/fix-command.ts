/**
 * The shell command inside a fix, for `c` (print it on exit): the first `code span` if the fix
 * has one, else the text from a command word (kubectl, helm, …) to the end. A fix without a
 * command is printed as a shell comment, so pasting it runs nothing.
 */

import { COMMAND_START } from '../library/command.js';

const CODE_SPAN = /`([^`]+)`/;

export interface FixCommand {
  /** What is printed on exit. */
  text: string;
  /** Whether the fix contained a command (otherwise `text` is a comment). */
  isCommand: boolean;
}

export function fixCommand(fix: string): FixCommand {
  const text = fix.replace(/\s+/g, ' ').trim();
  const code = CODE_SPAN.exec(text);
  if (code) return { text: code[1]!.trim(), isCommand: true };
  const start = COMMAND_START.exec(text);
  if (start) return { text: start[1]!.trim().replace(/\.$/, ''), isCommand: true };
  return { text: `# ${text}`, isCommand: false };
}

/** The fix `c` takes when none was picked: the first one with a command, else the first. */
export function defaultFixIndex(fixes: readonly string[]): number {
  const i = fixes.findIndex((f) => fixCommand(f).isCommand);
  return i === -1 ? 0 : i;
}
