/** A logical log entry: one or more physical lines after envelope removal and parsing. */

export type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

/** Formats the parser knows; `unknown` marks a line in no known format (still matched as text). */
export type FormatName =
  | 'klog'
  | 'klog-json'
  | 'zap-json'
  | 'zap-console'
  | 'logrus'
  | 'logrus-json'
  | 'slog'
  | 'slog-json'
  | 'logfmt'
  | 'go-log'
  | 'coredns'
  | 'capnslog'
  | 'hclog'
  /** Java logging layouts: log4j, logback, JBoss/Quarkus, Spring Boot (parse/formats/log4j.ts). */
  | 'log4j'
  | 'go-panic'
  | 'json'
  | 'plain'
  | 'marker'
  /** A Kubernetes Event object from a bundle (events.json/yaml, cluster-info dump), made an entry. */
  | 'k8s-event'
  | 'unknown';

/** Wrappers that clients, runtimes and dumps put around a program's own line (formats.md §2). */
export type EnvelopeName =
  | 'kubectl-prefix'
  | 'stern'
  | 'stern-json'
  | 'cri'
  | 'docker-json'
  | 'kubectl-timestamps'
  | 'cluster-dump';

/** What the envelopes around an entry's first line said about it. */
export interface EntryEnvelope {
  /** Envelopes peeled, outermost first. */
  layers: EnvelopeName[];
  /** ISO 8601 time the runtime or kubelet recorded, or null. */
  time: string | null;
  stream: 'stdout' | 'stderr' | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
}

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
  /** Continuation lines counted but not kept, because the entry reached its stored-line cap. */
  continuationOmitted?: number;
  /** The envelopes peeled off the entry's first line, or null when it had none. */
  envelope: EntryEnvelope | null;
}

/** What joins the message and the error in the match text (the line prefilter relies on it). */
export const MATCH_TEXT_SEPARATOR = ': ';

/** The text signatures are matched against: the message, then the error if there is one. */
export function matchText(entry: Pick<LogEntry, 'message' | 'error'>): string {
  return entry.error ? `${entry.message}${MATCH_TEXT_SEPARATOR}${entry.error}` : entry.message;
}
