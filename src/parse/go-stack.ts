/**
 * Shapes of the lines the Go runtime and stack printers write (formats.md §4.1, §4.3): goroutine
 * headers, function frames with and without argument lists, `created by`, and the other lines of
 * a crash block. Checked with character tests, not regexes, because frames contain nested
 * brackets that a regex could only match with backtracking.
 */

import { isDigit } from './ascii.js';

/** Characters of a Go function path: `pkg/path.(*Type).Method.func1`, `%2e` escapes, generics `[...]`. */
function isPathChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    isDigit(c) ||
    c === 95 || // _
    c === 46 || // .
    c === 47 || // /
    c === 37 || // %
    c === 42 || // *
    c === 40 || // (
    c === 41 || // )
    c === 91 || // [
    c === 93 || // ]
    c === 123 || // {
    c === 125 || // }
    c === 45 || // -
    c === 126 // ~ (generic type placeholders)
  );
}

/** `goroutine 187 [running]:`, `goroutine 1 gp=0xc000002380 m=0 mp=0x1f4a2e0 [running]:` */
function isGoroutineHeader(line: string): boolean {
  return line.startsWith('goroutine ') && isDigit(line.charCodeAt(10)) && line.endsWith(']:') && line.includes(' [');
}

/**
 * A frame's function line with its argument list, as in panics and goroutine dumps:
 * `main.main()`, `panic({0x1766b40?, 0x2a4e5b0?})`, `pkg.(*T).M(0xc0003a8f00, {0x1c0e7a8, ...})`.
 */
function isFrameCall(line: string): boolean {
  if (!line.endsWith(')')) return false;
  // Find the '(' that opens the final argument list by matching brackets from the end.
  let depth = 0;
  let open = -1;
  for (let i = line.length - 1; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (c === 41 /* ) */ || c === 125 /* } */) depth++;
    else if (c === 40 /* ( */ || c === 123 /* { */) {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open <= 0 || line.charCodeAt(open) !== 40) return false;
  return isFunctionPath(line, open) && (line.lastIndexOf('.', open) !== -1 || line.startsWith('panic('));
}

/**
 * A frame's function line without arguments, as zap prints stack traces:
 * `sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler`.
 */
export function isFrameFunction(line: string): boolean {
  return isFunctionPath(line, line.length) && line.includes('.') && line.includes('/');
}

function isFunctionPath(line: string, end: number): boolean {
  if (end === 0) return false;
  const first = line.charCodeAt(0);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) return false;
  for (let i = 0; i < end; i++) if (!isPathChar(line.charCodeAt(i))) return false;
  return true;
}

/** A line that starts a Go crash block: `panic: `, `fatal error: `, a fatal signal, or a bare goroutine dump. */
export function isCrashStart(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 112 /* p */) return line.startsWith('panic: ');
  if (c === 102 /* f */) return line.startsWith('fatal error: ');
  if (c === 83 /* S */) return isSignalLine(line);
  if (c === 103 /* g */) return isGoroutineHeader(line);
  return false;
}

/** `SIGSEGV: segmentation violation`, `SIGQUIT: quit` — the first line of a fatal-signal dump. */
function isSignalLine(line: string): boolean {
  if (!line.startsWith('SIG')) return false;
  let i = 3;
  while (i < line.length && line.charCodeAt(i) >= 65 && line.charCodeAt(i) <= 90) i++;
  return i > 3 && line.charCodeAt(i) === 58 /* : */ && line.charCodeAt(i + 1) === 32;
}

/** A line that continues an open crash block (formats.md §4.1 grouping rule). */
export function isCrashContinuation(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  if (c === 9 /* TAB */) return true;
  if (c === 91 /* [ */) return line.startsWith('[signal ');
  if (c === 103 /* g */ && isGoroutineHeader(line)) return true;
  if (c === 99 /* c */ && line.startsWith('created by ')) return true;
  if (c === 46 /* . */) return line === '...additional frames elided...';
  if (c === 114 /* r */ && (line === 'runtime stack:' || line.startsWith('runtime: '))) return true;
  if (c === 80 /* P */ && line.startsWith('PC=0x')) return true;
  if (c === 115 /* s */ && line.startsWith('signal arrived during')) return true;
  return isFrameCall(line);
}

/** Lines shaped like part of a stack trace, which belong to whatever entry precedes them. */
export function isStackLine(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 103 /* g */ && isGoroutineHeader(line)) return true;
  if (c === 99 /* c */ && line.startsWith('created by ')) return true;
  if (c === 46 /* . */) return line === '...additional frames elided...';
  return isFrameCall(line);
}
