/** What text and markdown reports say about ignore rules (correlate/ignore.ts applies them). */

import type { Report } from '../model/finding.js';

/** Lines for text and markdown: expired rules, and with --show-ignored what was left out. */
export function ignoreLines(report: Report): string[] {
  const out: string[] = [];
  const s = report.stats.ignored;
  if (s && (s.findings > 0 || s.unknownGroups > 0) && !report.ignored) {
    out.push(`Ignored by ${s.file}: ${s.findings} finding${s.findings === 1 ? '' : 's'} (×${s.count}), ${s.unknownGroups} unrecognised-error group${s.unknownGroups === 1 ? '' : 's'} (--show-ignored lists them).`);
  }
  for (const i of report.ignored ?? []) out.push(`ignored: ${i.type === 'finding' ? i.id : `unrecognised ${i.id}`} ×${i.count} — rule ${i.rule + 1}: ${i.reason}`);
  for (const e of report.ignoreExpired ?? []) out.push(`ignore rule ${e.rule + 1} expired on ${e.until} and no longer applies: ${e.reason}`);
  return out;
}
