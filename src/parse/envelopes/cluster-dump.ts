/**
 * `kubectl cluster-info dump` log sections (formats.md §2.8): `==== START logs for container C
 * of pod NS/POD ====` … `==== END logs for container C of pod NS/POD ====`. The END marker follows
 * the data immediately, so when a log did not end in a newline it is glued to the last line.
 */

export interface DumpMarker {
  kind: 'START' | 'END';
  container: string;
  namespace: string;
  pod: string;
}

const DUMP_MARKER = /^==== (START|END) logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/;

const END_MARKER_START = '==== END logs for container ';

export function parseDumpMarker(text: string): DumpMarker | null {
  if (!text.startsWith('==== ')) return null;
  const m = DUMP_MARKER.exec(text);
  if (!m) return null;
  return { kind: m[1] as 'START' | 'END', container: m[2]!, namespace: m[3]!, pod: m[4]! };
}

/** Splits `…last line==== END logs for container …` into the log text and the marker. */
export function splitGluedEnd(text: string): { content: string; marker: DumpMarker } | null {
  if (!text.endsWith(' ====')) return null;
  const at = text.lastIndexOf(END_MARKER_START);
  if (at <= 0) return null;
  const marker = parseDumpMarker(text.slice(at));
  return marker ? { content: text.slice(0, at), marker } : null;
}
