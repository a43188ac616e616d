/** A logical log entry: one or more physical lines after envelope removal and parsing. */

export type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

/** Formats the parser knows; `unknown` marks a line in no known format (still matched as text). */
export type FormatName =
  | 'klog'
  | 'klog-json'
  | 'zap-json'
  | 'json'
  | 'unknown';

export interface LogEntry {
  /** Label of the input the entry came from (file path, `-` for stdin, or a bundle member). */
  source: string;
  /** 1-based physical line number of the entry's first line within its source. */
  line: number;
  format: FormatName;
  level: Level | null;
  /** ISO 8601 timestamp, or null when the line carries none. */
  time: string | null;
  /** The message, unquoted. For unknown lines this is the whole line. */
  message: string;
  /** The error text (`err` in klog, `error` in zap), unquoted, if the entry carries one. */
  error: string | null;
  /** Structured key/values (klog `key="value"` pairs, JSON fields other than the fixed ones). */
  fields: Record<string, unknown>;
  /** The raw first physical line, as read (never printed without escaping). */
  raw: string;
  /** Further physical lines that belong to this entry (stack traces, multi-line values). */
  continuation: string[];
}

/** The text signatures are matched against: the message, then the error if there is one. */
export function matchText(entry: LogEntry): string {
  return entry.error ? `${entry.message}: ${entry.error}` : entry.message;
}
