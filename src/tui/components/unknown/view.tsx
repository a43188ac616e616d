/**
 * The unrecognised-errors view (`U`): error lines no signature knows, one row per group (largest
 * first), and under the list the selected group's template, fields and example lines. `n` writes
 * a signature skeleton for the selected group (tui/skeleton-file.ts).
 */

import type { UnknownGroup } from '../../../model/finding.js';
import { groupFields } from '../../../report/unknown.js';
import { baselineTag } from '../../../report/baseline.js';
import { cutWrap, safeText, textRows, type Row } from '../../rows.js';
import { HEADING, MUTED } from '../../theme.js';

export interface UnknownViewProps {
  groups: readonly UnknownGroup[];
  selectedId: string | null;
  omitted: { groups: number; lines: number } | undefined;
  width: number;
}

/** The list rows, then the selected group's details. */
export function unknownRows(p: UnknownViewProps): { rows: Row[]; selectedRow: number } {
  const rows: Row[] = [];
  if (p.groups.length === 0) return { rows: [[{ text: 'No unrecognised errors: every error line matched a signature (or there was none).', ...MUTED }]], selectedRow: 0 };
  let selectedRow = 0;
  const countWidth = Math.max(...p.groups.map((g) => String(g.count).length));
  p.groups.forEach((g, i) => {
    const selected = g.id === p.selectedId;
    if (selected) selectedRow = i;
    const mark = g.baseline === 'new' || g.baseline === 'grown' ? `${baselineTag(g.baseline)}  ` : '';
    const line = `${selected ? '›' : ' '} ${String(g.count).padStart(countWidth)}  ${g.id}  ${mark}${safeText(g.template)}`;
    rows.push([{ text: [...line].slice(0, p.width).join(''), ...(selected ? { bold: true } : {}) }]);
  });
  if (p.omitted && (p.omitted.groups > 0 || p.omitted.lines > 0)) {
    rows.push([{ text: `  … ${p.omitted.lines} more lines in ${p.omitted.groups} more groups not listed`, ...MUTED }]);
  }
  const g = p.groups.find((x) => x.id === p.selectedId) ?? p.groups[0]!;
  rows.push([{ text: '' }], [{ text: `${g.id}  ×${g.count}`, ...HEADING }]);
  rows.push(...textRows(g.template, p.width, { first: '  ', indent: '  ' }));
  for (const [name, value] of groupFields(g)) rows.push(...textRows(value, p.width, { first: `  ${name.padEnd(9)}`, indent: ' '.repeat(11) }));
  rows.push([{ text: 'Examples', ...HEADING }]);
  for (const e of g.examples) {
    const head = `  ${safeText(`${e.source}:${e.line}`)}  `;
    const [first, ...rest] = cutWrap(safeText(e.text), Math.max(10, p.width - [...head].length), Math.max(10, p.width - 4));
    rows.push([{ text: head, ...MUTED }, { text: first! }], ...rest.map((r): Row => [{ text: `    ${r}` }]));
  }
  rows.push([{ text: '' }], [{ text: 'n writes a signature skeleton for this group (ID.yaml in the current directory)', ...MUTED }]);
  return { rows, selectedRow };
}
