/** Counts → a one-line bar chart (▁▂▃▄▅▆▇█), blank where the count is zero. */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Draws `counts` in at most `width` columns; when there are more counts than columns, adjacent
 * counts are summed into each column. Heights are relative to the largest column.
 */
export function sparkline(counts: readonly number[], width: number): string {
  if (counts.length === 0 || width <= 0) return '';
  const columns = Math.min(width, counts.length);
  const sums = new Array<number>(columns).fill(0);
  counts.forEach((n, i) => {
    sums[Math.floor((i * columns) / counts.length)]! += n;
  });
  const max = Math.max(...sums);
  return sums.map((n) => (n === 0 ? ' ' : BARS[Math.max(0, Math.ceil((n / max) * BARS.length) - 1)])).join('');
}

/** Columns for a timeline in a pane of `width`, the same in the header and the details (one axis). */
export function timelineWidth(width: number): number {
  return Math.max(8, width - 34);
}
