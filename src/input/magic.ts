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
  | 'text';

/** Bytes needed to recognise every container (the tar magic sits at offset 257). */
export const SNIFF_BYTES = 512;

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** True when `head` holds a POSIX/GNU tar header (`ustar` at offset 257). */
export function isTarHeader(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

/**
 * The container of a stream, judged by its first bytes. `binary` means a NUL byte early on
 * (images, binary journals under other names): not text, not an archive we can open.
 */
export function sniff(head: Buffer): Container {
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (isTarHeader(head)) return 'tar';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (head.toString('latin1', 0, 8) === 'LPKSHHRH') return 'journal';
  if (head.subarray(0, SNIFF_BYTES).includes(0)) return 'binary';
  return 'text';
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
