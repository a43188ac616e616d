/** Turning a logger's key/values into entry fields: which key holds the error, and its text. */

/** A field value as text: strings as they are, anything else as JSON. */
function textOf(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? null;
  } catch {
    return null;
  }
}

/**
 * Removes the error from `fields` and returns its text. `keys` lists the logger's own error key
 * first (`err` for klog and go-kit, `error` for zap and logrus), then the alternatives some
 * programs use instead.
 */
export function takeError(fields: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of keys) {
    if (!(k in fields)) continue;
    const text = textOf(fields[k]);
    delete fields[k];
    if (text !== null) return text;
  }
  return null;
}
