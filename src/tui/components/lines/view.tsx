/** Draws rows into a fixed-height box: one terminal line per row, never wrapped, always escaped. */

import { createContext, useContext } from 'react';
import { Box, Text } from 'ink';
import type { Color, Row, Span } from '../../rows.js';
import { safeText } from '../../rows.js';

/**
 * Whether the rows are coloured (`--color`): true writes the styles' escape sequences whatever
 * Ink would do, false writes none (no colour, bold, dim or inverse: the cursor mark `›` still shows
 * the selection), and undefined leaves it to Ink (its own detection of the terminal).
 */
export const ColorContext = createContext<boolean | undefined>(undefined);

const SGR_COLOR: Record<Color, number> = { red: 31, redBright: 91, yellow: 33, cyan: 36, green: 32, magenta: 35, gray: 90, blue: 34 };
const sgr = (open: number, close: number, s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** A span's escaped text with its style written as escape sequences. */
function styled(s: Span): string {
  let out = safeText(s.text);
  if (s.color) out = sgr(SGR_COLOR[s.color], 39, out);
  if (s.bold) out = sgr(1, 22, out);
  if (s.dim) out = sgr(2, 22, out);
  if (s.inverse) out = sgr(7, 27, out);
  return out;
}

export interface LinesProps {
  rows: readonly Row[];
  height: number;
  width: number;
  /** First row shown (for scrolled panes). */
  offset?: number;
}

export function Lines({ rows, height, width, offset = 0 }: LinesProps) {
  const color = useContext(ColorContext);
  const shown = rows.slice(offset, offset + Math.max(0, height));
  const line = (r: Row) => {
    if (r.every((s) => s.text === '')) return ' ';
    if (color === false) return r.map((s) => safeText(s.text)).join('');
    if (color === true) return r.map(styled).join('');
    return r.map((s, j) => (
      <Text key={j} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
        {safeText(s.text)}
      </Text>
    ));
  };
  return (
    <Box flexDirection="column" height={Math.max(0, height)} width={width} overflow="hidden">
      {shown.map((r, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {line(r)}
        </Text>
      ))}
    </Box>
  );
}
