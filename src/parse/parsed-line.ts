/** What a payload parser returns for one logical line, and what it may need to know. */

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

/** Context a payload parser may use: where to take a year from for yearless timestamps. */
export interface PayloadContext {
  /** Year to assume when neither the line nor its envelope says (the source's year). */
  year: number;
  /** The envelope's timestamp (ISO 8601), the best reference for a yearless line. */
  refTime: string | null;
}
