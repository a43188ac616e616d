/** Colours and marks of the TUI, in one place. */

import type { Severity } from '../model/finding.js';
import type { SpanStyle } from './rows.js';

export const SEVERITY_STYLE: Record<Severity, SpanStyle> = {
  critical: { color: 'redBright', bold: true },
  error: { color: 'red' },
  warning: { color: 'yellow' },
  info: { color: 'cyan' },
};

export const HEADING: SpanStyle = { bold: true };
export const MUTED: SpanStyle = { dim: true };
export const ACCENT: SpanStyle = { color: 'cyan' };
export const SELECTED: SpanStyle = { inverse: true };
export const SPARK: SpanStyle = { color: 'magenta' };

/** Marks the selected row even without colour. */
export const CURSOR = '›';
/** Shown beside a finding that is the root cause of others. */
export const ROOT_CAUSE = '◆ root cause';
