/** The kinds view: every kind the findings name, with counts and problems; Enter lists its findings. */

import type { Finding, KindSummary } from '../../../model/finding.js';
import { kindLabel } from '../../../correlate/aggregate.js';
import { listWindow } from '../../scroll.js';
import { summaryKey } from '../../select.js';
import { textRows, type Row, type Span } from '../../rows.js';
import { CURSOR, HEADING, MUTED, SELECTED, SEVERITY_STYLE } from '../../theme.js';
import { Lines } from '../lines/view.js';

export interface KindsListProps {
  kinds: readonly KindSummary[];
  selectedKey: string | null;
  height: number;
  width: number;
}

export function kindsListRows(p: KindsListProps): Row[] {
  if (p.kinds.length === 0) return [[{ text: 'No kinds named by the findings on screen.', ...MUTED }]];
  const labelWidth = Math.min(48, Math.max(...p.kinds.map((k) => kindLabel(k).length)));
  const selected = Math.max(0, p.kinds.findIndex((k) => summaryKey(k) === p.selectedKey));
  const { start, end } = listWindow(selected, p.kinds.length, p.height);
  return p.kinds.slice(start, end).map((k, i) => {
    const isSelected = start + i === selected;
    const spans: Span[] = [
      { text: isSelected ? `${CURSOR} ` : '  ', bold: true },
      { text: kindLabel(k).padEnd(labelWidth), bold: true },
      { text: `  ${String(k.count).padStart(6)}  ${k.findings.length} ${k.findings.length === 1 ? 'finding ' : 'findings'}` },
    ];
    if (k.problems.length > 0) spans.push({ text: `  ⚠ ${k.problems[0]}`, color: 'yellow' });
    return isSelected ? spans.map((s) => ({ ...s, ...SELECTED })) : spans;
  });
}

export interface KindPreviewProps {
  kind: KindSummary;
  findings: readonly Finding[];
  width: number;
}

/** The selected kind: its problems in full, and its findings. */
export function kindPreviewRows(p: KindPreviewProps): Row[] {
  const out: Row[] = [[{ text: kindLabel(p.kind), ...HEADING }, { text: `  resource ${p.kind.resource ?? 'unknown'}`, ...MUTED }]];
  for (const problem of p.kind.problems) out.push(...textRows(problem, p.width, { first: '  ⚠ ', indent: '    ', style: { color: 'yellow' } }));
  out.push([{ text: 'Findings', ...HEADING }, { text: '  Enter lists them', ...MUTED }]);
  for (const f of p.findings) {
    out.push([
      { text: '  ' },
      { text: f.severity.toUpperCase().padEnd(9), ...SEVERITY_STYLE[f.severity] },
      { text: `${f.id} ×${f.count}`, bold: true },
      { text: `  ${f.title}`, ...MUTED },
    ]);
  }
  return out;
}

export function KindsListView(props: KindsListProps) {
  return <Lines rows={kindsListRows(props)} height={props.height} width={props.width} />;
}
