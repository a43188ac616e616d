/**
 * Entry × signatures → matches. One combined literal scan over every signature's keywords
 * decides whether a line can match anything at all; only lines that pass run the regexes of
 * the signatures whose keywords they contain.
 */

import { matchText, type LogEntry } from '../model/entry.js';
import type { CompiledPattern } from '../library/compile.js';

export interface Match {
  pattern: CompiledPattern;
  captures: Record<string, string>;
  entry: LogEntry;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Matcher {
  private readonly prefilter: RegExp | null;

  constructor(readonly patterns: readonly CompiledPattern[]) {
    const keywords = [...new Set(patterns.flatMap((p) => p.keywords))];
    this.prefilter = keywords.length > 0 ? new RegExp(keywords.map(escapeRegExp).join('|')) : null;
  }

  /** All signatures that match the entry, in library order (one match per signature). */
  match(entry: LogEntry): Match[] {
    const text = matchText(entry);
    return this.matchTextOf(text, entry);
  }

  matchTextOf(text: string, entry: LogEntry): Match[] {
    if (!this.prefilter || !this.prefilter.test(text)) return [];
    const out: Match[] = [];
    for (const pattern of this.patterns) {
      if (!pattern.keywords.some((k) => text.includes(k))) continue;
      for (const re of pattern.regexes) {
        const m = re.exec(text);
        if (m) {
          const captures: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
          out.push({ pattern, captures, entry });
          break;
        }
      }
    }
    return out;
  }
}
