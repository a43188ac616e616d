/** The findings list: severity, count, id and kinds, in report order, the selection kept in view. */

import type { Finding } from '../../../model/finding.js';
import { kindLabel } from '../../../correlate/aggregate.js';
import { listWindow } from '../../scroll.js';
import type { Row, Span } from '../../rows.js';
import { CURSOR, MUTED, ROOT_CAUSE, SELECTED, SEVERITY_STYLE } from '../../theme.js';
import { Lines } from '../lines/view.js';
import { baselineTag } from '../../../report/baseline.js';

export interface FindingsListProps {
  findings: readonly Finding[];
  selectedKey: string | null;
  height: number;
  width: number;
  /** Shown when the list is empty. */
  empty: string;
}

const ID_WIDTH_MAX = 34;

export function findingsListRows(p: FindingsListProps): Row[] {
  if (p.findings.length === 0) return [[{ text: p.empty, ...MUTED }]];
  const idWidth = Math.min(ID_WIDTH_MAX, Math.max(...p.findings.map((f) => f.id.length)));
  const countWidth = Math.max(...p.findings.map((f) => String(f.count).length));
  const selected = Math.max(0, p.findings.findIndex((f) => f.key === p.selectedKey));
  const { start, end } = listWindow(selected, p.findings.length, p.height);
  return p.findings.slice(start, end).map((f, i) => {
    const isSelected = start + i === selected;
    const spans: Span[] = [
      { text: isSelected ? `${CURSOR} ` : '  ', bold: true },
      { text: f.severity.toUpperCase().padEnd(9), ...SEVERITY_STYLE[f.severity] },
      { text: `${String(f.count).padStart(countWidth)}  ` },
      { text: f.id.padEnd(idWidth), bold: true },
    ];
    if (f.causes.length > 0) spans.push({ text: `  ${ROOT_CAUSE}`, color: 'magenta' });
    // Against --baseline: regressions stand out.
    if (f.baseline === 'new' || f.baseline === 'grown') spans.push({ text: `  ${baselineTag(f.baseline)}`, color: 'yellow', bold: true });
    if (f.kinds.length > 0) spans.push({ text: `  ${f.kinds.map(kindLabel).join(', ')}`, ...MUTED });
    return isSelected ? spans.map((s) => ({ ...s, ...SELECTED, dim: false })) : spans;
  });
}

export function FindingsListView(props: FindingsListProps) {
  return <Lines rows={findingsListRows(props)} height={props.height} width={props.width} />;
}
