/** What a format parser returns for one physical line. */

import type { FormatName, Level } from '../model/entry.js';

export interface ParsedLine {
  format: FormatName;
  level: Level | null;
  time: string | null;
  message: string;
  error: string | null;
  fields: Record<string, unknown>;
  /** klog only: the key of a multi-line value block (`key=<`) that this line opened. */
  openBlock: string | null;
}
