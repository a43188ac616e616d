/** Recognises what a byte stream is from its first bytes (formats.md §5.8), never from its name. */

export type Container =
  | 'gzip'
  | 'zip'
  | 'tar'
  | 'xz'
  | 'bzip2'
  | 'zstd'
  | 'journal'
  | 'binary'
  | 'utf16le'
  | 'utf16be'
  | 'text';

/** Bytes needed to recognise every container (the tar magic sits at offset 257). */
export const SNIFF_BYTES = 512;
/** Bytes judged to tell text from binary data. */
const TEXT_SAMPLE_BYTES = 4096;

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** True when `head` holds a POSIX/GNU tar header (`ustar` at offset 257). */
export function isTarHeader(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

/**
 * Whether the first bytes are binary data rather than text. NUL bytes are left out of the count:
 * a log may start with a run of them (the hole `copytruncate` leaves) or hold a stray one, and is
 * still a log. Among the other bytes, binary data has many control characters or bytes that are
 * not UTF-8; text has few (ESC in colour codes, a form feed). A sample of NULs only is a hole: text.
 */
export function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, TEXT_SAMPLE_BYTES);
  let other = 0;
  let control = 0;
  const kept: number[] = [];
  for (const b of sample) {
    if (b === 0) continue;
    other++;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f) control++;
    kept.push(b);
  }
  if (other === 0) return false;
  if (control * 10 > other) return true;
  // Bytes that do not decode as UTF-8 (a sequence cut at the end of the sample is not held against it).
  const text = new TextDecoder('utf-8').decode(Buffer.from(kept.slice(0, Math.max(0, kept.length - 3))));
  let invalid = 0;
  for (const c of text) if (c === '\ufffd') invalid++;
  return invalid * 10 > other;
}

/**
 * The container of a stream, judged by its first bytes. `binary` means data that is not text
 * (images, executables, binary journals under other names): not an archive we can open either.
 * UTF-16 text with its byte-order mark (what Windows PowerShell 5.1 writes for `>`) is text to decode.
 */
export function sniff(head: Buffer): Container {
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (isTarHeader(head)) return 'tar';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (head.toString('latin1', 0, 8) === 'LPKSHHRH') return 'journal';
  if (startsWith(head, [0xff, 0xfe])) return 'utf16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf16be';
  return looksBinary(head) ? 'binary' : 'text';
}

/** Why a recognised container cannot be read, or null when it can. */
export function unsupportedReason(c: Container): string | null {
  switch (c) {
    case 'xz':
      return 'xz-compressed data is not supported; decompress it first (xz -d)';
    case 'bzip2':
      return 'bzip2-compressed data is not supported; decompress it first (bunzip2)';
    case 'zstd':
      return 'zstd-compressed data is not supported; decompress it first (zstd -d)';
    case 'journal':
      return 'binary systemd journal; export it with journalctl --file=… first';
    case 'binary':
      return 'binary data, not a log';
    default:
      return null;
  }
}
