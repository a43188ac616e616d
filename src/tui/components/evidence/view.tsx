/** Every kept evidence line of one finding, as a scrollable log view, with gaps marked. */

import type { Finding } from '../../../model/finding.js';
import type { EvidenceLines } from '../../evidence-log.js';
import type { Row } from '../../rows.js';
import { HEADING, MUTED } from '../../theme.js';
import { evidenceRows } from '../details/view.js';
import { Lines } from '../lines/view.js';

export interface EvidenceProps {
  finding: Finding;
  evidence: EvidenceLines;
  width: number;
}

/** The title row (kept in place while the lines scroll). */
export function evidenceTitle(p: EvidenceProps): Row {
  const { total, omitted } = p.evidence;
  const kept = omitted > 0 ? `the first and latest ${(total - omitted).toLocaleString('en-US')} kept` : 'all kept';
  return [
    { text: `Evidence · ${p.finding.id}`, ...HEADING },
    { text: `  ${total.toLocaleString('en-US')} ${total === 1 ? 'line' : 'lines'}, ${kept}`, ...MUTED },
  ];
}

export function evidenceLogRows(p: EvidenceProps): Row[] {
  if (p.evidence.items.length === 0) {
    // A finding the report built without lines of its own (none kept yet): show the report's.
    return p.finding.evidence.length > 0
      ? p.finding.evidence.flatMap((e) => evidenceRows(e.source, e.line, e.text, p.width))
      : [[{ text: 'No evidence lines kept for this finding.', ...MUTED }]];
  }
  return p.evidence.items.flatMap((item) =>
    'line' in item
      ? evidenceRows(item.line.source, item.line.line, item.line.text, p.width)
      : [[{ text: `  … ${item.omitted.toLocaleString('en-US')} lines not kept …`, ...MUTED }]],
  );
}

export interface EvidenceViewProps extends EvidenceProps {
  height: number;
  offset: number;
}

export function EvidenceView(props: EvidenceViewProps) {
  return (
    <>
      <Lines rows={[evidenceTitle(props)]} height={1} width={props.width} />
      <Lines rows={evidenceLogRows(props)} height={props.height - 1} width={props.width} offset={props.offset} />
    </>
  );
}
