/**
 * The width the text report wraps prose at: `COLUMNS` when set (as `ls` and Python do), else the
 * terminal's width, else 100 (a pipe or file). Commands are never wrapped, whatever the width.
 */

export const DEFAULT_WIDTH = 100;

export function reportWidth(io: { stdout: { isTTY?: boolean; columns?: number }; env: NodeJS.ProcessEnv }): number {
  const columns = io.env['COLUMNS']?.trim() ?? '';
  if (/^\d{1,4}$/.test(columns) && Number(columns) > 0) return Number(columns);
  if (io.stdout.isTTY === true && io.stdout.columns !== undefined && io.stdout.columns > 0) return io.stdout.columns;
  return DEFAULT_WIDTH;
}
