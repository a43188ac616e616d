/** The documented exit codes (README "Exit codes"); every row is tested end to end. */
export const EXIT = {
  /** Finished; no finding at or above --fail-on. */
  OK: 0,
  /** A finding reached the --fail-on severity. */
  FINDINGS: 1,
  /** Usage error, unreadable input, or invalid pattern/registry file. */
  USAGE_OR_INPUT: 2,
  /** An unexpected internal error (a bug): the only case that prints a stack trace. */
  BUG: 70,
} as const;
