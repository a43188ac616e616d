/** Draws rows into a fixed-height box: one terminal line per row, never wrapped, always escaped. */

import { Box, Text } from 'ink';
import type { Row } from '../../rows.js';
import { safeText } from '../../rows.js';

export interface LinesProps {
  rows: readonly Row[];
  height: number;
  width: number;
  /** First row shown (for scrolled panes). */
  offset?: number;
}

export function Lines({ rows, height, width, offset = 0 }: LinesProps) {
  const shown = rows.slice(offset, offset + Math.max(0, height));
  return (
    <Box flexDirection="column" height={Math.max(0, height)} width={width} overflow="hidden">
      {shown.map((r, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {r.every((s) => s.text === '') ? ' ' : r.map((s, j) => (
            <Text key={j} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
              {safeText(s.text)}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
