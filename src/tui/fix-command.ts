/**
 * The shell command inside a fix, for `c` (print it on exit): the first command the reports find
 * in it (report/rich-text.ts: a code span that starts with a program, or, in a fix without code
 * spans, the tail from a program name to the end), so the TUI prints exactly the command the text,
 * markdown and HTML reports show. A fix without a command is printed as a shell comment on one
 * line, so pasting it runs nothing.
 */

import { fixParts } from '../report/rich-text.js';

export interface FixCommand {
  /** What is printed on exit. */
  text: string;
  /** Whether the fix contained a command (otherwise `text` is a comment). */
  isCommand: boolean;
}

/** `literals`: the values from the log the fix was filled from (rich-text's logLiterals), whose backticks delimit nothing. */
export function fixCommand(fix: string, literals: readonly string[] = []): FixCommand {
  const command = fixParts(fix, literals).find((p) => p.kind === 'code' && p.command);
  // A line break inside a code span is a space (CommonMark); the printed command stays one line.
  if (command) return { text: command.text.replace(/\s*[\r\n]\s*/g, ' ').trim(), isCommand: true };
  return { text: `# ${fix.replace(/\s+/g, ' ').trim()}`, isCommand: false };
}

/** The fix `c` takes when none was picked: the first one with a command, else the first. */
export function defaultFixIndex(fixes: readonly string[], literals: readonly string[] = []): number {
  const i = fixes.findIndex((f) => fixCommand(f, literals).isCommand);
  return i === -1 ? 0 : i;
}
