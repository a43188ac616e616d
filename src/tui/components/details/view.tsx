/**
 * The details pane of one finding: diagnosis, then fixes (with the one picked for `c`) before
 * likely causes and why, so the first screen of a finding says what to do; then kinds with their
 * problems, objects, the finding's own timeline and its evidence lines.
 */

import type { Finding, KindSummary } from '../../../model/finding.js';
import { kindLabel, objectLabel } from '../../../correlate/aggregate.js';
import { kindKey } from '../../../correlate/gvk.js';
import { fixCommand } from '../../fix-command.js';
import { logLiterals } from '../../../report/rich-text.js';
import { sparkline, timelineWidth } from '../../sparkline.js';
import { BLANK, safeText, textRows, type Row } from '../../rows.js';
import { ACCENT, HEADING, MUTED, ROOT_CAUSE, SEVERITY_STYLE, SPARK } from '../../theme.js';
import { Lines } from '../lines/view.js';

export interface DetailsProps {
  finding: Finding;
  /** The report's kinds (for the problems of this finding's kinds). */
  kinds: readonly KindSummary[];
  /** Ids of the report's findings by key (to name causes and effects). */
  idOf: (key: string) => string;
  /** This finding's occurrences per time bucket, on the header's axis. */
  timeline: readonly number[];
  /** The fix `c` would take. */
  fixIndex: number;
  /** The command chosen to print on exit, if any. */
  chosen: string | null;
  width: number;
}

const MAX_OBJECTS_SHOWN = 10;

function heading(text: string, note?: string): Row {
  return note ? [{ text, ...HEADING }, { text: `  ${note}`, ...MUTED }] : [{ text, ...HEADING }];
}

function field(name: string, value: string, width: number): Row[] {
  return textRows(value, width, { first: `${name.padEnd(10)}`, indent: ' '.repeat(10), mode: 'exact' });
}

export function detailsRows(p: DetailsProps): Row[] {
  const f = p.finding;
  const w = p.width;
  const out: Row[] = [];
  const title: Row = [
    { text: f.severity.toUpperCase(), ...SEVERITY_STYLE[f.severity] },
    { text: '  ' },
    { text: safeText(f.id), bold: true },
    { text: `  ×${f.count}` },
    ...(f.causes.length > 0 ? [{ text: `  ${ROOT_CAUSE}`, color: 'magenta' as const }] : []),
  ];
  out.push(title, ...textRows(f.title, w));
  if (f.firstSeen) out.push(...field('seen', f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`, w));
  if (p.timeline.length > 0) out.push([{ text: 'timeline  ' }, { text: sparkline(p.timeline, timelineWidth(w)), ...SPARK }]);
  if (f.causedBy.length > 0) out.push(...field('caused by', `${f.causedBy.map(p.idOf).join(', ')} (fix that first)`, w));
  if (f.causes.length > 0) out.push(...field('causes', f.causes.map(p.idOf).join(', '), w));

  out.push(BLANK, heading('Diagnosis'), ...textRows(f.diagnosis, w, { indent: '  ' }));
  if (f.fixes.length > 0) {
    out.push(heading('Fixes', '1-9 pick · c print the picked command on exit'));
    const literals = logLiterals(f);
    f.fixes.forEach((fix, i) => {
      const picked = i === p.fixIndex;
      const chosen = p.chosen !== null && fixCommand(fix, literals).text === p.chosen;
      const mark = chosen ? '✓' : picked ? '›' : ' ';
      const rows = textRows(fix, w, { first: `${mark} ${i + 1}. `, indent: '     ', style: picked ? { bold: true } : {} });
      out.push(...(chosen ? rows.map((r) => r.map((s) => ({ ...s, color: 'green' as const }))) : rows));
    });
  }
  if (f.likelyCauses.length > 0) {
    out.push(heading('Likely causes'));
    f.likelyCauses.forEach((c, i) => out.push(...textRows(c, w, { first: `  ${i + 1}. `, indent: '     ' })));
  }
  if (f.explanation) out.push(heading('Why'), ...textRows(f.explanation, w, { indent: '  ' }));
  if (f.kinds.length > 0) {
    out.push(heading('Kinds'));
    for (const k of f.kinds) {
      out.push(...textRows(kindLabel(k), w, { indent: '  ', mode: 'exact' }));
      const problems = p.kinds.find((s) => kindKey(s) === kindKey(k))?.problems ?? [];
      for (const problem of problems) out.push(...textRows(problem, w, { first: '    ⚠ ', indent: '      ', style: { color: 'yellow' } }));
    }
  }
  if (f.objects.length > 0) {
    out.push(heading('Objects'));
    for (const o of f.objects.slice(0, MAX_OBJECTS_SHOWN)) out.push(...textRows(`${objectLabel(o)} ×${o.count}`, w, { indent: '  ', mode: 'exact' }));
    const more = f.objects.length - MAX_OBJECTS_SHOWN;
    if (more > 0 || f.objectsOmitted > 0) {
      const parts = [more > 0 ? `${more} more objects` : '', f.objectsOmitted > 0 ? `${f.objectsOmitted} occurrences on objects not listed` : ''];
      out.push([{ text: `  … ${parts.filter(Boolean).join(', ')}`, ...MUTED }]);
    }
  }
  if (f.evidence.length > 0) {
    out.push(heading('Evidence', `${f.evidence.length} of ${f.count} lines · e shows all`));
    for (const e of f.evidence) out.push(...evidenceRows(e.source, e.line, e.text, w));
  }
  return out;
}

/** One evidence line: `source:line` then the text, wrapped exactly (every character kept). */
export function evidenceRows(source: string, line: number, text: string, width: number): Row[] {
  const where = `${safeText(source)}:${line}`;
  // A long location gets a row of its own, so the text keeps a useful width.
  if (where.length + 4 > width / 2) {
    return [[{ text: '  ' }, { text: where, ...ACCENT }], ...textRows(text, width, { indent: '    ', mode: 'exact' })];
  }
  const rows = textRows(text, width, { first: `  ${where}  `, indent: '    ', mode: 'exact' });
  const [head, ...rest] = rows;
  return [[{ text: '  ' }, { text: where, ...ACCENT }, { text: '  ' }, ...head!.slice(1)], ...rest];
}

export interface DetailsViewProps extends DetailsProps {
  height: number;
  offset: number;
}

export function DetailsView(props: DetailsViewProps) {
  return <Lines rows={detailsRows(props)} height={props.height} width={props.width} offset={props.offset} />;
}
