/**
 * The text follow mode prints while the input is still running: one compact line per new
 * finding, and a block of what changed since the last block. Pure formatting; all log-derived
 * text is escaped here before it can reach the terminal.
 */

import type { Finding } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe as safe } from '../report/terminal-safe.js';
import type { Style } from '../report/style.js';

/** `HH:MM:SSZ` of an ISO timestamp (the log's own clock), or of the wall clock when there is none. */
export function clockTime(iso: string | null, now: Date): string {
  const match = iso ? /T(\d\d:\d\d:\d\d)/.exec(iso) : null;
  return `${match ? match[1] : now.toISOString().slice(11, 19)}Z`;
}

/** The kind and object a finding concerns, as one short label (`group/v1/Kind ns/name`). */
export function subjectLabel(f: Finding): string {
  const parts: string[] = [];
  const kind = f.kinds[0];
  if (kind) parts.push(kindLabel(kind));
  const object = f.objects[0];
  if (object) parts.push(objectLabel(object) + (f.objects.length > 1 || f.objectsOmitted > 0 ? ' …' : ''));
  return parts.join(' ');
}

/** One line for a finding seen for the first time: time, severity, id, kind/object, title. */
export function newFindingLine(f: Finding, time: string, st: Style): string {
  const subject = subjectLabel(f);
  const root = f.causes.length > 0 ? st.bold('  [root cause]') : '';
  return (
    `${st.dim(time)} ${st.severity(f.severity, f.severity.toUpperCase().padEnd(8))} ${st.bold(safe(f.id))}` +
    `${subject ? `  ${safe(subject)}` : ''}  ${safe(f.title)}${root}`
  );
}

export interface Changes {
  /** Findings not present at the last block. */
  added: Finding[];
  /** Findings whose count grew, with the growth. */
  grown: { finding: Finding; by: number }[];
}

/** What changed between the counts of the last block and the findings now. */
export function diffCounts(before: ReadonlyMap<string, number>, now: readonly Finding[]): Changes {
  const added: Finding[] = [];
  const grown: { finding: Finding; by: number }[] = [];
  for (const f of now) {
    const was = before.get(f.key);
    if (was === undefined) added.push(f);
    else if (f.count > was) grown.push({ finding: f, by: f.count - was });
  }
  return { added, grown };
}

function lines(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}`;
}

/**
 * The periodic block: a header with the time, the time of the previous block and the totals,
 * then one line per new or grown finding (report order). Empty when nothing changed and the
 * block was not asked for explicitly.
 */
export function changeBlock(
  changes: Changes,
  at: { now: string; since: string },
  totals: { lines: number; newLines: number; findings: number },
  st: Style,
  forced: boolean,
): string {
  const { added, grown } = changes;
  if (added.length === 0 && grown.length === 0 && !forced) return '';
  const what =
    added.length === 0 && grown.length === 0
      ? `no change since ${at.since}`
      : `since ${at.since}: ${added.length} new, ${grown.length} grew`;
  const out = [
    st.dim(
      `── ${at.now} · ${what} · ${totals.findings} ${totals.findings === 1 ? 'finding' : 'findings'} · ` +
        `${lines(totals.lines)} (+${totals.newLines.toLocaleString('en-US')}) ──`,
    ),
  ];
  const row = (label: string, f: Finding) =>
    `  ${label.padEnd(7)} ${st.severity(f.severity, f.severity.toUpperCase().padEnd(8))} ${st.bold(safe(f.id))} ×${f.count}` +
    `${subjectLabel(f) ? `  ${safe(subjectLabel(f))}` : ''}  ${safe(f.title)}`;
  for (const f of added) out.push(row('new', f));
  for (const g of grown) out.push(row(`+${g.by}`, g.finding));
  return out.join('\n') + '\n';
}
