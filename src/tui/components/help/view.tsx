/** The help screen, generated from the key map. */

import { BINDINGS } from '../../keymap.js';
import { textRows, type Row } from '../../rows.js';
import { HEADING } from '../../theme.js';
import { Lines } from '../lines/view.js';

const KEYS_WIDTH = 24;

const MARKS: readonly [string, string][] = [
  ['◆ root cause', 'the finding explains others; fix it first'],
  ['›', 'the selected row; in Fixes, the fix c takes'],
  ['✓', 'the fix command printed on exit'],
  ['timeline', 'occurrences over the log’s own time, the same axis in the header and the details'],
  ['\\x1b', 'log text is shown escaped: control characters never reach the terminal'],
];

export function helpRows(width: number): Row[] {
  const out: Row[] = [[{ text: 'Keys', ...HEADING }]];
  for (const b of BINDINGS) {
    const keys = b.chords.map((c) => c.label).join(' ');
    out.push(...textRows(b.does, width, { first: `  ${keys.padEnd(KEYS_WIDTH)}`, indent: ' '.repeat(KEYS_WIDTH + 2) }));
  }
  out.push(
    [{ text: '' }],
    [{ text: 'Marks', ...HEADING }],
    ...MARKS.map(([mark, meaning]) => textRows(meaning, width, { first: `  ${mark.padEnd(KEYS_WIDTH)}`, indent: ' '.repeat(KEYS_WIDTH + 2) })).flat(),
  );
  return out;
}

export function HelpView({ width, height, offset }: { width: number; height: number; offset: number }) {
  return <Lines rows={helpRows(width)} height={height} width={width} offset={offset} />;
}
