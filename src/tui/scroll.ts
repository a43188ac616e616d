/** Which slice of a list is on screen: the selected row kept in view, centred when it can be. */

export function listWindow(selected: number, total: number, height: number): { start: number; end: number } {
  if (total <= height) return { start: 0, end: total };
  const start = Math.min(Math.max(0, selected - Math.floor(height / 2)), total - height);
  return { start, end: start + height };
}

/** A scroll offset clamped to what the content allows. */
export function clampScroll(offset: number, rows: number, height: number): number {
  return Math.max(0, Math.min(offset, rows - height));
}
